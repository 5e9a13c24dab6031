import type { SessionView } from '@breath-master/core';

const MIN_SCALE = 0.55;
const IDLE_SCALE = 0.72;

/**
 * The calm circle: at each phase it is given the size it must reach at the phase's end and the
 * time left to get there, so the browser animates it smoothly (no per-frame React work).
 * With reduced motion it stays still and the text carries the guidance.
 */
export function BreathCircle({ view, reducedMotion }: { view: SessionView | null; reducedMotion: boolean }) {
  let target = IDLE_SCALE;
  let duration = 600;
  const kind = view?.phase.kind ?? 'rest';
  if (view && view.status === 'running' && !reducedMotion) {
    target = kind === 'inhale' || kind === 'hold' ? 1 : MIN_SCALE;
    duration = view.msLeftInPhase;
  }
  const glow =
    kind === 'inhale' || kind === 'hold'
      ? 'from-calm/80 to-dusk-strong/60'
      : 'from-dusk-strong/70 to-calm/50';
  return (
    <div
      className="relative mx-auto grid aspect-square w-full max-w-[22rem] place-items-center"
      aria-hidden="true"
    >
      <div className="absolute inset-0 rounded-full border border-calm/20" />
      <div className="absolute inset-[12%] rounded-full border border-dusk/15" />
      <div
        data-testid="breath-circle"
        data-phase={view?.phase.kind ?? 'idle'}
        className={`size-full rounded-full bg-gradient-to-br ${glow} shadow-[0_0_80px_-10px_rgb(94_234_212/0.45)]`}
        style={{
          transform: `scale(${target})`,
          transitionProperty: 'transform',
          transitionDuration: `${Math.round(duration)}ms`,
          transitionTimingFunction: 'cubic-bezier(0.37, 0, 0.63, 1)',
        }}
      />
    </div>
  );
}
