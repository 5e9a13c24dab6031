import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '../../../shared/ui/button.tsx';
import { Card } from '../../../shared/ui/card.tsx';
import { Stat } from '../../../shared/ui/stat.tsx';
import { Loading } from '../../../shared/ui/state-message.tsx';
import {
  dailyActivityQueryOptions,
  overviewQueryOptions,
  realtimeStatsQueryOptions,
} from '../api/admin-queries.ts';
import type { AdminOverview } from '../api/admin-types.ts';
import { ActivityChart } from './activity-chart.tsx';
import { adminErrorText } from './admin-error-text.ts';
import { PlayerTools } from './player-tools.tsx';
import { PushCounts } from './push-counts.tsx';

const WINDOWS = [30, 90] as const;

function Failure({ error }: { error: unknown }) {
  return (
    <p role="alert" className="text-sm text-rose-200">
      {adminErrorText(error)}
    </p>
  );
}

function Distribution({
  label,
  columns,
  rows,
}: {
  label: string;
  columns: readonly [string, string];
  rows: readonly { key: number; count: number }[];
}) {
  return (
    <table className="w-full text-left text-sm tabular-nums">
      <caption className="mb-2 text-left text-xs uppercase tracking-wide text-slate-400">{label}</caption>
      <thead className="text-xs text-slate-400">
        <tr>
          <th scope="col" className="py-1.5 pr-4 font-normal">
            {columns[0]}
          </th>
          <th scope="col" className="py-1.5 font-normal">
            {columns[1]}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} className="border-t border-line">
            <th scope="row" className="py-1.5 pr-4 font-normal text-slate-300">
              {r.key}
            </th>
            <td className="py-1.5 text-slate-100">{r.count}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Overview({ data }: { data: AdminOverview }) {
  return (
    <>
      <Card title="Players">
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3">
          <Stat label="Players" value={data.players} />
          <Stat label="Devices" value={data.devices} />
          <Stat label="On public boards" value={data.on_public_boards} />
          <Stat label="Hidden by player" value={data.hidden_by_player} />
          <Stat label="Hidden by operator" value={data.hidden_by_operator} />
        </dl>
        <div className="mt-4">
          <Distribution
            label="Players by number of devices"
            columns={['Devices', 'Players']}
            rows={data.devices_per_player.map((d) => ({ key: d.devices, count: d.players }))}
          />
        </div>
      </Card>
      <Card title="Teams">
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3">
          <Stat label="Teams" value={data.teams.count} />
          <Stat label="Memberships" value={data.teams.members} />
          <Stat label="Goals active" value={data.teams.goals.active} />
          <Stat label="Goals reached" value={data.teams.goals.reached} />
          <Stat label="Goals missed" value={data.teams.goals.missed} />
          <Stat
            label="Goal metrics"
            value={`${data.teams.goals.minutes} / ${data.teams.goals.cycles}`}
            hint="minutes / cycles"
          />
        </dl>
        <div className="mt-4">
          <Distribution
            label="Teams by number of members"
            columns={['Members', 'Teams']}
            rows={data.teams.sizes.map((s) => ({ key: s.members, count: s.teams }))}
          />
        </div>
      </Card>
    </>
  );
}

function Realtime({ adminKey }: { adminKey: string }) {
  const stats = useQuery(realtimeStatsQueryOptions(adminKey));
  if (stats.isPending) return <Loading />;
  if (stats.error) return <Failure error={stats.error} />;
  if (stats.data === null) return <p className="text-sm text-slate-400">Not reported by this backend.</p>;
  const s = stats.data;
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
      <Stat label="Connections" value={s.users} hint={`of ${s.limits.maxConcurrentUsers ?? '?'} allowed`} />
      <Stat label="Sockets" value={s.sockets} />
      <Stat label="Channels" value={s.channels} />
      <Stat
        label="Messages/s"
        value={Math.round(s.eventsPerSecond)}
        hint={s.triggered.events ? 'over the limit now' : `limit ${s.limits.maxEventsPerSecond ?? '?'}`}
      />
    </dl>
  );
}

/** The operator's figures and actions, for a key already checked by the form. */
export function AdminView({ adminKey, onForget }: { adminKey: string; onForget: () => void }) {
  const [days, setDays] = useState<(typeof WINDOWS)[number]>(30);
  const overview = useQuery(overviewQueryOptions(adminKey));
  const activity = useQuery(dailyActivityQueryOptions(adminKey, days));

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-xl font-semibold text-slate-50">Operator view</h1>
        <Button variant="ghost" onClick={onForget}>
          Forget the key
        </Button>
      </div>
      {overview.isPending ? <Loading /> : null}
      {overview.error ? <Failure error={overview.error} /> : null}
      {overview.data ? <Overview data={overview.data} /> : null}
      <Card
        title="Players active per day"
        action={
          <fieldset className="flex gap-1">
            <legend className="sr-only">Period</legend>
            {WINDOWS.map((w) => (
              <Button
                key={w}
                variant={w === days ? 'secondary' : 'ghost'}
                aria-pressed={w === days}
                onClick={() => setDays(w)}
              >
                {w} days
              </Button>
            ))}
          </fieldset>
        }
      >
        {activity.isPending ? <Loading /> : null}
        {activity.error ? <Failure error={activity.error} /> : null}
        {activity.data ? <ActivityChart days={activity.data} /> : null}
      </Card>
      <Card title="Pushes accepted and refused">
        {activity.data ? <PushCounts days={activity.data} /> : null}
      </Card>
      <Card title="Realtime connections">
        <Realtime adminKey={adminKey} />
      </Card>
      <Card title="Find a player">
        <PlayerTools adminKey={adminKey} />
      </Card>
    </div>
  );
}
