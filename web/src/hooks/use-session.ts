// Who is signed in, for any feature. (Session state is kept by the auth feature; this is the one
// door other code uses, so features need not import each other.)
import { useAppSelector } from '@/app/hooks';
import {
  selectAuthStatus,
  selectSessionUser,
  type AuthStatus,
} from '@/features/auth/auth-slice';
import type { SessionUser } from '@/lib/jwt';

export function useSessionUser(): SessionUser | null {
  return useAppSelector(selectSessionUser);
}

export function useAuthStatus(): AuthStatus {
  return useAppSelector(selectAuthStatus);
}
