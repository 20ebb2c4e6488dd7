// Routes of the calls feature, imported by src/app/router.tsx.
import type { RouteObject } from 'react-router';

export const callsRoutes: RouteObject[] = [
  {
    path: 'calls',
    lazy: async () => ({ Component: (await import('./components/calls-page')).CallsPage }),
  },
];
