/**
 * This client's version, kept equal to packages/sync/package.json by version.test.ts. It is sent on every
 * request as `X-Client-Info: breath-master-sync/<version>` (supabase-js's own header, which hosted Supabase
 * and the local gateway both let through CORS and hand to SQL in `request.headers`), so the server can refuse
 * a client older than its `min_client_version` with `client_outdated` (see docs/api/reference.md).
 */
export const clientVersion = '0.1.0';

/** The token the server looks for in X-Client-Info. */
export const clientInfo = `breath-master-sync/${clientVersion}`;
