// pg_cron's schedule syntax: either an interval '[1-59] seconds' (also '1 second'), or a cron entry of
// five fields — minute, hour, day of month (or `$`, the last day), month, day of week — with `*`, lists,
// ranges, steps and English names, or one of the `@` shorthands. Times are UTC (pg_cron's default
// `cron.timezone` is GMT). Day of month and day of week combine as in Vixie cron, which pg_cron embeds:
// when both are restricted a day matching either runs; when one is `*` both must match.

export type Schedule =
  | { kind: 'interval'; seconds: number }
  | { kind: 'reboot' }
  | {
      kind: 'cron';
      minutes: readonly boolean[];
      hours: readonly boolean[];
      days: readonly boolean[];
      months: readonly boolean[];
      weekdays: readonly boolean[];
      /** `$` in the day-of-month field. */
      lastDayOfMonth: boolean;
      dayOfMonthStar: boolean;
      dayOfWeekStar: boolean;
    };

export type ParsedSchedule = { ok: true; schedule: Schedule } | { ok: false; reason: string };

const SHORTHANDS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
  /** First value a name stands for (months are 1-based). */
  nameBase?: number;
}

const FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTH_NAMES, nameBase: 1 },
  // 7 is Sunday too, as in cron; folded onto 0 below.
  { name: 'day of week', min: 0, max: 7, names: DAY_NAMES, nameBase: 0 },
];

const INTERVAL = /^\s*(\d+)\s*seconds?\s*$/i;

export function parseSchedule(text: string): ParsedSchedule {
  const interval = INTERVAL.exec(text);
  if (interval !== null) {
    const seconds = Number(interval[1]);
    if (seconds < 1 || seconds > 59)
      return { ok: false, reason: `an interval must be 1 to 59 seconds, not ${seconds}` };
    return { ok: true, schedule: { kind: 'interval', seconds } };
  }
  const trimmed = text.trim().toLowerCase();
  if (trimmed === '@reboot' || trimmed === '@restart') return { ok: true, schedule: { kind: 'reboot' } };
  const expanded = SHORTHANDS[trimmed] ?? trimmed;
  if (expanded.startsWith('@')) return { ok: false, reason: `unknown shorthand ${trimmed}` };
  const parts = expanded.split(/\s+/);
  if (parts.length !== 5) {
    return {
      ok: false,
      reason: `expected five fields (minute hour day-of-month month day-of-week) or 'N seconds', got ${parts.length}`,
    };
  }
  const sets: boolean[][] = [];
  let lastDayOfMonth = false;
  for (const [index, spec] of FIELDS.entries()) {
    let part = parts[index] as string;
    if (index === 2 && part.includes('$')) {
      // `$` stands alone in pg_cron ('0 12 $ * *'); a list may still add other days.
      const items = part.split(',');
      if (!items.includes('$')) return { ok: false, reason: `bad day of month: ${part}` };
      lastDayOfMonth = true;
      part = items.filter((item) => item !== '$').join(',');
      if (part === '') {
        sets.push(new Array<boolean>(spec.max + 1).fill(false));
        continue;
      }
    }
    const parsed = parseField(part, spec);
    if (typeof parsed === 'string') return { ok: false, reason: parsed };
    sets.push(parsed);
  }
  const weekdays = sets[4] as boolean[];
  if (weekdays[7]) weekdays[0] = true;
  return {
    ok: true,
    schedule: {
      kind: 'cron',
      minutes: sets[0] as boolean[],
      hours: sets[1] as boolean[],
      days: sets[2] as boolean[],
      months: sets[3] as boolean[],
      weekdays: weekdays.slice(0, 7),
      lastDayOfMonth,
      dayOfMonthStar: (parts[2] as string).startsWith('*'),
      dayOfWeekStar: (parts[4] as string).startsWith('*'),
    },
  };
}

function parseField(text: string, spec: FieldSpec): boolean[] | string {
  const bits = new Array<boolean>(spec.max + 1).fill(false);
  for (const item of text.split(',')) {
    const match = /^(\*|[a-z0-9]+)(?:-([a-z0-9]+))?(?:\/(\d+))?$/.exec(item);
    if (match === null) return `bad ${spec.name}: ${item}`;
    const [, from = '', to, stepText] = match;
    let low: number;
    let high: number;
    if (from === '*') {
      if (to !== undefined) return `bad ${spec.name}: ${item}`;
      low = spec.min;
      high = spec.max === 7 ? 6 : spec.max;
    } else {
      const a = value(from, spec);
      if (a === null) return `bad ${spec.name}: ${from}`;
      low = a;
      // 'a/n' means from a to the end, as most crons read it.
      high = to === undefined ? (stepText === undefined ? a : spec.max) : (value(to, spec) ?? -1);
      if (high < 0) return `bad ${spec.name}: ${to}`;
      if (high < low) return `bad ${spec.name} range: ${item}`;
    }
    const step = stepText === undefined ? 1 : Number(stepText);
    if (step < 1 || step > spec.max) return `bad ${spec.name} step: ${item}`;
    for (let v = low; v <= high; v += step) bits[v] = true;
  }
  return bits;
}

function value(text: string, spec: FieldSpec): number | null {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n >= spec.min && n <= spec.max ? n : null;
  }
  const index = spec.names?.indexOf(text) ?? -1;
  return index < 0 ? null : index + (spec.nameBase ?? 0);
}

/** Whether a cron entry runs in the UTC minute that contains `at`. */
export function matchesMinute(schedule: Extract<Schedule, { kind: 'cron' }>, at: Date): boolean {
  if (!schedule.minutes[at.getUTCMinutes()] || !schedule.hours[at.getUTCHours()]) return false;
  if (!schedule.months[at.getUTCMonth() + 1]) return false;
  const day = at.getUTCDate();
  const lastDay = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 0)).getUTCDate();
  const dayOfMonth = schedule.days[day] === true || (schedule.lastDayOfMonth && day === lastDay);
  const dayOfWeek = schedule.weekdays[at.getUTCDay()] === true;
  return schedule.dayOfMonthStar || schedule.dayOfWeekStar
    ? dayOfMonth && dayOfWeek
    : dayOfMonth || dayOfWeek;
}
