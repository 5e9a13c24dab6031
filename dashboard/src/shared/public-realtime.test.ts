import { describe, expect, it } from 'vitest';
import { env } from './env.ts';
import { publicRealtime } from './public-realtime.ts';

describe('the public realtime client', () => {
  it('opens the same socket supabase-js would, on the anon key, without connecting yet', async () => {
    const client = await publicRealtime();
    const url = new URL(client.endpointURL());
    const api = new URL(env().supabaseUrl);
    expect(url.protocol).toBe(api.protocol.replace('http', 'ws'));
    expect(url.host).toBe(api.host);
    expect(url.pathname).toBe('/realtime/v1/websocket');
    expect(url.searchParams.get('apikey')).toBe(env().supabaseAnonKey);
    expect(client.isConnected()).toBe(false);
  });

  it('carries the anon key as the access token private joins need', async () => {
    const client = await publicRealtime();
    expect(client.accessTokenValue).toBe(env().supabaseAnonKey);
  });

  it('is one client per tab', async () => {
    expect(await publicRealtime()).toBe(await publicRealtime());
  });
});
