// Routes of the screen-pop feature, imported by src/app/router.tsx.
import type { RouteObject } from 'react-router';

export const screenPopRoutes: RouteObject[] = [
  {
    path: 'screen-pop',
    lazy: async () => ({ Component: (await import('./components/screen-pop-page')).ScreenPopPage }),
  },
];
