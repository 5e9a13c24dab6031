import { describe, expect, it } from 'vitest';
import { API_OVERRIDE_KEY, EnvError, readEnv } from './env.ts';

describe('readEnv', () => {
  it('defaults to the local stack', () => {
    const env = readEnv({ search: '', storage: localStorage });
    expect(env.supabaseUrl).toBe('http://127.0.0.1:54321');
    expect(env.supabaseAnonKey.split('.')).toHaveLength(3);
  });

  it('remembers ?api= and forgets it with ?api=default', () => {
    expect(readEnv({ search: '?api=http://127.0.0.1:6000/', storage: localStorage }).supabaseUrl).toBe(
      'http://127.0.0.1:6000',
    );
    expect(localStorage.getItem(API_OVERRIDE_KEY)).toBe('http://127.0.0.1:6000');
    expect(readEnv({ search: '', storage: localStorage }).supabaseUrl).toBe('http://127.0.0.1:6000');
    expect(readEnv({ search: '?api=default', storage: localStorage }).supabaseUrl).toBe(
      'http://127.0.0.1:54321',
    );
  });

  it('refuses a URL that is not http(s) and changes nothing', () => {
    expect(() => readEnv({ search: '?api=javascript:alert(1)', storage: localStorage })).toThrow(EnvError);
    expect(localStorage.getItem(API_OVERRIDE_KEY)).toBeNull();
  });
});
