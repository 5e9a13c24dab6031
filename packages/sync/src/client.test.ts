import { describe, expect, it } from 'vitest';
import { normalisePairingCode } from './client.ts';
import { SyncError } from './errors.ts';
import { assertPushable } from './wire.ts';

describe('normalisePairingCode', () => {
  it('accepts what people paste', () => {
    expect(normalisePairingCode(' ab3d-ef7h ')).toBe('AB3DEF7H');
  });

  it('refuses anything that cannot be a code before asking the server', () => {
    expect(() => normalisePairingCode('')).toThrow(SyncError);
    expect(() => normalisePairingCode('<script>')).toThrow(
      expect.objectContaining({ code: 'pairing_code_invalid' }),
    );
  });
});

describe('assertPushable', () => {
  const day = { day: '2026-11-20', xp: 4, cycles: 1, seconds: 16 };

  it('lets well-formed counters through', () => {
    expect(() => assertPushable([day], '2026-11-22')).not.toThrow();
  });

  it('refuses malformed input as a final error', () => {
    expect(() => assertPushable([day], '22/11/2026')).toThrow(expect.objectContaining({ kind: 'final' }));
    expect(() => assertPushable([{ ...day, xp: -1 }], '2026-11-22')).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
    expect(() => assertPushable([{ ...day, seconds: Number.NaN }], '2026-11-22')).toThrow(SyncError);
    expect(() =>
      assertPushable(
        Array.from({ length: 32 }, () => day),
        '2026-11-22',
      ),
    ).toThrow(expect.objectContaining({ code: 'too_many_days' }));
  });
});
