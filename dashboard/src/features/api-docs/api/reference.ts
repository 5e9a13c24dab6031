import kept from '../../../../../docs/api/reference.json';

// The API reference generated from the database (docs/api/reference.json, kept fresh by a test in
// supabase/db-tests), bundled at build time into this route's chunk: no request, works offline.

export interface ApiError {
  readonly code: string;
  readonly errcode: string;
  readonly status: number;
}
export interface ApiArgument {
  readonly name: string;
  readonly type: string;
  readonly default: string | null;
}
export interface ApiRpc {
  readonly name: string;
  readonly description: string;
  readonly args: readonly ApiArgument[];
  readonly returns: string;
  readonly callers: readonly string[];
  readonly security: string;
  /** null for operator RPCs, whose errors the reference does not document. */
  readonly errors: readonly ApiError[] | null;
}
export interface ApiTopic {
  readonly topic: string;
  readonly who: string;
  readonly event: string;
  readonly payload: string;
  readonly sent: string;
}
export interface ApiReference {
  readonly api_version: string;
  readonly min_client_version: string;
  readonly rpcs: readonly ApiRpc[];
  readonly topics: readonly ApiTopic[];
}

export const reference: ApiReference = kept;

/** RPCs a client may call (anon or authenticated), then the operator ones (service_role only). */
export function splitByAudience(rpcs: readonly ApiRpc[]): { client: ApiRpc[]; operator: ApiRpc[] } {
  const isClient = (r: ApiRpc) => r.callers.includes('anon') || r.callers.includes('authenticated');
  return { client: rpcs.filter(isClient), operator: rpcs.filter((r) => !isClient(r)) };
}

/** `name(arg type = default, …)` as the reference prints it. */
export function signature(rpc: ApiRpc): string {
  const args = rpc.args.map((a) => `${a.name} ${a.type}${a.default === null ? '' : ` = ${a.default}`}`);
  return `${rpc.name}(${args.join(', ')})`;
}
