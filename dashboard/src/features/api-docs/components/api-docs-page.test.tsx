import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../../test-utils.tsx';
import { reference } from '../api/reference.ts';
import { ApiDocsPage } from './api-docs-page.tsx';

describe('ApiDocsPage', () => {
  it('shows the versions, every client RPC with its signature and errors, and the realtime topics', () => {
    renderWithProviders(<ApiDocsPage />, { at: '/api', path: '/api' });
    expect(screen.getByRole('heading', { level: 1, name: 'API reference' })).toBeInTheDocument();
    expect(screen.getByText(reference.api_version)).toBeInTheDocument();
    expect(
      screen.getByText(/sync_progress\(days jsonb, today date, device_kind text = 'vscode'\)/),
    ).toBeVisible();
    const errors = screen.getByRole('list', { name: 'Errors of sync_progress' });
    expect(within(errors).getByText('client_outdated').parentElement).toHaveTextContent(
      '426 client_outdated',
    );
    expect(within(errors).getByText('too_many_days').parentElement).toHaveTextContent('400 too_many_days');
    for (const topic of ['leaderboard', 'player:<player_id>', 'team:<team_id>'])
      expect(screen.getByText(topic)).toBeInTheDocument();
  });

  it('filters functions by name', async () => {
    renderWithProviders(<ApiDocsPage />, { at: '/api', path: '/api' });
    await userEvent.type(screen.getByRole('searchbox', { name: 'Filter functions' }), 'pairing');
    expect(screen.getByText('redeem_pairing_code')).toBeInTheDocument();
    expect(screen.queryByText('sync_progress')).not.toBeInTheDocument();
  });
});
