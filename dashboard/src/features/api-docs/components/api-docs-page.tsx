import { useMemo, useState } from 'react';
import { Card } from '../../../shared/ui/card.tsx';
import { type ApiRpc, reference, signature, splitByAudience } from '../api/reference.ts';

const code = 'rounded bg-white/5 px-1 py-0.5 font-mono text-[0.85em] text-teal-100';
const th = 'px-2 py-1.5 text-left font-medium text-slate-300';
const td = 'px-2 py-1.5 align-top text-slate-200';

function Rpc({ rpc }: { rpc: ApiRpc }) {
  return (
    <Card
      title={
        <span id={rpc.name} className="font-mono">
          {rpc.name}
        </span>
      }
      className="scroll-mt-4"
    >
      <p className="break-words font-mono text-sm text-teal-100">{signature(rpc)}</p>
      <p className="mt-2 text-slate-300">{rpc.description}</p>
      <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-slate-400">Returns</dt>
        <dd>
          <code className={code}>{rpc.returns}</code>
        </dd>
        <dt className="text-slate-400">Who may call</dt>
        <dd className="text-slate-200">{rpc.callers.join(', ')}</dd>
      </dl>
      {rpc.args.length > 0 ? (
        <div className="mt-3 overflow-x-auto">
          <table className="w-full text-sm">
            <caption className="sr-only">Arguments of {rpc.name}</caption>
            <thead>
              <tr>
                <th className={th}>argument</th>
                <th className={th}>type</th>
                <th className={th}>default</th>
              </tr>
            </thead>
            <tbody>
              {rpc.args.map((a) => (
                <tr key={a.name} className="border-t border-line/60">
                  <td className={td}>
                    <code className={code}>{a.name}</code>
                  </td>
                  <td className={td}>{a.type}</td>
                  <td className={td}>{a.default ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <div className="mt-3 text-sm">
        {rpc.errors === null ? (
          <p className="text-slate-400">Errors: not documented (an operator RPC).</p>
        ) : rpc.errors.length === 0 ? (
          <p className="text-slate-400">Errors: none of its own.</p>
        ) : (
          <ul aria-label={`Errors of ${rpc.name}`} className="flex flex-wrap gap-2">
            {rpc.errors.map((e) => (
              <li key={e.code} className="rounded-lg border border-line px-2 py-1 text-slate-200">
                <span className="font-semibold">{e.status}</span> <code className={code}>{e.code}</code>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Card>
  );
}

export function ApiDocsPage() {
  const [filter, setFilter] = useState('');
  const { client, operator } = useMemo(() => splitByAudience(reference.rpcs), []);
  const shown = (list: ApiRpc[]) => list.filter((r) => r.name.includes(filter.trim().toLowerCase()));
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-white sm:text-3xl">API reference</h1>
        <p className="mt-1 text-slate-300">
          API version <strong>{reference.api_version}</strong>. Sync clients older than{' '}
          <strong>{reference.min_client_version}</strong> get <code className={code}>client_outdated</code>{' '}
          (HTTP 426) and are asked to update. Every RPC is{' '}
          <code className={code}>POST /rest/v1/rpc/&lt;name&gt;</code>; an error answers{' '}
          <code className={code}>{'{ code: "PTnnn", message: "<stable code>" }'}</code> with status nnn.
          Generated from the database.
        </p>
      </div>
      <label className="block max-w-sm text-sm text-slate-300">
        Filter functions
        <input
          type="search"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          placeholder="sync_progress"
          className="mt-1 min-h-11 w-full rounded-lg border border-line bg-panel-2 px-3 text-slate-100 placeholder:text-slate-500"
        />
      </label>
      <section aria-labelledby="rpcs" className="space-y-4">
        <h2 id="rpcs" className="text-xl font-semibold text-white">
          RPCs
        </h2>
        {shown(client).map((rpc) => (
          <Rpc key={rpc.name} rpc={rpc} />
        ))}
      </section>
      <Card title="Realtime topics">
        <p className="mb-3 text-sm text-slate-300">
          Private channels (<code className={code}>config: {'{ private: true }'}</code>); only the database
          sends on them.
        </p>
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <thead>
              <tr>
                <th className={th}>topic</th>
                <th className={th}>who may join</th>
                <th className={th}>event</th>
                <th className={th}>payload</th>
                <th className={th}>sent</th>
              </tr>
            </thead>
            <tbody>
              {reference.topics.map((t) => (
                <tr key={t.topic} className="border-t border-line/60">
                  <td className={td}>
                    <code className={code}>{t.topic}</code>
                  </td>
                  <td className={td}>{t.who}</td>
                  <td className={td}>
                    <code className={code}>{t.event}</code>
                  </td>
                  <td className={td}>{t.payload}</td>
                  <td className={td}>{t.sent}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
      {shown(operator).length > 0 ? (
        <section aria-labelledby="operator-rpcs" className="space-y-4">
          <h2 id="operator-rpcs" className="text-xl font-semibold text-white">
            Operator RPCs (service role only)
          </h2>
          {shown(operator).map((rpc) => (
            <Rpc key={rpc.name} rpc={rpc} />
          ))}
        </section>
      ) : null}
    </div>
  );
}
