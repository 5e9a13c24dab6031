import { SyncError } from '@breath-master/sync/errors';
import { act, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { noteClientOutdated, useClientOutdated } from '../shared/client-outdated.ts';
import { describeError } from '../shared/errors.ts';
import { ClientOutdatedBanner } from './client-outdated-banner.tsx';

afterEach(() => useClientOutdated.setState({ outdated: false }));

describe('ClientOutdatedBanner', () => {
  it('stays hidden for other errors and appears once the server answers client_outdated', () => {
    render(<ClientOutdatedBanner />);
    act(() => noteClientOutdated(new SyncError('not_registered', 'final', 404)));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    act(() => noteClientOutdated(new SyncError('client_outdated', 'final', 426)));
    expect(screen.getByRole('alert')).toHaveTextContent('older than the server accepts');
    expect(screen.getByRole('button', { name: 'Reload to update' })).toBeInTheDocument();
  });

  it('has a sentence for the code wherever errors are shown inline', () => {
    expect(describeError(new SyncError('client_outdated', 'final', 426))).toMatch(/reload/i);
  });
});
