import { describe, expect, it } from 'vitest';
import { roundOrder } from './throughput.ts';

describe('throughput rounds', () => {
  it('alternates which stack goes first, so drift on a shared machine hits both alike', () => {
    expect([0, 1, 2, 3].map((r) => roundOrder(['old', 'new'], r).join(' '))).toEqual([
      'old new',
      'new old',
      'old new',
      'new old',
    ]);
  });
});
