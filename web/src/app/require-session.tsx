// A layout route for everything but sign-in: needs a session. While it is being restored the
// user sees a loader; without one, the sign-in page (which brings them back here afterwards).
// An expired session keeps the page mounted: the re-sign-in dialog goes over it.
import { Navigate, Outlet, useLocation } from 'react-router';
import { FullPageLoader } from '@/components/full-page-loader';
import { useAuthStatus } from '@/hooks/use-session';
import { signInPathFor } from '@/utils/safe-next-path';

export function RequireSession() {
  const status = useAuthStatus();
  const location = useLocation();
  if (status === 'unknown' || status === 'restoring') {
    return <FullPageLoader label="Restoring your session…" />;
  }
  if (status === 'anonymous') return <Navigate to={signInPathFor(location)} replace />;
  return <Outlet />;
}
