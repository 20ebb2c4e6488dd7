// Routes of the profile feature, imported by src/app/router.tsx.
import type { RouteObject } from 'react-router';

export const profileRoutes: RouteObject[] = [
  {
    path: 'profile',
    lazy: async () => ({ Component: (await import('./components/profile-page')).ProfilePage }),
  },
];
