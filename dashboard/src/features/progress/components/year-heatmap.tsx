import type { DayCounters } from '@breath-master/sync';
import { useLayoutEffect, useRef } from 'react';

// A year of days as a GitHub-style grid: columns are weeks (Monday first), darker = more breathing.

function shade(seconds: number): string {
  if (seconds <= 0) return 'bg-white/5';
  if (seconds < 60) return 'bg-calm/20';
  if (seconds < 300) return 'bg-calm/45';
  if (seconds < 900) return 'bg-calm/70';
  return 'bg-calm';
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

export function YearHeatmap({ daily, today }: { daily: readonly DayCounters[]; today: string }) {
  const byDay = new Map(daily.map((d) => [d.day, d]));
  const end = new Date(`${today}T00:00:00Z`);
  const start = new Date(end);
  start.setUTCDate(start.getUTCDate() - 364 - ((end.getUTCDay() + 6) % 7));
  const weeks: Date[][] = [];
  for (const d = new Date(start); d <= end; d.setUTCDate(d.getUTCDate() + 1)) {
    if ((d.getUTCDay() + 6) % 7 === 0 || weeks.length === 0) weeks.push([]);
    weeks[weeks.length - 1]?.push(new Date(d));
  }
  const active = daily.filter((d) => d.seconds >= 60).length;
  const scroller = useRef<HTMLDivElement>(null);
  // On narrow screens the year scrolls; open it at the recent weeks, which matter most.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el) el.scrollLeft = el.scrollWidth;
  }, []);
  return (
    <figure>
      <div
        ref={scroller}
        className="overflow-x-auto pb-2"
        role="img"
        aria-label={`Activity calendar: ${active} active days in the last year`}
      >
        <div className="flex gap-[3px]">
          {weeks.map((week) => (
            <div key={iso(week[0] as Date)} className="flex flex-col gap-[3px]">
              {week.map((day) => {
                const counters = byDay.get(iso(day));
                return (
                  <span
                    key={iso(day)}
                    data-day={iso(day)}
                    title={`${iso(day)}: ${counters ? `${Math.round(counters.seconds / 60)} min, ${counters.xp} XP` : 'no breathing'}`}
                    className={`block size-[11px] rounded-[3px] ${shade(counters?.seconds ?? 0)}`}
                  />
                );
              })}
            </div>
          ))}
        </div>
      </div>
      <figcaption className="mt-2 flex items-center gap-2 text-xs text-slate-400">
        Less
        {[0, 30, 120, 600, 1200].map((s) => (
          <span key={s} className={`block size-[11px] rounded-[3px] ${shade(s)}`} aria-hidden="true" />
        ))}
        More
      </figcaption>
    </figure>
  );
}
