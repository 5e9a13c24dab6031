import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { AdminDay } from '../api/admin-types.ts';

export function ActivityChart({ days }: { days: readonly AdminDay[] }) {
  const data = days.map((d) => ({ day: d.day.slice(5), players: d.active_players }));
  const peak = Math.max(0, ...days.map((d) => d.active_players));
  return (
    <div
      className="h-56 w-full"
      role="img"
      aria-label={`Players active per day over the last ${days.length} days, at most ${peak} on one day`}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid stroke="#24314f" vertical={false} />
          <XAxis
            dataKey="day"
            tick={{ fill: '#94a3b8', fontSize: 11 }}
            interval="preserveStartEnd"
            tickLine={false}
            axisLine={false}
          />
          <YAxis
            allowDecimals={false}
            tick={{ fill: '#94a3b8', fontSize: 11 }}
            tickLine={false}
            axisLine={false}
          />
          <Tooltip
            cursor={{ fill: 'rgb(94 234 212 / 0.08)' }}
            contentStyle={{
              background: '#16213a',
              border: '1px solid #24314f',
              borderRadius: 12,
              color: '#e2e8f0',
            }}
          />
          <Bar dataKey="players" name="Active players" fill="#5eead4" radius={[4, 4, 0, 0]} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
