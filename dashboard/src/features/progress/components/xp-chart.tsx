import type { DayCounters } from '@breath-master/sync';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

// Loaded lazily (Recharts is the largest dependency): only /me pays for it.

function lastDays(
  daily: readonly DayCounters[],
  today: string,
  count: number,
): { day: string; xp: number }[] {
  const byDay = new Map(daily.map((d) => [d.day, d.xp]));
  const out: { day: string; xp: number }[] = [];
  const end = new Date(`${today}T00:00:00Z`);
  for (let i = count - 1; i >= 0; i -= 1) {
    const d = new Date(end);
    d.setUTCDate(d.getUTCDate() - i);
    const day = d.toISOString().slice(0, 10);
    out.push({ day: day.slice(5), xp: byDay.get(day) ?? 0 });
  }
  return out;
}

export default function XpChart({ daily, today }: { daily: readonly DayCounters[]; today: string }) {
  const data = lastDays(daily, today, 30);
  return (
    <div
      className="h-56 w-full"
      role="img"
      aria-label={`XP per day over the last 30 days, ${data.reduce((s, d) => s + d.xp, 0)} XP in all`}
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
          <Bar dataKey="xp" name="XP" fill="#5eead4" radius={[4, 4, 0, 0]} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
