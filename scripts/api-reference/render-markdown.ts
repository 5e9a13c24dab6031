import type { ApiReference, ApiRpc } from './read-api.ts';

// docs/api/reference.md: the same content as reference.json, for people reading the repository.

const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

function signature(rpc: ApiRpc): string {
  const args = rpc.args.map((a) => `${a.name} ${a.type}${a.default === null ? '' : ` = ${a.default}`}`);
  return `${rpc.name}(${args.join(', ')})`;
}

function renderRpc(rpc: ApiRpc): string[] {
  const lines = [`### \`${rpc.name}\``, '', `\`POST /rest/v1/rpc/${rpc.name}\` — \`${signature(rpc)}\``, ''];
  lines.push(rpc.description, '');
  lines.push(`- **Returns:** \`${rpc.returns}\``);
  lines.push(
    `- **Who may call:** ${rpc.callers.length === 0 ? 'nobody (service only)' : rpc.callers.join(', ')}`,
  );
  lines.push(`- **Runs as:** ${rpc.security === 'definer' ? 'its owner (security definer)' : 'the caller'}`);
  if (rpc.args.length > 0) {
    lines.push('', '| argument | type | default |', '|---|---|---|');
    for (const a of rpc.args)
      lines.push(
        `| \`${a.name}\` | \`${a.type}\` | ${a.default === null ? '—' : `\`${cell(a.default)}\``} |`,
      );
  }
  lines.push('');
  if (rpc.errors === null) lines.push('Errors: not documented (an operator RPC, not client API).');
  else if (rpc.errors.length === 0) lines.push('Errors: none of its own.');
  else {
    lines.push('| HTTP | errcode | code |', '|---|---|---|');
    for (const e of rpc.errors) lines.push(`| ${e.status} | \`${e.errcode}\` | \`${e.code}\` |`);
  }
  lines.push('');
  return lines;
}

export function renderMarkdown(api: ApiReference): string {
  const lines = [
    '# Breath Master API reference',
    '',
    '<!-- Generated from the migrated database by scripts/api-reference/generate.ts; do not edit by hand. -->',
    '',
    `API version **${api.api_version}**; the oldest sync client served is **${api.min_client_version}** (\`api_version()\`).`,
    '',
    'Every RPC is `POST /rest/v1/rpc/<name>` with a JSON object of named arguments (supabase-js: `rpc(name, args)`).',
    'An error answers `{ code: "PTnnn", message: "<stable code>", details, hint }` with HTTP status nnn.',
    'Clients name themselves in `x-client-info` as `breath-master-sync/<semver>`; a named version older than',
    'the minimum gets `client_outdated` (426, `hint` holds the minimum) from every call that needs a device.',
    'A request that names no version is served. Errors outside these lists (a role without EXECUTE, `42501`)',
    "are PostgREST's own.",
    '',
    '## RPCs',
    '',
    '| function | who may call | errors |',
    '|---|---|---|',
    ...api.rpcs.map(
      (r) =>
        `| [\`${r.name}\`](#${r.name}) | ${r.callers.join(', ') || '—'} | ${r.errors?.map((e) => `\`${e.code}\``).join(', ') || '—'} |`,
    ),
    '',
    ...api.rpcs.flatMap(renderRpc),
    '## Realtime topics',
    '',
    'All topics are private channels (`config: { private: true }`), and only the database sends on them.',
    '',
    '| topic | who may join | event | payload | sent |',
    '|---|---|---|---|---|',
    ...api.topics.map(
      (t) => `| \`${t.topic}\` | ${cell(t.who)} | \`${t.event}\` | ${cell(t.payload)} | ${cell(t.sent)} |`,
    ),
    '',
  ];
  return lines.join('\n');
}
