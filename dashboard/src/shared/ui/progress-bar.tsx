export function ProgressBar({
  value,
  label,
  tone = 'calm',
}: {
  value: number;
  label: string;
  tone?: 'calm' | 'dusk';
}) {
  const pct = Math.round(Math.max(0, Math.min(1, value)) * 100);
  const fill = tone === 'calm' ? 'from-calm-strong to-calm' : 'from-dusk-strong to-dusk';
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct}
      className="h-3 w-full overflow-hidden rounded-full bg-white/10"
    >
      <div
        className={`h-full rounded-full bg-gradient-to-r ${fill} transition-[width] duration-700 ease-out`}
        style={{ width: `${pct}%` }}
      />
    </div>
  );
}
