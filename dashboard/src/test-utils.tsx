// Helpers for component tests (not part of the app bundle: only *.test.tsx files import this).
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import type { LeaderboardRow } from './shared/leaderboard-rows.ts';

/** A client that never refetches what a test put in its cache and never retries. */
export function testQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, staleTime: Number.POSITIVE_INFINITY, gcTime: Number.POSITIVE_INFINITY },
      mutations: { retry: false },
    },
  });
}

function LocationProbe() {
  const location = useLocation();
  return <div data-testid="location">{location.pathname + location.search}</div>;
}

interface RenderOptions {
  readonly queryClient?: QueryClient;
  /** The URL the memory router starts at. */
  readonly at?: string;
  /** The route pattern `ui` is rendered at (every path by default). */
  readonly path?: string;
  /** Other routes: patterns to elements. */
  readonly routes?: Readonly<Record<string, ReactNode>>;
}

/** Renders with a QueryClient and a memory router; `screen.getByTestId('location')` shows the URL. */
export function renderWithProviders(ui: ReactNode, options: RenderOptions = {}) {
  const queryClient = options.queryClient ?? testQueryClient();
  const routes = { ...options.routes, [options.path ?? '*']: ui };
  const result = render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter initialEntries={[options.at ?? '/']}>
        <Routes>
          {Object.entries(routes).map(([path, element]) => (
            <Route key={path} path={path} element={element} />
          ))}
        </Routes>
        <LocationProbe />
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return { ...result, queryClient };
}

export function boardRow(
  player_id: string,
  fields: Partial<Omit<LeaderboardRow, 'player_id'>> = {},
): LeaderboardRow {
  return {
    rank: 1,
    player_id,
    handle: `Player ${player_id}`,
    level: 1,
    total_xp: 0,
    weekly_xp: 0,
    current_streak: 0,
    is_me: false,
    ...fields,
  };
}

type Handler = (message: { payload: unknown }) => void;

/** A stand-in for one supabase-js realtime channel: records handlers, lets a test deliver messages. */
export class FakeChannel {
  readonly handlers: { type: string; event: string; handler: Handler }[] = [];
  presence: Record<string, unknown[]> = {};
  removed = false;

  constructor(
    readonly topic: string,
    readonly options: unknown,
  ) {}

  on(type: string, filter: { event: string }, handler: Handler): this {
    this.handlers.push({ type, event: filter.event, handler });
    return this;
  }

  subscribe(callback?: (status: string) => void): this {
    queueMicrotask(() => callback?.('SUBSCRIBED'));
    return this;
  }

  presenceState(): Record<string, unknown[]> {
    return this.presence;
  }

  async track(): Promise<'ok'> {
    return 'ok';
  }

  async untrack(): Promise<'ok'> {
    return 'ok';
  }

  deliver(type: string, event: string, payload: unknown): void {
    for (const h of this.handlers) if (h.type === type && h.event === event) h.handler({ payload });
  }
}

/**
 * A stand-in for a realtime client: the light public one (`channel`, `removeChannel`) or the sync
 * client's supabase client (also `realtime.setAuth`, `auth.getSession`).
 */
export function fakeRealtimeClient() {
  const channels: FakeChannel[] = [];
  const client = {
    channel(topic: string, options?: unknown): FakeChannel {
      const channel = new FakeChannel(topic, options);
      channels.push(channel);
      return channel;
    },
    async removeChannel(channel: FakeChannel): Promise<'ok'> {
      channel.removed = true;
      return 'ok';
    },
    realtime: { setAuth: async () => undefined },
    auth: { getSession: async () => ({ data: { session: null } }) },
  };
  /** Delivers a broadcast to every open channel of the topic, inside act(). */
  const broadcast = (topic: string, event: string, payload: unknown) =>
    act(() => {
      for (const c of channels) if (c.topic === topic && !c.removed) c.deliver('broadcast', event, payload);
    });
  /** Replaces the presence state of the topic's channels and sends them a `sync`, inside act(). */
  const syncPresence = (topic: string, state: Record<string, unknown[]>) =>
    act(() => {
      for (const c of channels) {
        if (c.topic !== topic) continue;
        c.presence = state;
        c.deliver('presence', 'sync', undefined);
      }
    });
  return { client, channels, broadcast, syncPresence };
}
