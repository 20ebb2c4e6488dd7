// Starting, restoring and ending the session: the token manager does the work, the auth slice
// follows its events (see bind-token-manager.ts).
import { createAsyncThunk, type ThunkAction, type UnknownAction } from '@reduxjs/toolkit';
import type { SessionTokens } from '@/lib/api-schema';
import { api } from '@/lib/base-api';
import type { SessionUser } from '@/lib/jwt';
import type { ThunkExtra } from '@/lib/thunk-extra';
import { restoreFailed, restoreStarted, type AuthState } from './auth-slice';

const createAppAsyncThunk = createAsyncThunk.withTypes<{
  state: { auth: AuthState };
  extra: ThunkExtra;
}>();

/**
 * At start: with a refresh cookie present, restore the session silently; otherwise (or when that
 * fails) the user is anonymous and sees the sign-in page.
 */
export const bootSession = createAppAsyncThunk(
  'auth/boot',
  async (_: void, { dispatch, extra }) => {
    const { tokenManager } = extra;
    if (!tokenManager.hasStoredSession()) {
      dispatch(restoreFailed());
      return false;
    }
    dispatch(restoreStarted());
    const outcome = await tokenManager.refresh();
    // On success the token manager's `session` event has already signed the user in.
    if (!outcome.ok) dispatch(restoreFailed());
    return outcome.ok;
  },
  { condition: (_, { getState }) => getState().auth.status === 'unknown' },
);

/** The last sign-in step answered tokens. */
export function completeSignIn(
  tokens: SessionTokens,
): ThunkAction<SessionUser, { auth: AuthState }, ThunkExtra, UnknownAction> {
  return (_dispatch, _getState, { tokenManager }) => tokenManager.setTokens(tokens);
}

/** Revokes the session on the server, forgets it here and drops every cached reply. */
export const signOut = createAppAsyncThunk('auth/signOut', async (_: void, { dispatch, extra }) => {
  await extra.tokenManager.logout();
  dispatch(api.util.resetApiState());
});
