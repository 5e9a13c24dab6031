import { useEffect, useRef } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Card } from '../../../shared/ui/card.tsx';
import { ErrorMessage, Loading } from '../../../shared/ui/state-message.tsx';
import { useRedeemPairingCode } from '../api/redeem-pairing-code.ts';
import { PairForm } from './pair-form.tsx';

/** `/pair?code=XXXX`, opened from the editor: links this browser at once, then shows the progress. */
export function PairPage() {
  const [params] = useSearchParams();
  const code = params.get('code');
  const navigate = useNavigate();
  const redeem = useRedeemPairingCode();
  const tried = useRef(false);

  useEffect(() => {
    if (!code || tried.current) return;
    tried.current = true; // a code is single use: never send it twice (StrictMode runs effects twice)
    redeem.mutate(code, { onSuccess: () => navigate('/me', { replace: true }) });
  }, [code, redeem, navigate]);

  return (
    <div className="mx-auto max-w-xl space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight text-white">Link this browser</h1>
      {code && redeem.isPending ? <Loading label="Linking this browser to your progress…" /> : null}
      {code && redeem.isError ? <ErrorMessage error={redeem.error} /> : null}
      <Card>
        <PairForm onPaired={() => navigate('/me', { replace: true })} />
      </Card>
      <p className="text-sm text-slate-400">
        Linking moves this browser’s breaths to your player.{' '}
        <Link to="/me" className="text-calm underline underline-offset-4">
          My progress
        </Link>
      </p>
    </div>
  );
}
