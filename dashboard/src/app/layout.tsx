import { Suspense } from 'react';
import { NavLink, Outlet } from 'react-router';
import { usePlayerChannel } from '../shared/player-channel.ts';
import { Loading } from '../shared/ui/state-message.tsx';
import { ClientOutdatedBanner } from './client-outdated-banner.tsx';
import { ConnectionBanner } from './connection-banner.tsx';
import { useSyncRunner } from './use-sync-runner.ts';

const links = [
  { to: '/', label: 'Leaderboard', end: true },
  { to: '/breathe', label: 'Breathe', end: false },
  { to: '/me', label: 'My progress', end: false },
  { to: '/teams', label: 'Teams', end: false },
] as const;

function Logo() {
  return (
    <svg viewBox="0 0 32 32" className="size-8" aria-hidden="true">
      <circle cx="16" cy="16" r="14" fill="none" stroke="#5eead4" strokeWidth="2" opacity="0.5" />
      <circle cx="16" cy="16" r="8" fill="#5eead4" opacity="0.85" />
    </svg>
  );
}

export function Layout() {
  useSyncRunner();
  usePlayerChannel();
  return (
    <div className="flex min-h-dvh flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-3 focus:top-3 focus:z-50 focus:rounded-lg focus:bg-calm focus:px-3 focus:py-2 focus:text-ink"
      >
        Skip to content
      </a>
      <ClientOutdatedBanner />
      <ConnectionBanner />
      <header className="border-b border-line/70 bg-ink/70 backdrop-blur">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <NavLink to="/" className="flex items-center gap-2 font-semibold tracking-tight text-white">
            <Logo />
            Breath Master
          </NavLink>
          <nav aria-label="Main" className="-mx-2 flex w-[calc(100%+1rem)] overflow-x-auto sm:mx-0 sm:w-auto">
            {links.map((link) => (
              <NavLink
                key={link.to}
                to={link.to}
                end={link.end}
                className={({ isActive }) =>
                  `whitespace-nowrap rounded-lg px-2.5 py-2 text-sm sm:px-3 transition-colors ${isActive ? 'bg-white/10 text-white' : 'text-slate-300 hover:text-white'}`
                }
              >
                {link.label}
              </NavLink>
            ))}
          </nav>
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-5xl flex-1 px-4 py-6 sm:py-10">
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="px-4 py-6 text-center text-xs text-slate-400">
        <p>No names, no emails: only anonymous counters ever leave your device.</p>
        <p className="mt-2 space-x-4">
          <NavLink to="/import" className="underline underline-offset-4 hover:text-white">
            Open an export file
          </NavLink>
          <NavLink to="/api" className="underline underline-offset-4 hover:text-white">
            API reference
          </NavLink>
        </p>
      </footer>
    </div>
  );
}
