// A layout route that shows its children only to some roles; others get the not-found page,
// as the API answers 404 to roles that may not see a route.
import { Outlet } from 'react-router';
import { useHasRole } from '@/hooks/use-role';
import type { Role } from '@/lib/api-schema';
import { NotFoundView } from './not-found-view';

export function RequireRole({ roles }: { roles: readonly Role[] }) {
  return useHasRole(roles) ? <Outlet /> : <NotFoundView />;
}
