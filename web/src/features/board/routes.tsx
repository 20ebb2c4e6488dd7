// Routes of the board feature, imported by src/app/router.tsx.
import type { RouteObject } from 'react-router';

export const boardRoutes: RouteObject[] = [
  {
    path: 'board',
    lazy: async () => ({ Component: (await import('./components/board-page')).BoardPage }),
  },
];
