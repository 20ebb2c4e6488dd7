// The root route: the current page, and the re-sign-in dialog over it when the session expired.
import { lazy, Suspense } from 'react';
import { Outlet, ScrollRestoration } from 'react-router';
import { useAuthStatus } from '@/hooks/use-session';

const SessionExpiredDialog = lazy(
  () => import('@/features/auth/components/session-expired-dialog'),
);

export function RootLayout() {
  const status = useAuthStatus();
  return (
    <>
      <Outlet />
      {status === 'expired' ? (
        <Suspense fallback={null}>
          <SessionExpiredDialog />
        </Suspense>
      ) : null}
      <ScrollRestoration />
    </>
  );
}
