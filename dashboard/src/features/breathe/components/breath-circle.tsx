import type { BreathPosition } from '../../../shared/game.ts';

const MIN_SCALE = 0.55;

/**
 * The calm circle: at each phase it is given the size it must reach at the phase's end and the
 * time left to get there, so the browser animates it smoothly (no per-frame React work).
 * With reduced motion it stays still and the text carries the guidance.
 */
export function BreathCircle({
  position,
  reducedMotion,
}: {
  position: BreathPosition | null;
  reducedMotion: boolean;
}) {
  let target = MIN_SCALE + (1 - MIN_SCALE) * 0.35;
  let duration = 600;
  if (position && !reducedMotion) {
    const end = position.phase.kind === 'inhale' || position.phase.kind === 'hold' ? 1 : 0;
    target = MIN_SCALE + (1 - MIN_SCALE) * end;
    duration = position.phaseRemainingMs;
  }
  const kind = position?.phase.kind ?? 'rest';
  const glow =
    kind === 'inhale' || kind === 'hold'
      ? 'from-calm/70 to-dusk-strong/60'
      : 'from-dusk-strong/60 to-calm/40';
  return (
    <div
      className="relative mx-auto grid aspect-square w-full max-w-[22rem] place-items-center"
      aria-hidden="true"
    >
      <div className="absolute inset-0 rounded-full border border-calm/20" />
      <div className="absolute inset-[12%] rounded-full border border-dusk/15" />
      <div
        data-testid="breath-circle"
        className={`size-full rounded-full bg-gradient-to-br ${glow} shadow-[0_0_80px_-10px_rgb(94_234_212/0.45)]`}
        style={{
          transform: `scale(${target.toFixed(3)})`,
          transitionProperty: 'transform, background-color',
          transitionDuration: `${Math.round(duration)}ms`,
          transitionTimingFunction: 'cubic-bezier(0.37, 0, 0.63, 1)',
        }}
      />
    </div>
  );
}
