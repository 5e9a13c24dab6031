import type { PhaseKind } from '@breath-master/core';

// A soft sine cue at each phase change: rising for inhale, falling for exhale, a low hum for holds.
const pitch: Record<PhaseKind, [number, number]> = {
  inhale: [220, 330],
  hold: [262, 262],
  exhale: [330, 196],
  rest: [196, 196],
};

let context: AudioContext | undefined;

export function playPhaseTone(kind: PhaseKind): void {
  const Ctor = globalThis.AudioContext;
  if (!Ctor) return;
  context ??= new Ctor();
  const ctx = context;
  const [from, to] = pitch[kind];
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.type = 'sine';
  osc.frequency.setValueAtTime(from, ctx.currentTime);
  osc.frequency.linearRampToValueAtTime(to, ctx.currentTime + 0.6);
  gain.gain.setValueAtTime(0, ctx.currentTime);
  gain.gain.linearRampToValueAtTime(0.08, ctx.currentTime + 0.08);
  gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + 0.9);
  osc.connect(gain).connect(ctx.destination);
  osc.start();
  osc.stop(ctx.currentTime + 1);
}
