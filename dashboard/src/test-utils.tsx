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
  removed = false;
  #onStatus: ((status: string, error?: Error) => void) | undefined;

  constructor(
    readonly topic: string,
    readonly options: unknown,
    /** Whether subscribing reports SUBSCRIBED by itself (else a test calls `status`). */
    readonly autoJoin = true,
    readonly log: string[] = [],
  ) {}

  on(type: string, filter: { event: string }, handler: Handler): this {
    this.handlers.push({ type, event: filter.event, handler });
    return this;
  }

  subscribe(callback?: (status: string, error?: Error) => void): this {
    this.#onStatus = callback;
    this.log.push(`subscribe ${this.topic}`);
    if (this.autoJoin) queueMicrotask(() => callback?.('SUBSCRIBED'));
    return this;
  }

  /** Reports a subscription state (SUBSCRIBED, CHANNEL_ERROR, TIMED_OUT, CLOSED) inside act(). */
  status(state: string, error?: Error): void {
    act(() => this.#onStatus?.(state, error));
  }

  deliver(type: string, event: string, payload: unknown): void {
    for (const h of this.handlers) if (h.type === type && h.event === event) h.handler({ payload });
  }
}

/**
 * A stand-in for a realtime client: the light public one (`channel`, `removeChannel`) or the sync
 * client's supabase client (also `realtime.setAuth`, `auth.getSession`, which answers `accessToken`).
 * `log` records `setAuth <token>` and `subscribe <topic>` in order.
 */
export function fakeRealtimeClient({ autoJoin = true, accessToken = null as string | null } = {}) {
  const channels: FakeChannel[] = [];
  const log: string[] = [];
  const client = {
    channel(topic: string, options?: unknown): FakeChannel {
      const channel = new FakeChannel(topic, options, autoJoin, log);
      channels.push(channel);
      return channel;
    },
    async removeChannel(channel: FakeChannel): Promise<'ok'> {
      channel.removed = true;
      return 'ok';
    },
    realtime: {
      setAuth: async (token: string) => {
        log.push(`setAuth ${token}`);
      },
    },
    auth: {
      getSession: async () => ({ data: { session: accessToken ? { access_token: accessToken } : null } }),
    },
  };
  /** The open channel of a topic (the last one joined). */
  const channelOf = (topic: string) => channels.findLast((c) => c.topic === topic && !c.removed);
  /** Delivers a broadcast to every open channel of the topic, inside act(). */
  const broadcast = (topic: string, event: string, payload: unknown) =>
    act(() => {
      for (const c of channels) if (c.topic === topic && !c.removed) c.deliver('broadcast', event, payload);
    });
  return { client, channels, channelOf, broadcast, log };
}
