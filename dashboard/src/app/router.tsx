import { createBrowserRouter } from 'react-router';
import { LeaderboardPage } from '../features/leaderboard/components/leaderboard-page.tsx';
import { Layout } from './layout.tsx';
import { NotFound } from './not-found.tsx';

// The leaderboard is the landing page and ships in the first chunk; every other page is its own chunk.
export function createRouter() {
  return createBrowserRouter([
    {
      path: '/',
      element: <Layout />,
      children: [
        { index: true, element: <LeaderboardPage /> },
        {
          path: 'breathe',
          lazy: async () => ({
            Component: (await import('../features/breathe/components/breathe-page.tsx')).BreathePage,
          }),
        },
        {
          path: 'me',
          lazy: async () => ({
            Component: (await import('../features/progress/components/me-page.tsx')).MePage,
          }),
        },
        {
          path: 'pair',
          lazy: async () => ({
            Component: (await import('../features/progress/components/pair-page.tsx')).PairPage,
          }),
        },
        {
          path: 'import',
          lazy: async () => ({
            Component: (await import('../features/import/components/import-page.tsx')).ImportPage,
          }),
        },
        {
          path: 'teams',
          lazy: async () => ({
            Component: (await import('../features/teams/components/teams-page.tsx')).TeamsPage,
          }),
        },
        {
          path: 'teams/:id',
          lazy: async () => ({
            Component: (await import('../features/teams/components/team-page.tsx')).TeamPage,
          }),
        },
        {
          path: 'join',
          lazy: async () => ({
            Component: (await import('../features/teams/components/join-page.tsx')).JoinPage,
          }),
        },
        {
          path: 'admin',
          lazy: async () => ({
            Component: (await import('../features/admin/components/admin-page.tsx')).AdminPage,
          }),
        },
        {
          path: 'api',
          lazy: async () => ({
            Component: (await import('../features/api-docs/components/api-docs-page.tsx')).ApiDocsPage,
          }),
        },
        { path: '*', element: <NotFound /> },
      ],
    },
  ]);
}
