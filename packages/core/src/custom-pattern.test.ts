import { describe, expect, it } from 'vitest';
import { validateCustomPattern } from './custom-pattern.ts';
import { cycleSeconds, PATTERNS } from './patterns.ts';

const ph = (kind: string, seconds: number) => ({ kind, seconds });
const codeOf = (input: unknown) => {
  const r = validateCustomPattern(input);
  return r.ok ? 'ok' : r.error.code;
};

describe('validateCustomPattern', () => {
  it('accepts a pattern within the rules, as a list or an object with a name', () => {
    const r = validateCustomPattern([ph('inhale', 3), ph('hold', 1.5), ph('exhale', 5)]);
    expect(r.ok && r.value).toMatchObject({ id: 'custom', name: 'Custom' });
    expect(r.ok && cycleSeconds(r.value)).toBe(9.5);
    const named = validateCustomPattern({ name: ' Mine ', phases: [ph('inhale', 2), ph('exhale', 2)] });
    expect(named.ok && named.value.name).toBe('Mine');
  });

  it('accepts every built-in pattern (they keep the same limits)', () => {
    for (const p of PATTERNS) expect(codeOf(p), p.id).toBe('ok');
  });

  it('names the broken rule', () => {
    expect(codeOf('box')).toBe('invalid_shape');
    expect(codeOf({ phases: 'x' })).toBe('invalid_shape');
    expect(codeOf([ph('inhale', 2), 7])).toBe('invalid_shape');
    expect(codeOf([ph('inhale', 2), ph('sip', 2)])).toBe('unknown_phase_kind');
    expect(codeOf([ph('inhale', 2), { kind: 'exhale', seconds: '2' }])).toBe('invalid_duration');
    expect(codeOf([ph('inhale', 2), ph('exhale', Number.NaN)])).toBe('invalid_duration');
    expect(codeOf([ph('inhale', 5)])).toBe('too_few_phases');
    expect(codeOf([ph('inhale', 1), ...Array.from({ length: 6 }, () => ph('exhale', 1))])).toBe(
      'too_many_phases',
    );
    expect(codeOf([ph('inhale', 0.4), ph('exhale', 5)])).toBe('phase_too_short');
    expect(codeOf([ph('inhale', 20.5), ph('exhale', 5)])).toBe('phase_too_long');
    expect(codeOf([ph('exhale', 2), ph('inhale', 2)])).toBe('first_not_inhale');
    expect(codeOf([ph('inhale', 2), ph('hold', 2)])).toBe('no_exhale');
    expect(codeOf([ph('inhale', 1.5), ph('exhale', 2)])).toBe('cycle_too_short');
    expect(codeOf([ph('inhale', 20), ph('hold', 20), ph('exhale', 20), ph('rest', 1)])).toBe(
      'cycle_too_long',
    );
  });

  it('checks the limits inclusively', () => {
    expect(codeOf([ph('inhale', 0.5), ph('exhale', 3.5)])).toBe('ok');
    expect(codeOf([ph('inhale', 20), ph('hold', 20), ph('exhale', 20)])).toBe('ok');
  });

  it('rounds durations to whole milliseconds before checking the cycle', () => {
    const r = validateCustomPattern([ph('inhale', 1.0004), ph('inhale', 1.0004), ph('exhale', 1.9992)]);
    // 1.000 + 1.000 + 1.999 = 3.999 s: just short of the 4 s minimum once rounded.
    expect(r.ok ? 'ok' : r.error.code).toBe('cycle_too_short');
    const fine = validateCustomPattern([ph('inhale', 1.2345), ph('exhale', 3)]);
    expect(fine.ok && fine.value.phases[0]?.seconds).toBe(1.235);
  });

  it('reports the phase that breaks a per-phase rule', () => {
    const r = validateCustomPattern([ph('inhale', 2), ph('exhale', 30)]);
    expect(r.ok ? null : r.error).toMatchObject({ code: 'phase_too_long', phaseIndex: 1 });
  });
});
