// Routes of the auth feature (the sign-in page), imported by src/app/router.tsx.
import type { RouteObject } from 'react-router';

export const authRoutes: RouteObject[] = [
  {
    path: 'sign-in',
    lazy: async () => ({ Component: (await import('./components/sign-in-page')).SignInPage }),
  },
];
