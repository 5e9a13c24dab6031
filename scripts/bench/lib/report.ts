import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// One figure of a benchmark: what was measured, its value (median of the runs), its spread, and
// where it makes sense the baseline measured in the same run and the goal it is held against.
export interface Figure {
  bench: string;
  name: string;
  unit: string;
  median: number;
  p95?: number;
  baseline?: { name: string; median: number };
  ratio?: number;
  goal?: string;
  met?: boolean;
  note?: string;
}

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const resultsFile = join(repoRoot, 'bench', 'results.json');

const fmt = (n: number | undefined): string =>
  n === undefined || Number.isNaN(n) ? '' : Math.abs(n) >= 100 ? n.toFixed(0) : n.toPrecision(3);

export function formatTable(figures: readonly Figure[]): string {
  const rows = figures.map((f) => [
    f.bench,
    f.name,
    `${fmt(f.median)} ${f.unit}`,
    f.p95 === undefined ? '' : `${fmt(f.p95)} ${f.unit}`,
    f.baseline ? `${f.baseline.name}: ${fmt(f.baseline.median)}` : '',
    f.ratio === undefined ? '' : `${fmt(f.ratio)}×`,
    f.goal ? `${f.goal} ${f.met === undefined ? '' : f.met ? '✔' : '✘'}` : '',
  ]);
  const header = ['bench', 'figure', 'median', 'p95', 'baseline (same run)', 'ratio', 'goal'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

// Each benchmark adds its figures to bench/results.json, replacing its own earlier ones, so a
// single benchmark can be re-run alone without losing the others.
export function recordFigures(bench: string, figures: readonly Figure[]): void {
  let existing: Figure[] = [];
  try {
    existing = (JSON.parse(readFileSync(resultsFile, 'utf8')) as { figures: Figure[] }).figures;
  } catch {
    existing = [];
  }
  const merged = [...existing.filter((f) => f.bench !== bench), ...figures];
  mkdirSync(dirname(resultsFile), { recursive: true });
  writeFileSync(
    resultsFile,
    `${JSON.stringify({ updatedAt: new Date().toISOString(), figures: merged }, null, 2)}\n`,
  );
}

export function printFigures(figures: readonly Figure[]): void {
  console.log(`\n${formatTable(figures)}\n`);
}
