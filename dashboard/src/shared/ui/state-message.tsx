import type { ReactNode } from 'react';
import { describeError } from '../errors.ts';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div role="status" className="flex items-center gap-3 py-8 text-slate-300">
      <span className="size-3 animate-pulse rounded-full bg-calm" aria-hidden="true" />
      {label}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="rounded-xl border border-dashed border-line px-4 py-8 text-center">
      <p className="font-medium text-slate-100">{title}</p>
      {children ? <div className="mt-2 text-sm text-slate-300">{children}</div> : null}
    </div>
  );
}

export function ErrorMessage({ error, retry }: { error: unknown; retry?: () => void }) {
  return (
    <div
      role="alert"
      className="rounded-xl border border-rose-400/40 bg-rose-500/10 px-4 py-3 text-sm text-rose-100"
    >
      {describeError(error)}
      {retry ? (
        <button type="button" onClick={retry} className="ml-3 underline underline-offset-4 hover:text-white">
          Try again
        </button>
      ) : null}
    </div>
  );
}
