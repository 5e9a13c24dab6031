import type { ProgressSummary } from './summary.ts';

/** The messages a session earns, from the summaries before and after it; shown as plain information messages. */
export function celebrationMessages(before: ProgressSummary, after: ProgressSummary): string[] {
  const messages: string[] = [];
  if (after.level > before.level) messages.push(`Level ${after.level}: ${after.title}. Well breathed.`);
  const had = new Set(before.achievements.filter((a) => a.unlocked).map((a) => a.id));
  for (const a of after.achievements) {
    if (a.unlocked && !had.has(a.id)) messages.push(`Achievement unlocked: ${a.name}`);
  }
  return messages;
}
