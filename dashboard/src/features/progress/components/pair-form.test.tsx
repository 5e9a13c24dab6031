import type { MyStats } from '@breath-master/sync';
import { SyncError } from '@breath-master/sync/errors';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { StrictMode } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { myStatsKey } from '../../../shared/my-stats.ts';
import { renderWithProviders } from '../../../test-utils.tsx';
import { PairForm } from './pair-form.tsx';
import { PairPage } from './pair-page.tsx';

const sync = vi.hoisted(() => ({ redeemPairingCode: vi.fn() }));
const server = vi.hoisted(() => ({
  hasDevice: vi.fn(() => true),
  syncClient: vi.fn(),
  callPublic: vi.fn(),
  callAsDevice: vi.fn(),
}));
vi.mock('../../../shared/server.ts', () => server);

const joined = { player_id: 'p2', handle: 'Brisk Wren' } as MyStats;

beforeEach(() => {
  vi.clearAllMocks();
  server.syncClient.mockResolvedValue(sync);
  sync.redeemPairingCode.mockResolvedValue(joined);
});

const codeInput = () => screen.getByRole('textbox', { name: /Pairing code from your editor/ });
const linkButton = () => screen.getByRole('button', { name: 'Link this browser' });

describe('pair form', () => {
  it('only lets a code of at least 4 characters be sent', async () => {
    const user = userEvent.setup();
    renderWithProviders(<PairForm />);
    expect(linkButton()).toBeDisabled();
    await user.type(codeInput(), ' ab ');
    expect(linkButton()).toBeDisabled();
    await user.clear(codeInput());
    await user.type(codeInput(), 'ab3d');
    expect(linkButton()).toBeEnabled();
  });

  it('refuses a malformed code without asking the server', async () => {
    const user = userEvent.setup();
    renderWithProviders(<PairForm />);
    await user.type(codeInput(), 'ab!d<12>');
    await user.click(linkButton());
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'That pairing code is unknown or was already used.',
    );
    expect(sync.redeemPairingCode).not.toHaveBeenCalled();
  });

  it('sends the code as people paste it, normalised, and reports success', async () => {
    const user = userEvent.setup();
    const onPaired = vi.fn();
    const { queryClient } = renderWithProviders(<PairForm onPaired={onPaired} />);
    await user.type(codeInput(), ' ab3d-ef7h ');
    await user.click(linkButton());
    await waitFor(() => expect(onPaired).toHaveBeenCalledTimes(1));
    expect(sync.redeemPairingCode).toHaveBeenCalledWith('AB3DEF7H');
    expect(queryClient.getQueryData(myStatsKey)).toEqual(joined);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it.each([
    ['pairing_code_expired', 410, 'That pairing code has expired. Ask your editor for a new one.'],
    ['pairing_code_invalid', 404, 'That pairing code is unknown or was already used.'],
    ['brand_new_code', 400, 'Something went wrong (brand_new_code).'],
  ])('shows the message for the server code %s', async (code, status, message) => {
    const user = userEvent.setup();
    const onPaired = vi.fn();
    sync.redeemPairingCode.mockRejectedValue(new SyncError(code, 'final', status));
    renderWithProviders(<PairForm onPaired={onPaired} />);
    await user.type(codeInput(), 'AB3DEF7H');
    await user.click(linkButton());
    expect(await screen.findByRole('alert')).toHaveTextContent(message);
    expect(onPaired).not.toHaveBeenCalled();
    expect(linkButton()).toBeEnabled();
  });

  it('shows that linking is under way', async () => {
    const user = userEvent.setup();
    sync.redeemPairingCode.mockReturnValue(new Promise(() => {}));
    renderWithProviders(<PairForm />);
    await user.type(codeInput(), 'AB3DEF7H');
    await user.click(linkButton());
    expect(await screen.findByRole('button', { name: 'Linking…' })).toBeDisabled();
  });
});

describe('pair page', () => {
  it('redeems the code from the link once, then opens my progress', async () => {
    renderWithProviders(
      <StrictMode>
        <PairPage />
      </StrictMode>,
      { at: '/pair?code=ab3d-ef7h', path: '/pair', routes: { '/me': <p>my progress</p> } },
    );
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(/^\/me$/));
    expect(sync.redeemPairingCode).toHaveBeenCalledTimes(1);
    expect(sync.redeemPairingCode).toHaveBeenCalledWith('AB3DEF7H');
  });

  it('stays and explains when the code from the link is refused', async () => {
    sync.redeemPairingCode.mockRejectedValue(new SyncError('pairing_code_expired', 'final', 410));
    renderWithProviders(<PairPage />, { at: '/pair?code=AB3DEF7H' });
    expect(await screen.findByRole('alert')).toHaveTextContent('That pairing code has expired.');
    expect(screen.getByTestId('location')).toHaveTextContent('/pair?code=AB3DEF7H');
  });
});
