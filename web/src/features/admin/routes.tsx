// Routes of the admin feature (admins only; others get the not-found page), imported by
// src/app/router.tsx.
import type { RouteObject } from 'react-router';
import { RequireRole } from '@/components/require-role';

const page = (name: 'AdminOverviewPage' | 'UsersPage' | 'ApiKeysPage' | 'AuditLogPage') =>
  async () => ({ Component: (await import('./components/admin-pages'))[name] });

export const adminRoutes: RouteObject[] = [
  {
    path: 'admin',
    element: <RequireRole roles={['admin']} />,
    children: [
      { index: true, lazy: page('AdminOverviewPage') },
      { path: 'users', lazy: page('UsersPage') },
      { path: 'api-keys', lazy: page('ApiKeysPage') },
      { path: 'audit', lazy: page('AuditLogPage') },
    ],
  },
];
