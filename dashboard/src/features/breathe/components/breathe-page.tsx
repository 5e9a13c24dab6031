import {
  getPattern,
  PATTERNS,
  type SessionEvent,
  type SessionLengthSeconds,
  type SessionView,
} from '@breath-master/core';
import { useCallback } from 'react';
import { useUnreadableRecord } from '../../../shared/local-progress.ts';
import { Button } from '../../../shared/ui/button.tsx';
import { Card } from '../../../shared/ui/card.tsx';
import { BreathCircle } from './breath-circle.tsx';
import { useBreatheSettings } from './breathe-settings.ts';
import { LocalTotals } from './local-totals.tsx';
import { RecordProblem } from './record-problem.tsx';
import { SyncChoice } from './sync-choice.tsx';
import { playPhaseTone } from './tone.ts';
import { useBreathSession } from './use-breath-session.ts';
import { useReducedMotion } from './use-reduced-motion.ts';

const lengths: readonly (SessionLengthSeconds | null)[] = [60, 180, 300, 600, null];

function progressLine(view: SessionView): string {
  const cycles = `${view.completedCycles} ${view.completedCycles === 1 ? 'cycle' : 'cycles'} completed`;
  if (view.remainingSeconds === null) return cycles;
  const left = `${Math.floor(view.remainingSeconds / 60)}:${String(view.remainingSeconds % 60).padStart(2, '0')}`;
  return `${cycles} · ${left} left`;
}

export function BreathePage() {
  const settings = useBreatheSettings();
  const pattern = getPattern(settings.patternId) ?? PATTERNS[0];
  const sound = settings.sound;
  const onEvent = useCallback(
    (event: SessionEvent) => {
      if (sound && event.type === 'phase') playPhaseTone(event.kind);
    },
    [sound],
  );
  const { state, view, finished, start, pause, resume, stop } = useBreathSession(onEvent);
  const reducedMotion = useReducedMotion();
  const unreadable = useUnreadableRecord();
  if (!pattern) return null;
  const running = state !== null;

  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
      {unreadable ? (
        <div className="lg:col-span-2">
          <RecordProblem record={unreadable} />
        </div>
      ) : null}
      <section
        aria-labelledby="breathe-title"
        className="rounded-3xl border border-line bg-panel/60 px-4 py-8 sm:px-8"
      >
        <h1 id="breathe-title" className="text-center text-2xl font-semibold tracking-tight text-white">
          {running ? pattern.name : 'Take a breathing break'}
        </h1>
        <div className="relative mt-6">
          <BreathCircle view={view} reducedMotion={reducedMotion} />
          <div className="pointer-events-none absolute inset-0 grid place-items-center text-center">
            <div>
              <p
                aria-live="assertive"
                aria-atomic="true"
                className="max-w-[11rem] text-2xl font-semibold text-ink"
                data-testid="phase"
              >
                {view?.status === 'paused' ? 'Paused' : view ? view.phase.label : 'Ready'}
              </p>
              {view?.status === 'running' ? (
                <p className="mt-1 text-lg font-medium tabular-nums text-ink/80" aria-hidden="true">
                  {view.secondsLeftInPhase}
                </p>
              ) : null}
            </div>
          </div>
        </div>
        <p className="mt-4 text-center text-sm text-slate-300" data-testid="cycles">
          {view ? progressLine(view) : pattern.purpose}
        </p>
        <div className="mt-6 flex flex-wrap justify-center gap-3">
          {state === null ? (
            <Button onClick={() => start(pattern, settings.lengthSeconds)} className="min-w-36">
              Start
            </Button>
          ) : (
            <>
              {state.status === 'running' ? (
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
        {finished && !running ? (
          <p
            role="status"
            className="mx-auto mt-6 max-w-md rounded-xl bg-calm/10 px-4 py-3 text-center text-sm text-slate-100"
            data-testid="summary"
          >
            Well done: {finished.cycles} {finished.cycles === 1 ? 'cycle' : 'cycles'}, {finished.seconds} s
            {finished.saved ? (
              <>
                , <strong className="text-calm">+{finished.outcome.xp} XP</strong>
                {finished.outcome.leveledUp
                  ? ` · level ${finished.outcome.levelAfter.level}, ${finished.outcome.levelAfter.title}!`
                  : ''}
              </>
            ) : (
              `. Not saved: ${finished.reason}.`
            )}
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
                {PATTERNS.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                    {p.aliases?.length ? ` (${p.aliases.join(', ')})` : ''} ·{' '}
                    {p.phases.map((ph) => ph.seconds).join('-')}
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
                      checked={settings.lengthSeconds === length}
                      onChange={() => settings.setLength(length)}
                    />
                    <span className="inline-flex min-h-10 items-center rounded-lg border border-line px-3 text-sm text-slate-300 peer-checked:border-calm peer-checked:bg-calm/15 peer-checked:text-white peer-focus-visible:outline-2 peer-focus-visible:outline-calm">
                      {length === null ? 'Until I stop' : `${length / 60} min`}
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
        <Card title="Sync">
          <SyncChoice />
        </Card>
      </div>
    </div>
  );
}
