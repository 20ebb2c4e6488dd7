// The session as the UI sees it. Tokens stay in the token manager (memory only, never in the
// store, so they show up in no devtools or serialized state); this slice mirrors who is signed in.
import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { SessionUser } from '@/lib/jwt';

export type AuthStatus =
  /** Not known yet: the app has just started. */
  | 'unknown'
  /** A silent refresh from the refresh cookie is under way. */
  | 'restoring'
  | 'authenticated'
  | 'anonymous'
  /** Was signed in, can no longer refresh: ask for a sign-in over the current page. */
  | 'expired';

export interface AuthState {
  status: AuthStatus;
  user: SessionUser | null;
  /** When the access token expires (ms since the epoch). */
  expiresAt: number | null;
}

export const initialAuthState: AuthState = { status: 'unknown', user: null, expiresAt: null };

export const authSlice = createSlice({
  name: 'auth',
  initialState: initialAuthState,
  reducers: {
    restoreStarted(state) {
      if (state.status === 'unknown') state.status = 'restoring';
    },
    restoreFailed(state) {
      if (state.status === 'unknown' || state.status === 'restoring') {
        state.status = 'anonymous';
        state.user = null;
        state.expiresAt = null;
      }
    },
    sessionStarted(state, action: PayloadAction<{ user: SessionUser; expiresAt: number }>) {
      state.status = 'authenticated';
      state.user = action.payload.user;
      state.expiresAt = action.payload.expiresAt;
    },
    sessionExpired(state) {
      state.expiresAt = null;
      // Only a session that existed can expire; otherwise there is simply none.
      state.status = state.user ? 'expired' : 'anonymous';
    },
    signedOut(state) {
      state.status = 'anonymous';
      state.user = null;
      state.expiresAt = null;
    },
  },
  selectors: {
    selectAuthStatus: (state) => state.status,
    selectSessionUser: (state) => state.user,
    selectSessionGroups: (state) => state.user?.groups ?? null,
    selectIsSignedIn: (state) => state.status === 'authenticated',
  },
});

export const { restoreStarted, restoreFailed, sessionStarted, sessionExpired, signedOut } =
  authSlice.actions;
export const { selectAuthStatus, selectSessionUser, selectSessionGroups, selectIsSignedIn } =
  authSlice.selectors;
export const authReducer = authSlice.reducer;
