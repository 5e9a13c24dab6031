// Measures the gzipped JavaScript the leaderboard route (/) loads, from the built chunk graph
// (dist/.vite/manifest.json): the entry and its static imports block the first paint; the sync
// client chunk (supabase-js, for realtime and presence) is imported right after. Target: ≤ 150 KB
// for the blocking part. Run after `npm run build -w @breath-master/dashboard`:
//   npm run size -w @breath-master/dashboard        (prints JSON; exit code 1 over the target)
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

interface Chunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

const dist = new URL('../dist/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('.vite/manifest.json', dist), 'utf8')) as Record<
  string,
  Chunk
>;
const gz = (file: string) => gzipSync(readFileSync(new URL(file, dist)), { level: 9 }).length;

function closure(keys: string[], seen = new Set<string>()): Set<string> {
  for (const key of keys) {
    if (seen.has(key)) continue;
    seen.add(key);
    closure(manifest[key]?.imports ?? [], seen);
  }
  return seen;
}

const entry = Object.keys(manifest).find((key) => manifest[key]?.isEntry);
if (!entry) throw new Error('no entry chunk in the manifest: build first');
const blocking = closure([entry]);
const syncKey = Object.keys(manifest).find((key) => key.endsWith('shared/sync-client.ts'));
const deferred = [...closure(syncKey ? [syncKey] : [])].filter((key) => !blocking.has(key));

const sum = (keys: Iterable<string>) =>
  [...keys].reduce((total, key) => total + gz(manifest[key]?.file ?? ''), 0);
const targetBytes = 150 * 1024;
const report = {
  route: '/',
  blockingGzipBytes: sum(blocking),
  deferredRealtimeGzipBytes: sum(deferred),
  totalGzipBytes: sum(blocking) + sum(deferred),
  targetBlockingGzipBytes: targetBytes,
  chunks: [...blocking]
    .map((key) => ({ chunk: manifest[key]?.file, gzipBytes: gz(manifest[key]?.file ?? ''), deferred: false }))
    .concat(
      deferred.map((key) => ({
        chunk: manifest[key]?.file,
        gzipBytes: gz(manifest[key]?.file ?? ''),
        deferred: true,
      })),
    ),
};
console.log(JSON.stringify(report, null, 2));
if (report.blockingGzipBytes > targetBytes) process.exitCode = 1;
