import { describe, expect, it, vi } from 'vitest';
import { lazyRetrying } from './lazy-retrying.ts';

describe('lazyRetrying', () => {
  it('starts once on first use and shares the value', async () => {
    const start = vi.fn(async () => ({ id: 1 }));
    const lazy = lazyRetrying(start);
    expect(lazy.peek()).toBeUndefined();
    expect(start).not.toHaveBeenCalled();
    const [a, b] = await Promise.all([lazy.get(), lazy.get()]);
    expect(a).toBe(b);
    expect(await lazy.peek()).toBe(a);
    expect(start).toHaveBeenCalledTimes(1);
  });

  it('forgets a failed start, so the next use starts again', async () => {
    const start = vi
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(new Error('offline'))
      .mockResolvedValue('ok');
    const lazy = lazyRetrying(start);
    await expect(lazy.get()).rejects.toThrow('offline');
    expect(lazy.peek()).toBeUndefined();
    expect(await lazy.get()).toBe('ok');
    expect(start).toHaveBeenCalledTimes(2);
  });
});
