import { Link } from 'react-router';
import { setSyncConsent, useSyncConsent } from '../../../shared/sync-consent.ts';
import { Button } from '../../../shared/ui/button.tsx';
import { syncConsentText as text } from './sync-consent-text.ts';

/**
 * The visitor's choice about sending this browser's progress: off until chosen here (after reading what
 * is sent) or by pairing the browser with an editor. Once on, it can be stopped here at any time.
 */
export function SyncChoice() {
  const consent = useSyncConsent();
  if (consent?.sync) {
    return (
      <div className="space-y-3 text-sm text-slate-300" data-testid="sync-choice">
        <p className="text-slate-100">
          {consent.via === 'pairing'
            ? 'This browser syncs with the editor it was linked to.'
            : 'This browser syncs its breaths.'}
        </p>
        <p>{text.sent}</p>
        <Button variant="secondary" onClick={() => setSyncConsent(false)}>
          {text.stop}
        </Button>
      </div>
    );
  }
  return (
    <div className="space-y-3 text-sm text-slate-300" data-testid="sync-choice">
      <p className="text-slate-100">
        {consent ? 'Sync is off' : 'Not synced'}: your breaths stay in this browser.
        {consent ? ' What was synced before stays on the server until you delete it on My progress.' : ''}
      </p>
      <p>{text.adds}</p>
      <p>{text.sent}</p>
      <p>{text.kept}</p>
      <p>{text.control}</p>
      <Button onClick={() => setSyncConsent(true)}>{text.accept}</Button>
      <p className="text-xs text-slate-400">
        Already syncing in VS Code?{' '}
        <Link to="/me" className="text-calm underline underline-offset-4">
          Link this browser
        </Link>{' '}
        with a pairing code instead: its breaths then join the editor’s.
      </p>
    </div>
  );
}
