import { beforeEach, describe, expect, it } from 'vitest';
import { makeStore } from '@/app/store';
import { installFetchMock, problem, type FetchMock } from '@/test/fetch-mock';
import { tokenReply } from '@/test/tokens';
import { toSessionTokens } from './api-schema';
import { api } from './base-api';
import { TokenManager } from './token-manager';

// Endpoints that exist only for these tests.
const testApi = api.injectEndpoints({
  endpoints: (build) => ({
    getThing: build.query<{ id: string }, string>({ query: (id) => `things/${id}` }),
    saveThing: build.mutation<{ id: string }, { name: string }>({
      query: (body) => ({ url: 'things', method: 'POST', body }),
    }),
    publicThing: build.mutation<unknown, void>({
      query: () => ({ url: 'auth/login', method: 'POST', body: {} }),
      extraOptions: { anonymous: true },
    }),
  }),
});

async function flush(times = 50) {
  for (let i = 0; i < times; i++) await new Promise((r) => setTimeout(r, 0));
}

describe('baseQueryWithReauth', () => {
  let fetchMock: FetchMock;
  let tokenManager: TokenManager;
  let store: ReturnType<typeof makeStore>;
  let firstToken: string;

  beforeEach(() => {
    fetchMock = installFetchMock();
    document.cookie = 'ccrm_csrf=csrf-abc; path=/';
    tokenManager = new TokenManager({ locks: null });
    store = makeStore({ tokenManager });
    tokenManager.setTokens(toSessionTokens(tokenReply())!);
    firstToken = tokenManager.getAccessToken()!;
  });

  it('sends the access token as a bearer token to the API on this origin', async () => {
    fetchMock.on('GET', '/api/v1/things/1', { body: { id: '1' } });
    const result = await store.dispatch(testApi.endpoints.getThing.initiate('1'));
    expect(result.data).toEqual({ id: '1' });
    const [call] = fetchMock.calls;
    expect(call!.url).toBe('http://localhost:5173/api/v1/things/1');
    expect(call!.headers.get('Authorization')).toBe(`Bearer ${firstToken}`);
    expect(call!.credentials).toBe('same-origin');
  });

  it('on a 401 refreshes once and retries once with the new token', async () => {
    const fresh = tokenReply();
    fetchMock
      .sequence('GET', '/api/v1/things/1', [problem(401, 'The token has expired'), { body: { id: '1' } }])
      .on('POST', '/api/v1/auth/refresh', { body: fresh });

    const result = await store.dispatch(testApi.endpoints.getThing.initiate('1'));

    expect(result.data).toEqual({ id: '1' });
    expect(fetchMock.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'GET /api/v1/things/1',
      'POST /api/v1/auth/refresh',
      'GET /api/v1/things/1',
    ]);
    const refresh = fetchMock.calls[1]!;
    expect(refresh.body).toEqual({ tokenDelivery: 'cookie' });
    expect(refresh.headers.get('X-CSRF-Token')).toBe('csrf-abc');
    expect(fetchMock.calls[2]!.headers.get('Authorization')).toBe(`Bearer ${fresh.accessToken}`);
    expect(store.getState().auth.status).toBe('authenticated');
  });

  it('when the refresh fails: marks the session expired, waits for a new sign-in, then retries', async () => {
    fetchMock
      .sequence('POST', '/api/v1/things', [
        problem(401, 'The token has expired'),
        { status: 201, body: { id: 't1' } },
      ])
      .on('POST', '/api/v1/auth/refresh', problem(401, 'Refresh token revoked'));

    const pending = store.dispatch(testApi.endpoints.saveThing.initiate({ name: 'draft' }));
    await flush();

    // One refresh, no retry yet: the session is expired and the request waits.
    expect(fetchMock.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'POST /api/v1/things',
      'POST /api/v1/auth/refresh',
    ]);
    expect(store.getState().auth.status).toBe('expired');
    expect(store.getState().auth.user?.username).toBe('alice');

    // The user signs in again over the page.
    const again = tokenReply();
    tokenManager.setTokens(toSessionTokens(again)!);
    const result = await pending;

    expect(result.data).toEqual({ id: 't1' });
    expect(fetchMock.calls).toHaveLength(3);
    expect(fetchMock.calls[2]!.headers.get('Authorization')).toBe(`Bearer ${again.accessToken}`);
    expect(fetchMock.calls[2]!.body).toEqual({ name: 'draft' });
    expect(store.getState().auth.status).toBe('authenticated');
  });

  it('when the retry after a successful refresh is refused too: expired, no second refresh', async () => {
    fetchMock
      .on('GET', '/api/v1/things/1', problem(401, 'No groups left'))
      .on('POST', '/api/v1/auth/refresh', () => ({ body: tokenReply() }));

    const pending = store.dispatch(testApi.endpoints.getThing.initiate('1'));
    await flush();

    expect(fetchMock.callsTo('/api/v1/auth/refresh')).toHaveLength(1);
    expect(fetchMock.callsTo('/api/v1/things/1')).toHaveLength(2);
    expect(store.getState().auth.status).toBe('expired');

    // Signing out instead ends the wait with the original 401.
    tokenManager.clear();
    const result = await pending;
    expect(result.error).toMatchObject({ status: 401 });
    expect(store.getState().auth.status).toBe('anonymous');
  });

  it('shares one refresh between requests refused at the same time', async () => {
    let n = 0;
    fetchMock
      .on('GET', '/api/v1/things/1', (call) =>
        call.headers.get('Authorization') === `Bearer ${firstToken}`
          ? problem(401, 'expired')
          : { body: { id: '1' } },
      )
      .on('GET', '/api/v1/things/2', (call) =>
        call.headers.get('Authorization') === `Bearer ${firstToken}`
          ? problem(401, 'expired')
          : { body: { id: '2' } },
      )
      .on('POST', '/api/v1/auth/refresh', async () => {
        n += 1;
        await new Promise((r) => setTimeout(r, 10));
        return { body: tokenReply() };
      });

    const [a, b] = await Promise.all([
      store.dispatch(testApi.endpoints.getThing.initiate('1')),
      store.dispatch(testApi.endpoints.getThing.initiate('2')),
    ]);
    expect(a.data).toEqual({ id: '1' });
    expect(b.data).toEqual({ id: '2' });
    expect(n).toBe(1);
  });

  it('waits for a refresh in flight before sending, so it never sends a stale token', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const fresh = tokenReply();
    fetchMock
      .on('POST', '/api/v1/auth/refresh', async () => {
        await gate;
        return { body: fresh };
      })
      .on('GET', '/api/v1/things/1', { body: { id: '1' } });

    void tokenManager.refresh();
    const pending = store.dispatch(testApi.endpoints.getThing.initiate('1'));
    await flush(5);
    expect(fetchMock.callsTo('/api/v1/things/1')).toHaveLength(0);
    release();
    await pending;
    expect(fetchMock.callsTo('/api/v1/things/1')[0]!.headers.get('Authorization')).toBe(
      `Bearer ${fresh.accessToken}`,
    );
  });

  it('passes other errors through untouched', async () => {
    fetchMock.on(
      'POST',
      '/api/v1/things',
      problem(400, 'One or more fields are invalid.', [{ field: 'name', message: 'is required' }]),
    );
    const result = await store.dispatch(testApi.endpoints.saveThing.initiate({ name: '' }));
    expect(result.error).toMatchObject({
      status: 400,
      data: { detail: 'One or more fields are invalid.' },
    });
    expect(fetchMock.callsTo('/api/v1/auth/refresh')).toHaveLength(0);
  });

  it('sends public endpoints without a token and never refreshes for them', async () => {
    fetchMock.on('POST', '/api/v1/auth/login', problem(401, 'Incorrect username or password.'));
    const result = await store.dispatch(testApi.endpoints.publicThing.initiate());
    expect(result.error).toMatchObject({ status: 401 });
    expect(fetchMock.calls).toHaveLength(1);
    expect(fetchMock.calls[0]!.headers.get('Authorization')).toBeNull();
    expect(store.getState().auth.status).toBe('authenticated');
  });
});

describe('baseQueryWithReauth without a session', () => {
  it('lets a 401 stand when nobody is signed in', async () => {
    const fetchMock = installFetchMock();
    const tokenManager = new TokenManager({ locks: null });
    const store = makeStore({ tokenManager, auth: { status: 'anonymous' } });
    fetchMock.on('GET', '/api/v1/things/1', problem(401, 'No credentials'));
    const result = await store.dispatch(testApi.endpoints.getThing.initiate('1'));
    expect(result.error).toMatchObject({ status: 401 });
    expect(tokenManager.getStatus()).toBe('none');
    expect(store.getState().auth.status).toBe('anonymous');
    expect(fetchMock.callsTo('/api/v1/auth/refresh')).toHaveLength(0);
  });
});
