// Mirrors the token manager's events into the auth slice.
import type { Dispatch } from '@reduxjs/toolkit';
import type { TokenManager } from '@/lib/token-manager';
import { sessionExpired, sessionStarted, signedOut } from './auth-slice';

export function bindTokenManager(tokenManager: TokenManager, dispatch: Dispatch): () => void {
  return tokenManager.subscribe((event) => {
    switch (event.type) {
      case 'session':
        dispatch(sessionStarted({ user: event.user, expiresAt: event.expiresAt }));
        break;
      case 'expired':
        dispatch(sessionExpired());
        break;
      case 'signed-out':
        dispatch(signedOut());
        break;
    }
  });
}
