import { type FormEvent, useId, useState } from 'react';
import { Button } from '../../../shared/ui/button.tsx';
import { Card } from '../../../shared/ui/card.tsx';
import { adminCall } from '../api/admin-client.ts';
import { adminErrorText } from './admin-error-text.ts';

/**
 * Asks for the service_role key and checks it with one admin call before the view opens. The key goes to
 * `onKey` only; the input is a password field with autocomplete off, so the browser does not offer to keep it.
 */
export function KeyForm({ onKey }: { onKey: (key: string) => void }) {
  const id = useId();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const key = value.trim();
    if (key === '') return;
    setChecking(true);
    setError(null);
    try {
      await adminCall(key, 'admin_overview');
      setValue('');
      onKey(key);
    } catch (e) {
      setError(adminErrorText(e));
    } finally {
      setChecking(false);
    }
  }

  return (
    <Card title="Operator sign-in">
      <form className="flex flex-col gap-3" onSubmit={submit}>
        <label htmlFor={id} className="text-sm text-slate-300">
          service_role key
        </label>
        <input
          id={id}
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          className="min-h-11 rounded-xl border border-line bg-panel-2 px-3 font-mono text-sm text-slate-100"
        />
        <p className="text-xs text-slate-400">
          Kept in this tab’s memory only: never stored, never in the address. Reloading the page forgets it.
        </p>
        {error ? (
          <p
            role="alert"
            className="rounded-xl border border-rose-400/40 bg-rose-500/10 px-4 py-3 text-sm text-rose-100"
          >
            {error}
          </p>
        ) : null}
        <div>
          <Button type="submit" disabled={checking || value.trim() === ''}>
            {checking ? 'Checking…' : 'Open the admin view'}
          </Button>
        </div>
      </form>
    </Card>
  );
}
