import { describe, expect, it } from 'vitest';
import { emptyProgress } from '../progress/record.ts';
import { buildExportDocument, EXPORT_FORMAT, EXPORT_FORMAT_VERSION } from './export-file.ts';
import { parseImport, tryParseImport } from './parse-import.ts';

const record = {
  ...emptyProgress(),
  deviceDays: {
    '2026-11-20': { xp: 40, cycles: 8, seconds: 130 },
    '2026-11-21': { xp: 97, cycles: 18, seconds: 300 },
  },
  dailyBonusDays: ['2026-11-20', '2026-11-21'],
  sessions: [{ day: '2026-11-21', patternId: 'box' }],
  patternsTried: ['box'],
  achievements: { 'first-breath': '2026-11-20' },
  dirty: true,
};
const file = (doc: unknown) => JSON.stringify(doc);
const codeOf = (text: string) => {
  const r = tryParseImport(text);
  return r.ok ? 'ok' : r.error.code;
};

describe('reading an export file', () => {
  it('reads back what Export My Data writes', () => {
    const doc = buildExportDocument(record, null, new Date('2026-11-22T08:00:00Z'));
    expect(doc).toMatchObject({ format: EXPORT_FORMAT, version: EXPORT_FORMAT_VERSION });
    const plan = parseImport(file(doc));
    expect(plan).toMatchObject({
      format: 'export',
      exportedAt: '2026-11-22T08:00:00.000Z',
      deviceDays: record.deviceDays,
      dailyBonusDays: record.dailyBonusDays,
      patternsTried: ['box'],
      achievements: { 'first-breath': '2026-11-20' },
      totals: { days: 2, xp: 137, cycles: 26, seconds: 430 },
      unattributed: null,
    });
  });

  it('names the player the exporting device synced to, from the server part', () => {
    const synced = parseImport(
      file(buildExportDocument(record, { player: { id: 'p-1', handle: 'Calm Otter 1' } }, new Date())),
    );
    expect(synced.syncedPlayerId).toBe('p-1');
    expect(parseImport(file(buildExportDocument(record, null, new Date()))).syncedPlayerId).toBeNull();
    expect(
      parseImport(file(buildExportDocument(record, { player: 'odd' }, new Date()))).syncedPlayerId,
    ).toBeNull();
  });

  it('reads exports written before the file named its format, and records of older versions', () => {
    const v1 = { version: 1, days: { '2026-11-20': { xp: 14, cycles: 2, seconds: 40, bonus: false } } };
    const plan = parseImport(file({ exported_at: '2026-11-22T08:00:00Z', local: v1, server: null }));
    expect(plan.deviceDays).toEqual({ '2026-11-20': { xp: 14, cycles: 2, seconds: 40 } });
  });

  it('refuses a file from a newer version, whether the file or the record inside says so', () => {
    const doc = buildExportDocument(record, null, new Date());
    expect(codeOf(file({ ...doc, version: EXPORT_FORMAT_VERSION + 1 }))).toBe('newer_version');
    expect(codeOf(file({ ...doc, local: { ...record, version: 99 } }))).toBe('newer_version');
  });

  it('refuses what is not an export, and malformed or impossible content, with stable codes', () => {
    const doc = buildExportDocument(record, null, new Date());
    expect(codeOf('{ not json')).toBe('not_json');
    expect(codeOf('[1, 2]')).toBe('unknown_format');
    expect(codeOf('"text"')).toBe('unknown_format');
    expect(codeOf(file({ hello: 'world' }))).toBe('unknown_format');
    expect(codeOf(file({ ...doc, format: 'something-else' }))).toBe('unknown_format');
    expect(codeOf(file({ ...doc, version: 'one' }))).toBe('malformed');
    expect(codeOf(file({ ...doc, local: null }))).toBe('malformed');
    expect(codeOf(file({ ...doc, local: { ...record, deviceDays: { tomorrow: {} } } }))).toBe('malformed');
    const tooMuch = { ...record, deviceDays: { '2026-11-20': { xp: 500, cycles: 1, seconds: 60 } } };
    expect(codeOf(file({ ...doc, local: tooMuch }))).toBe('implausible_day');
    expect(() => parseImport('nope')).toThrow(/not JSON/);
  });
});
