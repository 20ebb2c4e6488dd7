// Routes of the lead page feature (/leads/:id), imported by src/app/router.tsx.
import type { RouteObject } from 'react-router';

export const leadDetailRoutes: RouteObject[] = [
  {
    path: 'leads/:id',
    lazy: async () => ({ Component: (await import('./components/lead-page')).LeadPage }),
  },
];
