import type { ReactNode } from 'react';

export function Card({
  title,
  children,
  className = '',
  action,
}: {
  title?: ReactNode;
  children: ReactNode;
  className?: string;
  action?: ReactNode;
}) {
  return (
    <section
      className={`rounded-2xl border border-line bg-panel/80 p-4 shadow-lg shadow-black/20 sm:p-6 ${className}`}
    >
      {title || action ? (
        <header className="mb-4 flex items-center justify-between gap-3">
          {title ? <h2 className="text-base font-semibold text-slate-100">{title}</h2> : <span />}
          {action}
        </header>
      ) : null}
      {children}
    </section>
  );
}
