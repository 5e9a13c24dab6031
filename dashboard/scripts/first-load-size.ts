// Measures the gzipped JavaScript the leaderboard route (/) loads, from the built chunk graph
// (dist/.vite/manifest.json): the entry and its static imports block the first paint; the light
// public realtime client (realtime-js alone, for the live board and "breathing now") is imported
// right after. supabase-js (shared/sync-client.ts) must not be in either: it is loaded only when the
// visitor acts as a device. Target: ≤ 150 KB for the blocking part, and for all of it.
// Run after `npm run build -w @breath-master/dashboard`:
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
const keyOf = (suffix: string) => Object.keys(manifest).find((key) => key.endsWith(suffix));
const realtimeKey = keyOf('shared/public-realtime-client.ts');
if (!realtimeKey) throw new Error('no public realtime client chunk in the manifest');
const deferred = [...closure([realtimeKey])].filter((key) => !blocking.has(key));
// The chunks of the sync client that the first load does not share: none of them may be in it.
const syncKey = keyOf('shared/sync-client.ts');
const firstLoad = new Set([...blocking, ...deferred]);
const syncOnly = [...closure(syncKey ? [syncKey] : [])].filter((key) => !firstLoad.has(key));
const syncInFirstLoad = !syncKey || firstLoad.has(syncKey) || syncOnly.length === 0;

const sum = (keys: Iterable<string>) =>
  [...keys].reduce((total, key) => total + gz(manifest[key]?.file ?? ''), 0);
const targetBytes = 150 * 1024;
const report = {
  route: '/',
  blockingGzipBytes: sum(blocking),
  deferredRealtimeGzipBytes: sum(deferred),
  totalGzipBytes: sum(blocking) + sum(deferred),
  targetBlockingGzipBytes: targetBytes,
  targetTotalGzipBytes: targetBytes,
  syncClientGzipBytes: sum(syncOnly),
  syncClientInFirstLoad: syncInFirstLoad,
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
if (report.blockingGzipBytes > targetBytes || report.totalGzipBytes > targetBytes || syncInFirstLoad) {
  process.exitCode = 1;
}
