/** Writes the shared test vectors (packages/core/vectors/*.json) from the implementation. */

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildLevelVectors, buildStreakVectors } from '../src/vectors/build-vectors.ts';

const dir = fileURLToPath(new URL('../vectors/', import.meta.url));
const write = (name: string, data: unknown) => {
  writeFileSync(`${dir}${name}`, `${JSON.stringify(data, null, 1)}\n`);
  console.log(`wrote ${name}`);
};
write('levels.json', buildLevelVectors());
write('streaks.json', buildStreakVectors());
