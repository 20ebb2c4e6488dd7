// The route tree. Each feature exports its routes from src/features/<feature>/routes.tsx (one
// import line each below); every page is lazy-loaded so the sign-in bundle stays small.
import type { RouteObject } from 'react-router';
import { createBrowserRouter } from 'react-router';
import { FullPageLoader } from '@/components/full-page-loader';
import { NotFoundView } from '@/components/not-found-view';
import { adminRoutes } from '@/features/admin/routes';
import { authRoutes } from '@/features/auth/routes';
import { boardRoutes } from '@/features/board/routes';
import { dashboardRoutes } from '@/features/dashboard/routes';
import { callsRoutes } from '@/features/calls/routes';
import { deadlinesRoutes } from '@/features/deadlines/routes';
import { leadDetailRoutes } from '@/features/lead-detail/routes';
import { leadsRoutes } from '@/features/leads/routes';
import { profileRoutes } from '@/features/profile/routes';
import { screenPopRoutes } from '@/features/screen-pop/routes';
import { RequireSession } from './require-session';
import { RootLayout } from './root-layout';
import { RouteErrorPage } from './route-error-page';

/** Pages inside the app shell (signed in). */
const shellRoutes: RouteObject[] = [
  ...dashboardRoutes,
  ...leadsRoutes,
  ...leadDetailRoutes,
  ...boardRoutes,
  ...deadlinesRoutes,
  ...callsRoutes,
  ...screenPopRoutes,
  ...adminRoutes,
  ...profileRoutes,
  { path: '*', Component: NotFoundView },
];

export const appRoutes: RouteObject[] = [
  {
    Component: RootLayout,
    HydrateFallback: () => <FullPageLoader />,
    errorElement: <RouteErrorPage fullPage />,
    children: [
      ...authRoutes,
      {
        Component: RequireSession,
        children: [
          {
            lazy: async () => ({ Component: (await import('./shell/app-shell')).AppShell }),
            children: [
              // Errors of a page show inside the shell, so navigation stays usable.
              { errorElement: <RouteErrorPage />, children: shellRoutes },
            ],
          },
        ],
      },
    ],
  },
];

export function createAppRouter() {
  return createBrowserRouter(appRoutes);
}
