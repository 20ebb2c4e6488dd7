// Routes of the dashboard feature, imported by src/app/router.tsx.
import type { RouteObject } from 'react-router';

export const dashboardRoutes: RouteObject[] = [
  {
    index: true,
    lazy: async () => ({ Component: (await import('./components/dashboard-page')).DashboardPage }),
  },
];
