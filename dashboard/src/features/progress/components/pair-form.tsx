import { type FormEvent, useState } from 'react';
import { Button } from '../../../shared/ui/button.tsx';
import { ErrorMessage } from '../../../shared/ui/state-message.tsx';
import { useRedeemPairingCode } from '../api/redeem-pairing-code.ts';

export function PairForm({ onPaired }: { onPaired?: () => void }) {
  const [code, setCode] = useState('');
  const redeem = useRedeemPairingCode();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    redeem.mutate(code, { onSuccess: () => onPaired?.() });
  };
  return (
    <form onSubmit={submit} className="space-y-3">
      <label className="block text-sm text-slate-300" htmlFor="pair-code">
        Pairing code from your editor (command “Breath Master: Link Another Device”)
      </label>
      <div className="flex flex-wrap gap-2">
        <input
          id="pair-code"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          autoComplete="off"
          spellCheck={false}
          placeholder="ABCD2345"
          className="min-h-11 flex-1 rounded-lg border border-line bg-panel-2 px-3 font-mono uppercase tracking-widest text-slate-100 placeholder:text-slate-500"
        />
        <Button type="submit" disabled={code.trim().length < 4 || redeem.isPending}>
          {redeem.isPending ? 'Linking…' : 'Link this browser'}
        </Button>
      </div>
      {redeem.isError ? <ErrorMessage error={redeem.error} /> : null}
    </form>
  );
}
