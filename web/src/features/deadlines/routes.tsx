// Routes of the deadlines feature, imported by src/app/router.tsx.
import type { RouteObject } from 'react-router';

export const deadlinesRoutes: RouteObject[] = [
  {
    path: 'deadlines',
    lazy: async () => ({ Component: (await import('./components/deadlines-page')).DeadlinesPage }),
  },
];
