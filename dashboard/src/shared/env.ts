// The only module that reads configuration. Build-time values come from Vite's env
// (VITE_SUPABASE_URL, VITE_SUPABASE_ANON_KEY); a built app can be pointed at another API without
// rebuilding by opening it once with `?api=<url>` (remembered in localStorage; `?api=default`
// forgets it). The defaults are the local stack of `npm start`.

const LOCAL_URL = 'http://127.0.0.1:54321';
const LOCAL_ANON_KEY =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0';
export const API_OVERRIDE_KEY = 'bm.api-url';

export interface Env {
  readonly supabaseUrl: string;
  readonly supabaseAnonKey: string;
}

export class EnvError extends Error {
  readonly code = 'invalid_env';
}

function validUrl(value: string, name: string): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new EnvError(`${name} is not a URL: ${value}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new EnvError(`${name} must be http(s): ${value}`);
  }
  return parsed.origin + parsed.pathname.replace(/\/$/, '');
}

interface EnvSources {
  readonly viteUrl?: string | undefined;
  readonly viteAnonKey?: string | undefined;
  readonly search: string;
  readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
}

export function readEnv(sources: EnvSources): Env {
  const fromQuery = new URLSearchParams(sources.search).get('api');
  if (fromQuery === 'default') sources.storage.removeItem(API_OVERRIDE_KEY);
  else if (fromQuery) sources.storage.setItem(API_OVERRIDE_KEY, validUrl(fromQuery, '?api'));
  const override = sources.storage.getItem(API_OVERRIDE_KEY);
  const supabaseUrl = validUrl(override ?? (sources.viteUrl || LOCAL_URL), 'VITE_SUPABASE_URL');
  const supabaseAnonKey = sources.viteAnonKey || LOCAL_ANON_KEY;
  if (supabaseAnonKey.split('.').length !== 3) throw new EnvError('VITE_SUPABASE_ANON_KEY is not a JWT');
  return { supabaseUrl, supabaseAnonKey };
}

let current: Env | undefined;

export function env(): Env {
  current ??= readEnv({
    viteUrl: import.meta.env.VITE_SUPABASE_URL,
    viteAnonKey: import.meta.env.VITE_SUPABASE_ANON_KEY,
    search: globalThis.location?.search ?? '',
    storage: globalThis.localStorage,
  });
  return current;
}
