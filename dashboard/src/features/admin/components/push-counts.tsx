import type { AdminDay } from '../api/admin-types.ts';

/** Pushes accepted and refused per day by refusal code; days without any push are left out. */
export function PushCounts({ days }: { days: readonly AdminDay[] }) {
  const codes = [...new Set(days.flatMap((d) => Object.keys(d.refused)))].sort();
  const shown = days.filter((d) => d.accepted > 0 || Object.keys(d.refused).length > 0).reverse();
  if (shown.length === 0)
    return <p className="text-sm text-slate-400">No push counted in this period yet.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm tabular-nums">
        <caption className="sr-only">Pushes accepted and refused per day</caption>
        <thead className="text-xs uppercase tracking-wide text-slate-400">
          <tr>
            <th scope="col" className="py-2 pr-4">
              Day (UTC)
            </th>
            <th scope="col" className="py-2 pr-4">
              Accepted
            </th>
            {codes.map((code) => (
              <th key={code} scope="col" className="py-2 pr-4">
                {code}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((d) => (
            <tr key={d.day} className="border-t border-line">
              <th scope="row" className="py-2 pr-4 font-normal text-slate-300">
                {d.day}
              </th>
              <td className="py-2 pr-4 text-slate-100">{d.accepted}</td>
              {codes.map((code) => (
                <td key={code} className="py-2 pr-4 text-rose-200">
                  {d.refused[code] ?? 0}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
