import { localDayOf } from '@breath-master/core';
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadRecord, RECORD_KEY } from '../../../shared/local-progress.ts';
import { CONSENT_KEY, setSyncConsent, syncConsent } from '../../../shared/sync-consent.ts';
import { BreathePage } from './breathe-page.tsx';
import { useBreatheSettings } from './breathe-settings.ts';

// Announcing "breathing now" is the page's only link to the server.
const breathingNow = vi.hoisted(() => ({
  breathingStarted: vi.fn(),
  breathingEnded: vi.fn(),
}));
vi.mock('../../../shared/breathing-now.ts', () => breathingNow);

const REDUCE = '(prefers-reduced-motion: reduce)';
let prefersReducedMotion = false;
const motionListeners = new Set<() => void>();

function mockMatchMedia() {
  vi.stubGlobal('matchMedia', (query: string) => ({
    matches: query === REDUCE && prefersReducedMotion,
    media: query,
    addEventListener: (_type: string, listener: () => void) => motionListeners.add(listener),
    removeEventListener: (_type: string, listener: () => void) => motionListeners.delete(listener),
  }));
}

function setReducedMotion(reduce: boolean) {
  prefersReducedMotion = reduce;
  act(() => {
    for (const listener of motionListeners) listener();
  });
}

/** Lets the page's clock (Date.now) and its 200 ms ticks run for `ms`. */
function elapse(ms: number) {
  act(() => {
    vi.advanceTimersByTime(ms);
  });
}

const phase = () => screen.getByTestId('phase');
const circle = () => screen.getByTestId('breath-circle');

function statValue(label: string): string {
  const term = screen.getByText(label, { selector: 'dt' });
  return term.nextElementSibling?.textContent ?? '';
}

function statHint(label: string): string {
  const term = screen.getByText(label, { selector: 'dt' });
  return term.nextElementSibling?.nextElementSibling?.textContent ?? '';
}

function page() {
  return (
    <MemoryRouter>
      <BreathePage />
    </MemoryRouter>
  );
}

function setup() {
  const user = userEvent.setup();
  render(page());
  return user;
}

beforeEach(() => {
  // The page's clock and its ticks are faked; setTimeout stays real for Testing Library's own waits.
  vi.useFakeTimers({
    now: new Date('2026-03-10T09:00:00'),
    toFake: ['Date', 'setInterval', 'clearInterval'],
  });
  vi.clearAllMocks();
  prefersReducedMotion = false;
  motionListeners.clear();
  mockMatchMedia();
  useBreatheSettings.setState({ patternId: 'box', lengthSeconds: 60, sound: false });
});

