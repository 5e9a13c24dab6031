/** Writes the shared test vectors (packages/core/vectors/*.json) from the implementation, in the house format. */

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildLevelVectors, buildStreakVectors } from '../src/vectors/build-vectors.ts';

const dir = fileURLToPath(new URL('../vectors/', import.meta.url));
const files = {
  'levels.json': buildLevelVectors(),
  'streaks.json': buildStreakVectors(),
};
for (const [name, data] of Object.entries(files)) {
  writeFileSync(`${dir}${name}`, `${JSON.stringify(data, null, 2)}\n`);
  console.log(`wrote vectors/${name} (${data.length} cases)`);
}
// Formatted as the linter wants it, so regenerating unchanged rules leaves the files byte for byte the same.
execFileSync('npx', ['biome', 'format', '--write', ...Object.keys(files).map((f) => `${dir}${f}`)], {
  stdio: 'inherit',
});
