import { describe, expect, it } from 'vitest';
import { timeActivate } from './activate-timing.ts';

describe('timeActivate (for the benchmarks)', () => {
  it('activates against the fake host, measures it and cleans up', () => {
    const timing = timeActivate();
    expect(timing.disposables).toBeGreaterThan(12);
    expect(timing.ms).toBeGreaterThanOrEqual(0);
  });
});
