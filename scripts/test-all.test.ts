import { describe, expect, it } from 'vitest';
import { addVitestTotals } from './test-all.ts';

describe('test summary', () => {
  it('adds up the closing lines of several Vitest runs streamed through turbo', () => {
    const totals = { passed: 0, failed: 0, skipped: 0, files: 0 };
    addVitestTotals(
      [
        '@breath-master/core:test:  Test Files  3 passed (3)',
        '@breath-master/core:test:       Tests  \u001b[32m40 passed\u001b[39m (40)',
        '@breath-master/sync:test:       Tests  2 failed | 10 passed | 1 skipped (13)',
        'unrelated line mentioning Tests 5 passed',
      ].join('\n'),
      totals,
    );
    expect(totals).toEqual({ passed: 50, failed: 2, skipped: 1, files: 2 });
  });
});
