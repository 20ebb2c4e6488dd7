// Routes of the leads feature, imported by src/app/router.tsx.
import type { RouteObject } from 'react-router';

export const leadsRoutes: RouteObject[] = [
  {
    path: 'leads',
    lazy: async () => ({ Component: (await import('./components/leads-page')).LeadsPage }),
  },
  {
    // A static segment: ranked above the lead page's leads/:id.
    path: 'leads/import',
    lazy: async () => ({ Component: (await import('./components/lead-import-page')).LeadImportPage }),
  },
];