afterEach(() => {
  // Unmount (which stops a running session) while the page's clock is still the fake one.
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('breathing page', () => {
  it('guides each phase in a live region that follows the clock', async () => {
    const user = setup();
    expect(phase()).toHaveAttribute('aria-live', 'assertive');
    expect(phase()).toHaveTextContent('Ready');
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Take a breathing break');

    await user.click(screen.getByRole('button', { name: 'Start' }));
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Box');
    expect(phase()).toHaveTextContent('Breathe in');
    expect(breathingNow.breathingStarted).toHaveBeenCalled();

    elapse(3_900);
    expect(phase()).toHaveTextContent('Breathe in');
    elapse(200);
    expect(phase()).toHaveTextContent('Hold');
    elapse(4_000);
    expect(phase()).toHaveTextContent('Breathe out');
    elapse(4_000);
    expect(phase()).toHaveTextContent('Rest');
    expect(screen.getByTestId('cycles')).toHaveTextContent('0 cycles completed · 0:48 left');
    elapse(4_000);
    expect(phase()).toHaveTextContent('Breathe in');
    expect(screen.getByTestId('cycles')).toHaveTextContent('1 cycle completed · 0:44 left');
  });

  it('follows another pattern chosen before starting', async () => {
    const user = setup();
    // Breath Master 0.3's names are findable beside the current ones.
    expect(screen.getByRole('option', { name: /^4-7-8 \(Relaxing\)/ })).toBeInTheDocument();
    expect(screen.getByRole('option', { name: /^Box \(Boxing\)/ })).toBeInTheDocument();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Pattern' }), 'relax-478');
    expect(useBreatheSettings.getState().patternId).toBe('relax-478');
    await user.click(screen.getByRole('button', { name: 'Start' }));
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('4-7-8');
    elapse(4_100);
    expect(phase()).toHaveTextContent('Hold');
    elapse(7_000);
    expect(phase()).toHaveTextContent('Breathe out');
  });

  it('locks the settings while a session runs', async () => {
    const user = setup();
    const pattern = screen.getByRole('combobox', { name: 'Pattern' });
    expect(pattern).toBeEnabled();
    await user.click(screen.getByRole('button', { name: 'Start' }));
    expect(pattern).toBeDisabled();
    expect(screen.getByRole('radio', { name: '1 min' })).toBeDisabled();
  });

  it('pauses the guide and resumes where it stopped', async () => {
    const user = setup();
    await user.click(screen.getByRole('button', { name: 'Start' }));
    elapse(5_000);
    expect(phase()).toHaveTextContent('Hold');

    await user.click(screen.getByRole('button', { name: 'Pause' }));
    expect(phase()).toHaveTextContent('Paused');
    elapse(10_000);
    expect(phase()).toHaveTextContent('Paused');

    await user.click(screen.getByRole('button', { name: 'Resume' }));
    expect(phase()).toHaveTextContent('Hold');
    elapse(3_100);
    expect(phase()).toHaveTextContent('Breathe out');
  });

  it('stops when Finish is pressed and adds a completed cycle to the local totals', async () => {
    const user = setup();
    const day = localDayOf(new Date());
    expect(statValue('Here')).toBe('0 XP');
    expect(statHint('Today')).toBe('0 cycles');
    expect(screen.getByTestId('sync-state')).toHaveTextContent('Nothing breathed here yet.');

    await user.click(screen.getByRole('button', { name: 'Start' }));
    elapse(17_000);
    await user.click(screen.getByRole('button', { name: 'Finish' }));

    expect(phase()).toHaveTextContent('Ready');
    expect(screen.getByRole('button', { name: 'Start' })).toBeInTheDocument();
    expect(breathingNow.breathingEnded).toHaveBeenCalled();
    const summary = screen.getByTestId('summary');
    expect(summary).toHaveTextContent(/^Well done: 1 cycle, 17 s, \+\d+ XP/);
    const earned = Number(/\+(\d+) XP/.exec(summary.textContent ?? '')?.[1]);
    expect(earned).toBeGreaterThan(0);

    // The local record and the totals read from it now hold the session.
    expect(loadRecord().deviceDays[day]).toMatchObject({ cycles: 1, seconds: 17, xp: earned });
    expect(loadRecord().dirty).toBe(true);
    expect(statValue('Here')).toBe(`${earned} XP`);
    expect(statValue('Today')).toBe(`${earned} XP`);
    expect(statHint('Today')).toBe('1 cycle');
    // Nobody chose to sync: the session stays here.
    expect(screen.getByTestId('sync-state')).toHaveTextContent('Kept in this browser only.');
  });

  it('keeps what a session earned when the page is left mid-way', async () => {
    const user = userEvent.setup();
    const { unmount } = render(page());
    await user.click(screen.getByRole('button', { name: 'Start' }));
    elapse(33_000);
    unmount();
    expect(loadRecord().deviceDays[localDayOf(new Date())]).toMatchObject({ cycles: 2, seconds: 33 });
    expect(breathingNow.breathingEnded).toHaveBeenCalled();
  });

  it('ends on its own when the chosen length is reached', async () => {
    const user = setup();
    await user.click(screen.getByRole('button', { name: 'Start' }));
    elapse(60_400);
    expect(screen.getByRole('button', { name: 'Start' })).toBeInTheDocument();
    expect(screen.getByTestId('summary')).toHaveTextContent(/^Well done: 3 cycles, 60 s/);
    expect(statHint('Today')).toBe('3 cycles');
  });

  it('runs until stopped when no length is chosen', async () => {
    const user = setup();
    await user.click(screen.getByRole('radio', { name: 'Until I stop' }));
    await user.click(screen.getByRole('button', { name: 'Start' }));
    elapse(16_100);
    expect(screen.getByTestId('cycles')).toHaveTextContent(/^1 cycle completed$/);
    elapse(50_000); // past the 1 min the settings held before
    expect(screen.getByRole('button', { name: 'Finish' })).toBeInTheDocument();
  });
});

describe('reduced motion', () => {
  it('animates the circle with each phase when motion is welcome', async () => {
    const user = setup();
    await user.click(screen.getByRole('button', { name: 'Start' }));
    expect(circle()).toHaveAttribute('data-phase', 'inhale');
    expect(circle().style.transform).toBe('scale(1)');
    elapse(8_100);
    expect(circle()).toHaveAttribute('data-phase', 'exhale');
    expect(circle().style.transform).toBe('scale(0.55)');
  });

  it('keeps the circle still and lets the text guide', async () => {
    prefersReducedMotion = true;
    const user = setup();
    await user.click(screen.getByRole('button', { name: 'Start' }));
    expect(circle().style.transform).toBe('scale(0.72)');
    expect(phase()).toHaveTextContent('Breathe in');
    elapse(8_100);
    expect(circle().style.transform).toBe('scale(0.72)');
    expect(phase()).toHaveTextContent('Breathe out');
  });

  it('follows a change of the preference during a session', async () => {
    const user = setup();
    await user.click(screen.getByRole('button', { name: 'Start' }));
    expect(circle().style.transform).toBe('scale(1)');
    setReducedMotion(true);
    expect(circle().style.transform).toBe('scale(0.72)');
    setReducedMotion(false);
    expect(circle().style.transform).toBe('scale(1)');
  });
});

describe('sound setting', () => {
  it('is remembered between visits', async () => {
    const user = setup();
    const box = within(screen.getByRole('heading', { name: 'Session' }).closest('section') as HTMLElement);
    await user.click(box.getByRole('checkbox', { name: 'Soft tone at each phase' }));
    expect(useBreatheSettings.getState().sound).toBe(true);
    expect(JSON.parse(localStorage.getItem('bm.breathe-settings') ?? '{}').state.sound).toBe(true);
  });
});

describe('sync choice', () => {
  it('says what syncing would add and what is sent, and syncs nothing until asked', async () => {
    const user = setup();
    const choice = screen.getByTestId('sync-choice');
    expect(choice).toHaveTextContent('Not synced: your breaths stay in this browser.');
    expect(choice).toHaveTextContent(/a place on the leaderboard under a generated nickname/);
    expect(choice).toHaveTextContent(
      'What is sent: an anonymous id made for this browser, and per day the totals XP, cycles and seconds of breathing.',
    );
    expect(choice).toHaveTextContent('What never leaves this browser: session logs, times of day');
    await user.click(screen.getByRole('button', { name: 'Start' }));
    elapse(17_000);
    await user.click(screen.getByRole('button', { name: 'Finish' }));
    expect(syncConsent()).toBeNull();
    expect(screen.getByTestId('sync-state')).toHaveTextContent('Kept in this browser only.');
  });

  it('stores the choice to sync, and offers to stop', async () => {
    const user = setup();
    await user.click(screen.getByRole('button', { name: 'Sync this browser' }));
    expect(syncConsent()).toMatchObject({ sync: true, via: 'choice' });
    expect(JSON.parse(localStorage.getItem(CONSENT_KEY) ?? '{}')).toMatchObject({ sync: true });
    expect(screen.getByTestId('sync-choice')).toHaveTextContent('This browser syncs its breaths.');
    expect(screen.getByTestId('sync-state')).toHaveTextContent('Nothing to sync yet.');

    await user.click(screen.getByRole('button', { name: 'Start' }));
    elapse(17_000);
    await user.click(screen.getByRole('button', { name: 'Finish' }));
    expect(screen.getByTestId('sync-state')).toHaveTextContent('Waiting to sync this browser’s breaths…');

    await user.click(screen.getByRole('button', { name: 'Stop syncing' }));
    expect(syncConsent()).toMatchObject({ sync: false });
    expect(screen.getByTestId('sync-choice')).toHaveTextContent(
      'Sync is off: your breaths stay in this browser. What was synced before stays on the server',
    );
    expect(screen.getByTestId('sync-state')).toHaveTextContent('Kept in this browser only.');
  });

  it('names the editor it was paired with', () => {
    setSyncConsent(true, 'pairing');
    setup();
    expect(screen.getByTestId('sync-choice')).toHaveTextContent(
      'This browser syncs with the editor it was linked to.',
    );
    expect(screen.getByRole('button', { name: 'Stop syncing' })).toBeInTheDocument();
  });
});

describe('saved progress that cannot be read', () => {
  const newer = JSON.stringify({ version: 99, somethingNew: { xp: 1234 } });

  it('is kept untouched, said on the page and offered for download', async () => {
    localStorage.setItem(RECORD_KEY, newer);
    const user = setup();
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('The progress saved in this browser cannot be read.');
    expect(alert).toHaveTextContent('written by a newer version of Breath Master');
    const download = within(alert).getByRole('link', { name: 'Download the saved record' });
    expect(download).toHaveAttribute('download', 'breath-master-progress.json');
    const href = download.getAttribute('href') ?? '';
    expect(decodeURIComponent(href.slice(href.indexOf(',') + 1))).toBe(newer);
    expect(screen.getByTestId('sync-state')).toHaveTextContent('Not saving here');

    // A whole session, then many more ticks: nothing is written over the record, nothing throws.
    await user.click(screen.getByRole('button', { name: 'Start' }));
    elapse(60_400);
    expect(screen.getByTestId('summary')).toHaveTextContent(
      'Well done: 3 cycles, 60 s. Not saved: the progress saved in this browser could not be read.',
    );
    elapse(10_000);
    expect(localStorage.getItem(RECORD_KEY)).toBe(newer);
    expect(screen.getByRole('button', { name: 'Start' })).toBeInTheDocument();
  });

  it('calls a damaged record damaged', () => {
    localStorage.setItem(RECORD_KEY, '{"version": 2, "deviceDays": ');
    setup();
    expect(screen.getByRole('alert')).toHaveTextContent('It is damaged or not a Breath Master record.');
  });

  it('says so when the browser refuses to save a session, once', async () => {
    const user = setup();
    const refuse = vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    await user.click(screen.getByRole('button', { name: 'Start' }));
    elapse(17_000);
    await user.click(screen.getByRole('button', { name: 'Finish' }));
    elapse(5_000);
    expect(screen.getByTestId('summary')).toHaveTextContent('Not saved: The quota has been exceeded.');
    expect(refuse).toHaveBeenCalledTimes(1);
    expect(logged).toHaveBeenCalledTimes(1);
    refuse.mockRestore();
    logged.mockRestore();
  });
});
