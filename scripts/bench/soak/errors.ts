// Every failure the soak meets (a refused request, a refused join, a tab that did not load), counted
// by kind, with the first few messages kept so that a bad run explains itself.

const KEPT_MESSAGES = 5;

export class ErrorLog {
  private readonly counts = new Map<string, number>();
  private readonly kept: string[] = [];

  add(kind: string, error: unknown): void {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
    if (this.kept.length < KEPT_MESSAGES)
      this.kept.push(`${kind}: ${error instanceof Error ? error.message : String(error)}`);
  }

  get total(): number {
    let n = 0;
    for (const count of this.counts.values()) n += count;
    return n;
  }

  /** Counts by kind, most frequent first. */
  byKind(): [string, number][] {
    return [...this.counts].sort((a, b) => b[1] - a[1]);
  }

  first(): readonly string[] {
    return this.kept;
  }
}
