import { useEffect, useRef } from 'react';
import { patternById, patterns } from '../../../shared/game.ts';
import { Button } from '../../../shared/ui/button.tsx';
import { Card } from '../../../shared/ui/card.tsx';
import { BreathCircle } from './breath-circle.tsx';
import { useBreatheSettings } from './breathe-settings.ts';
import { LocalTotals } from './local-totals.tsx';
import { phaseWords } from './phase-words.ts';
import { playPhaseTone } from './tone.ts';
import { useBreathSession } from './use-breath-session.ts';
import { useReducedMotion } from './use-reduced-motion.ts';

const lengths: readonly (number | null)[] = [1, 3, 5, 10, null];

export function BreathePage() {
  const settings = useBreatheSettings();
  const pattern = patternById(settings.patternId) ?? patterns[0];
  const { session, position, summary, start, pause, resume, stop } = useBreathSession();
  const reducedMotion = useReducedMotion();
  const running = session !== null;

  const lastPhase = useRef<string | null>(null);
  const phaseKey = position ? `${position.cyclesDone}:${position.phaseIndex}` : null;
  useEffect(() => {
    if (
      phaseKey &&
      phaseKey !== lastPhase.current &&
      position &&
      settings.sound &&
      session?.status === 'running'
    ) {
      playPhaseTone(position.phase.kind);
    }
    lastPhase.current = phaseKey;
  }, [phaseKey, position, settings.sound, session?.status]);

  if (!pattern) return null;
  const secondsLeft = position ? Math.ceil(position.phaseRemainingMs / 1000) : null;

  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
      <section
        aria-labelledby="breathe-title"
        className="rounded-3xl border border-line bg-panel/60 px-4 py-8 sm:px-8"
      >
        <h1 id="breathe-title" className="text-center text-2xl font-semibold tracking-tight text-white">
          {running ? pattern.name : 'Take a breathing break'}
        </h1>
        <div className="relative mt-6">
          <BreathCircle
            position={session?.status === 'running' ? position : null}
            reducedMotion={reducedMotion}
          />
          <div className="pointer-events-none absolute inset-0 grid place-items-center text-center">
            <div>
              <p
                aria-live="assertive"
                aria-atomic="true"
                className="text-2xl font-semibold text-ink sm:text-3xl"
                data-testid="phase"
              >
                {session?.status === 'paused'
                  ? 'Paused'
                  : position
                    ? phaseWords[position.phase.kind]
                    : 'Ready'}
              </p>
              {secondsLeft !== null && session?.status === 'running' ? (
                <p className="mt-1 text-lg font-medium tabular-nums text-ink/80" aria-hidden="true">
                  {secondsLeft}
                </p>
              ) : null}
            </div>
          </div>
        </div>
        <p className="mt-4 text-center text-sm text-slate-300" aria-live="polite" data-testid="cycles">
          {position
            ? `${position.cyclesDone} ${position.cyclesDone === 1 ? 'cycle' : 'cycles'} completed`
            : pattern.purpose}
        </p>
        <div className="mt-6 flex flex-wrap justify-center gap-3">
          {!running ? (
            <Button onClick={() => start(pattern, settings.lengthMinutes)} className="min-w-36">
              Start
            </Button>
          ) : (
            <>
              {session.status === 'running' ? (
                <Button variant="secondary" onClick={pause}>
                  Pause
                </Button>
              ) : (
                <Button variant="secondary" onClick={resume}>
                  Resume
                </Button>
              )}
              <Button variant="danger" onClick={stop}>
                Finish
              </Button>
            </>
          )}
        </div>
        {summary && !running ? (
          <p
            role="status"
            className="mx-auto mt-6 max-w-md rounded-xl bg-calm/10 px-4 py-3 text-center text-sm text-slate-100"
            data-testid="summary"
          >
            Well done: {summary.cycles} {summary.cycles === 1 ? 'cycle' : 'cycles'}, {summary.seconds} s,{' '}
            <strong className="text-calm">+{summary.xp} XP</strong>
          </p>
        ) : null}
      </section>

      <div className="space-y-6">
        <Card title="Session">
          <fieldset disabled={running} className="space-y-4">
            <label className="block text-sm text-slate-300">
              Pattern
              <select
                value={pattern.id}
                onChange={(e) => settings.setPattern(e.target.value)}
                className="mt-1 block min-h-11 w-full rounded-lg border border-line bg-panel-2 px-3 text-slate-100"
              >
                {patterns.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name} · {p.phases.map((ph) => ph.seconds).join('-')}
                  </option>
                ))}
              </select>
            </label>
            <fieldset>
              <legend className="text-sm text-slate-300">Length</legend>
              <div className="mt-1 flex flex-wrap gap-2">
                {lengths.map((length) => (
                  <label key={length ?? 'open'} className="cursor-pointer">
                    <input
                      type="radio"
                      name="length"
                      className="peer sr-only"
                      checked={settings.lengthMinutes === length}
                      onChange={() => settings.setLength(length)}
                    />
                    <span className="inline-flex min-h-10 items-center rounded-lg border border-line px-3 text-sm text-slate-300 peer-checked:border-calm peer-checked:bg-calm/15 peer-checked:text-white peer-focus-visible:outline-2 peer-focus-visible:outline-calm">
                      {length === null ? 'Until I stop' : `${length} min`}
                    </span>
                  </label>
                ))}
              </div>
            </fieldset>
          </fieldset>
          <label className="mt-4 flex min-h-11 items-center gap-3 text-sm text-slate-300">
            <input
              type="checkbox"
              checked={settings.sound}
              onChange={(e) => settings.setSound(e.target.checked)}
              className="size-4 accent-teal-300"
            />
            Soft tone at each phase
          </label>
        </Card>
        <Card title="Your practice here">
          <LocalTotals />
        </Card>
      </div>
    </div>
  );
}
