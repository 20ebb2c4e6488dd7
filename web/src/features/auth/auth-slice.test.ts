import { beforeEach, describe, expect, it } from 'vitest';
import { makeStore } from '@/app/store';
import { toSessionTokens } from '@/lib/api-schema';
import { api } from '@/lib/base-api';
import type { SessionUser } from '@/lib/jwt';
import { TokenManager } from '@/lib/token-manager';
import { installFetchMock, problem, type FetchMock } from '@/test/fetch-mock';
import { tokenReply } from '@/test/tokens';
import {
  authReducer,
  initialAuthState,
  restoreFailed,
  restoreStarted,
  selectAuthStatus,
  selectIsSignedIn,
  selectSessionGroups,
  sessionExpired,
  sessionStarted,
  signedOut,
} from './auth-slice';
import { bootSession, completeSignIn, signOut } from './session-thunks';

const user: SessionUser = { sub: 'usr_1', username: 'alice', email: null, groups: ['agent'] };

describe('auth slice reducers', () => {
  it('starts unknown', () => {
    expect(authReducer(undefined, { type: '@@init' })).toEqual(initialAuthState);
    expect(initialAuthState.status).toBe('unknown');
  });

  it('goes unknown → restoring → authenticated', () => {
    let state = authReducer(initialAuthState, restoreStarted());
    expect(state.status).toBe('restoring');
    state = authReducer(state, sessionStarted({ user, expiresAt: 123 }));
    expect(state).toEqual({ status: 'authenticated', user, expiresAt: 123 });
  });

  it('goes restoring → anonymous when restoring fails', () => {
    const state = authReducer(authReducer(initialAuthState, restoreStarted()), restoreFailed());
    expect(state.status).toBe('anonymous');
  });

  it('does not let a late restore failure sign an authenticated user out', () => {
    const signedIn = authReducer(initialAuthState, sessionStarted({ user, expiresAt: 1 }));
    expect(authReducer(signedIn, restoreFailed()).status).toBe('authenticated');
    expect(authReducer(signedIn, restoreStarted()).status).toBe('authenticated');
  });

  it('keeps the user when the session expires, so the prompt can name them', () => {
    const signedIn = authReducer(initialAuthState, sessionStarted({ user, expiresAt: 1 }));
    const expired = authReducer(signedIn, sessionExpired());
    expect(expired).toEqual({ status: 'expired', user, expiresAt: null });
    expect(authReducer(expired, sessionStarted({ user, expiresAt: 2 })).status).toBe('authenticated');
  });

  it('treats an expiry without a user as no session', () => {
    expect(authReducer({ ...initialAuthState, status: 'anonymous' }, sessionExpired()).status).toBe(
      'anonymous',
    );
  });

  it('forgets the user on sign-out', () => {
    const signedIn = authReducer(initialAuthState, sessionStarted({ user, expiresAt: 1 }));
    expect(authReducer(signedIn, signedOut())).toEqual({
      status: 'anonymous',
      user: null,
      expiresAt: null,
    });
  });

  it('selects', () => {
    const state = { auth: { status: 'authenticated' as const, user, expiresAt: 1 } };
    expect(selectAuthStatus(state)).toBe('authenticated');
    expect(selectIsSignedIn(state)).toBe(true);
    expect(selectSessionGroups(state)).toEqual(['agent']);
    expect(selectSessionGroups({ auth: initialAuthState })).toBeNull();
  });
});

describe('session thunks', () => {
  let fetchMock: FetchMock;
  let tokenManager: TokenManager;
  let store: ReturnType<typeof makeStore>;

  beforeEach(() => {
    fetchMock = installFetchMock();
    tokenManager = new TokenManager({ locks: null });
    store = makeStore({ tokenManager });
  });

  it('boot without a refresh cookie: anonymous, no request', async () => {
    await store.dispatch(bootSession());
    expect(store.getState().auth.status).toBe('anonymous');
    expect(fetchMock.calls).toHaveLength(0);
  });

  it('boot with a refresh cookie: silent refresh, then authenticated', async () => {
    document.cookie = 'ccrm_csrf=c1; path=/';
    fetchMock.on('POST', '/api/v1/auth/refresh', { body: tokenReply({ username: 'dana', groups: ['manager'] }) });
    const pending = store.dispatch(bootSession());
    expect(store.getState().auth.status).toBe('restoring');
    await pending;
    expect(store.getState().auth).toMatchObject({
      status: 'authenticated',
      user: { username: 'dana', groups: ['manager'] },
    });
    expect(fetchMock.calls[0]!.headers.get('X-CSRF-Token')).toBe('c1');
  });

  it('boot whose refresh is refused: anonymous', async () => {
    document.cookie = 'ccrm_csrf=c1; path=/';
    fetchMock.on('POST', '/api/v1/auth/refresh', problem(401, 'revoked'));
    await store.dispatch(bootSession());
    expect(store.getState().auth.status).toBe('anonymous');
  });

  it('boots only once', async () => {
    await store.dispatch(bootSession());
    document.cookie = 'ccrm_csrf=c1; path=/';
    await store.dispatch(bootSession());
    expect(fetchMock.calls).toHaveLength(0);
  });

  it('completeSignIn hands the tokens to the token manager', () => {
    const reply = tokenReply({ username: 'erin' });
    const signedIn = store.dispatch(completeSignIn(toSessionTokens(reply)!));
    expect(signedIn.username).toBe('erin');
    expect(tokenManager.getAccessToken()).toBe(reply.accessToken);
    expect(store.getState().auth.status).toBe('authenticated');
  });

  it('signOut revokes on the server, forgets the session and empties the API cache', async () => {
    document.cookie = 'ccrm_csrf=c9; path=/';
    fetchMock
      .on('POST', '/api/v1/auth/logout', new Response(null, { status: 204 }))
      .on('GET', '/api/v1/users/me', { body: { id: 'usr_1', username: 'alice' } });
    store.dispatch(completeSignIn(toSessionTokens(tokenReply())!));
    const { meApi } = await import('@/lib/me-api');
    await store.dispatch(meApi.endpoints.getMe.initiate());
    expect(Object.keys(store.getState()[api.reducerPath].queries)).toHaveLength(1);

    await store.dispatch(signOut());

    const logout = fetchMock.callsTo('/api/v1/auth/logout')[0]!;
    expect(logout.body).toEqual({ tokenDelivery: 'cookie' });
    expect(logout.headers.get('X-CSRF-Token')).toBe('c9');
    expect(store.getState().auth.status).toBe('anonymous');
    expect(store.getState().auth.user).toBeNull();
    expect(tokenManager.getAccessToken()).toBeNull();
    expect(store.getState()[api.reducerPath].queries).toEqual({});
  });
});
