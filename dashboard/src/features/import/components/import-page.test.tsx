import { addDays, buildExportDocument, emptyProgress, localDayOf } from '@breath-master/core';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../../test-utils.tsx';
import { ImportPage } from './import-page.tsx';

const today = localDayOf(new Date());
const fetchSpy = vi.fn();

beforeEach(() => {
  // The page works without a server: any request is a bug.
  fetchSpy.mockReset();
  vi.stubGlobal('fetch', fetchSpy);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

function exportFile(): File {
  const record = {
    ...emptyProgress(),
    deviceDays: {
      [addDays(today, -2)]: { xp: 150, cycles: 30, seconds: 480 },
      [addDays(today, -1)]: { xp: 200, cycles: 40, seconds: 640 },
      [today]: { xp: 100, cycles: 20, seconds: 320 },
    },
    achievements: { 'ten-in-a-week': today },
  };
  const doc = buildExportDocument(record, null, new Date());
  return new File([JSON.stringify(doc)], 'breath-master.json', { type: 'application/json' });
}

function legacyFile(): File {
  const started = new Date();
  started.setHours(9, 0, 0, 0);
  const text = JSON.stringify({
    exportDate: new Date().toISOString(),
    breathMaster: {
      meditation: {
        totalXP: 500,
        currentStreak: 1,
        longestStreak: 4,
        totalMeditationTime: 3_600_000,
        sessions: [
          { id: 'a', startedAt: started.toISOString(), activeMs: 600_000, cycles: 40, finalXP: 120 },
        ],
      },
      onboarding: {},
      version: '0.3.4',
    },
  });
  return new File([text], 'old-export.json', { type: 'application/json' });
}

const chooser = () => screen.getByLabelText('Choose a file');

// Uploads and the lazy chart chunk take a few seconds on a busy machine.
describe('/import', { timeout: 20_000 }, () => {
  it("shows My Progress from this product's export: level, streaks, totals, calendar and achievements", async () => {
    const user = userEvent.setup();
    renderWithProviders(<ImportPage />);
    await user.upload(chooser(), exportFile());
    expect(await screen.findByTestId('total-xp')).toHaveTextContent('450 XP');
    expect(screen.getByRole('heading', { name: /^Level 3 · / })).toBeInTheDocument();
    expect(screen.getByText('Current streak').nextSibling).toHaveTextContent('3 d');
    expect(screen.getByText('Cycles').nextSibling).toHaveTextContent('90');
    expect(screen.getByText('Minutes').nextSibling).toHaveTextContent('24');
    expect(
      screen.getByRole('img', { name: 'Activity calendar: 3 active days in the last year' }),
    ).toBeVisible();
    expect(
      await screen.findByRole('img', { name: /XP per day over the last 30 days, 450 XP in all/ }),
    ).toBeVisible();
    expect(screen.getByText('A Calm Week').closest('li')).toHaveTextContent('A 7-day streak');
    expect(screen.getByText('Three in a Row').closest('li')).toHaveTextContent(/^Three in a RowUnlocked/);
    expect(screen.getByTestId('file-name')).toHaveTextContent('breath-master.json');
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it("shows Breath Master 0.3's export dropped on the page, saying what no day holds", async () => {
    renderWithProviders(<ImportPage />);
    fireEvent.drop(screen.getByTestId('drop-zone'), { dataTransfer: { files: [legacyFile()] } });
    expect(await screen.findByTestId('total-xp')).toHaveTextContent('120 XP');
    expect(screen.getByText(/exported by Breath Master 0\.3\.4/)).toBeInTheDocument();
    expect(screen.getByTestId('unattributed')).toHaveTextContent('Not shown: 380 XP and 50 minutes');
    expect(screen.getByText('Current streak').nextSibling).toHaveTextContent('1 d');
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('refuses a file that is not an export, keeping what was shown', async () => {
    const user = userEvent.setup();
    renderWithProviders(<ImportPage />);
    await user.upload(chooser(), exportFile());
    await screen.findByTestId('total-xp');
    await user.upload(chooser(), new File(['{ nope'], 'notes.json', { type: 'application/json' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'notes.json: This is not JSON, so it is not a Breath Master export.',
    );
    expect(screen.getByTestId('total-xp')).toHaveTextContent('450 XP');
    const newer = JSON.stringify({ format: 'breath-master-export', version: 9, exported_at: '', local: {} });
    await user.upload(chooser(), new File([newer], 'future.json', { type: 'application/json' }));
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent(/future\.json: .*newer version/));
  });
});
