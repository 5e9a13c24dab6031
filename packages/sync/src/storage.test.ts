import { describe, expect, it } from 'vitest';
import { memoryStorage, webStorageAdapter } from './storage.ts';

describe('storage adapters', () => {
  it('memory storage round-trips and forgets', async () => {
    const s = memoryStorage();
    await s.setItem('k', 'v');
    expect(await s.getItem('k')).toBe('v');
    await s.removeItem('k');
    expect(await s.getItem('k')).toBeNull();
  });

  it('wraps a synchronous web storage', async () => {
    const map = new Map<string, string>();
    const web = webStorageAdapter({
      getItem: (k) => map.get(k) ?? null,
      setItem: (k, v) => void map.set(k, v),
      removeItem: (k) => void map.delete(k),
    });
    await web.setItem('a', '1');
    expect(map.get('a')).toBe('1');
    expect(await web.getItem('a')).toBe('1');
    await web.removeItem('a');
    expect(await web.getItem('a')).toBeNull();
  });
});
