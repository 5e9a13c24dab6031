import { mergeKinds } from './figures.ts';
import type { SubscriberChild, WitnessChild } from './processes.ts';
import type { KindResult, PushRecord, SubscriberKind } from './protocol.ts';

/**
 * Each push's commit time, and every receipt's latency from it. The commit precedes three events
 * the run observes: the witness's notification, the push's response and the first receipt by any
 * subscriber. The earliest of them is the tightest bound on the commit, so latencies measured
 * from it never exceed the truth (the request's send time bounds them from above).
 */
export async function collectTimings(
  pushed: PushRecord[],
  witness: WitnessChild,
  subscribers: SubscriberChild[],
) {
  const { firstSeen } = await witness.request({ type: 'collect' }, 'seen', 30_000);
  const keys = pushed.map((r) => r.key);
  const spans = await Promise.all(subscribers.map((c) => c.request({ type: 'span', keys }, 'span', 60_000)));
  const first = pushed.map((_, i) => Math.min(...spans.map((s) => s.firstReceipt[i] ?? Number.NaN)));
  const last = pushed.map((_, i) => Math.max(...spans.map((s) => s.lastReceipt[i] ?? Number.NaN)));
  const witnessed = pushed.map((r) => firstSeen.get(r.key) ?? Number.NaN);
  let subscriberFirst = 0;
  const records = pushed.map((r, i) => {
    const seen = witnessed[i] ?? Number.NaN;
    const observed = Number.isNaN(seen) ? r.respondedAt : Math.min(r.respondedAt, seen);
    const receipt = first[i] ?? Number.NaN;
    if (receipt < observed) subscriberFirst += 1;
    return { ...r, committedAt: receipt < observed ? receipt : observed };
  });
  const results = await Promise.all(
    subscribers.map((c) => c.request({ type: 'collect', pushes: records }, 'result', 60_000)),
  );
  const kind = (name: SubscriberKind): KindResult =>
    mergeKinds(results.flatMap((r) => (r.byKind[name] ? [r.byKind[name]] : [])));
  return {
    byKind: { leaderboard: kind('leaderboard'), team: kind('team') },
    fanoutSpread: pushed.flatMap((_, i) => {
      const spread = (last[i] ?? Number.NaN) - (first[i] ?? Number.NaN);
      return Number.isNaN(spread) ? [] : [spread];
    }),
    responseAfterWitness: pushed.flatMap((r, i) => {
      const at = witnessed[i] ?? Number.NaN;
      return Number.isNaN(at) ? [] : [r.respondedAt - at];
    }),
    witnessMissed: witnessed.filter((at) => Number.isNaN(at)).length,
    subscriberFirst,
  };
}
