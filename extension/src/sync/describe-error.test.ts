import { SyncError } from '@breath-master/sync/errors';
import { describe, expect, it } from 'vitest';
import { describeSyncError, syncWarningReporter } from './describe-error.ts';

describe('describeSyncError', () => {
  it('tells an outdated build to update, quoting the code', () => {
    const text = describeSyncError(new SyncError('client_outdated', 'final', 426));
    expect(text).toMatch(/update the extension/);
    expect(text).toMatch(/\(client_outdated\)$/);
  });
});

describe('syncWarningReporter', () => {
  it('warns about client_outdated once per session, about other failures each time', () => {
    const shown: string[] = [];
    const report = syncWarningReporter((text) => shown.push(text));
    const outdated = new SyncError('client_outdated', 'final', 426);
    report(outdated);
    report(new SyncError('implausible_counters', 'final', 400));
    report(outdated);
    report(new SyncError('implausible_counters', 'final', 400));
    expect(shown.map((t) => /\((\w+)\)$/.exec(t)?.[1])).toEqual([
      'client_outdated',
      'implausible_counters',
      'implausible_counters',
    ]);
  });
});
