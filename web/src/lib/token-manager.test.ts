import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFetchMock, jsonResponse, problem, type FetchMock } from '@/test/fetch-mock';
import { tokenReply } from '@/test/tokens';
import { toSessionTokens } from './api-schema';
import { REFRESH_LOCK, TokenManager, type LockManagerLike, type SessionEvent } from './token-manager';

const API = 'http://localhost:5173/api/v1';

function tokens(options: Parameters<typeof tokenReply>[0] = {}) {
  return toSessionTokens(tokenReply(options))!;
}

/** Resolves after pending promise callbacks ran (fake timers do not run microtasks by themselves). */
async function flush(times = 50) {
  for (let i = 0; i < times; i++) await Promise.resolve();
}

describe('TokenManager', () => {
  let fetchMock: FetchMock;
  let csrf: string | null;
  let events: SessionEvent[];

  function manager(extra: ConstructorParameters<typeof TokenManager>[0] = {}) {
    const tm = new TokenManager({
      apiBase: API,
      fetch: fetchMock.fn as unknown as typeof fetch,
      locks: null,
      readCsrfToken: () => csrf,
      ...extra,
    });
    tm.subscribe((e) => events.push(e));
    return tm;
  }

  beforeEach(() => {
    fetchMock = createFetchMock();
    csrf = 'csrf-1';
    events = [];
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  describe('cookie-mode requests', () => {
    it('refreshes with POST {tokenDelivery:"cookie"}, X-CSRF-Token and same-origin credentials', async () => {
      const reply = tokenReply({ username: 'bob', groups: ['manager'] });
      fetchMock.on('POST', '/api/v1/auth/refresh', { body: reply });
      const tm = manager();

      const outcome = await tm.refresh();

      expect(outcome.ok).toBe(true);
      const [call] = fetchMock.callsTo('/api/v1/auth/refresh');
      expect(fetchMock.calls).toHaveLength(1);
      expect(call!.method).toBe('POST');
      expect(call!.url).toBe(`${API}/auth/refresh`);
      expect(call!.body).toEqual({ tokenDelivery: 'cookie' });
      expect(call!.headers.get('X-CSRF-Token')).toBe('csrf-1');
      expect(call!.headers.get('Content-Type')).toBe('application/json');
      expect(call!.headers.get('Authorization')).toBeNull();
      expect(call!.credentials).toBe('same-origin');
      expect(tm.getAccessToken()).toBe(reply.accessToken);
      expect(tm.getUser()).toMatchObject({ username: 'bob', groups: ['manager'] });
      expect(events).toEqual([
        expect.objectContaining({ type: 'session', user: expect.objectContaining({ username: 'bob' }) }),
      ]);
    });

    it('reads the CSRF cookie at request time (another tab may have rotated it)', async () => {
      fetchMock.on('POST', '/api/v1/auth/refresh', () => ({ body: tokenReply() }));
      const tm = manager();
      await tm.refresh();
      csrf = 'csrf-2';
      await tm.refresh();
      expect(fetchMock.calls.map((c) => c.headers.get('X-CSRF-Token'))).toEqual(['csrf-1', 'csrf-2']);
    });

    it('does not call the server without a CSRF cookie', async () => {
      csrf = null;
      const tm = manager();
      expect(tm.hasStoredSession()).toBe(false);
      expect(await tm.refresh()).toEqual({ ok: false, reason: 'no-session' });
      expect(fetchMock.calls).toHaveLength(0);
    });

    it('logs out with POST {tokenDelivery:"cookie"} and X-CSRF-Token, then ends the session', async () => {
      fetchMock.on('POST', '/api/v1/auth/logout', new Response(null, { status: 204 }));
      const tm = manager();
      tm.setTokens(tokens());
      events.length = 0;

      await tm.logout();

      const [call] = fetchMock.callsTo('/api/v1/auth/logout', 'POST');
      expect(call!.body).toEqual({ tokenDelivery: 'cookie' });
      expect(call!.headers.get('X-CSRF-Token')).toBe('csrf-1');
      expect(call!.credentials).toBe('same-origin');
      expect(tm.getAccessToken()).toBeNull();
      expect(tm.getStatus()).toBe('none');
      expect(events).toEqual([{ type: 'signed-out' }]);
    });

    it('ends the session locally even when logout cannot reach the server', async () => {
      fetchMock.on('POST', '/api/v1/auth/logout', () => {
        throw new TypeError('Failed to fetch');
      });
      const tm = manager();
      tm.setTokens(tokens());
      await tm.logout();
      expect(tm.getStatus()).toBe('none');
    });

    it('classifies refresh failures', async () => {
      const tm = manager();
      fetchMock.on('POST', '/api/v1/auth/refresh', problem(401, 'Refresh token revoked'));
      expect(await tm.refresh()).toEqual({ ok: false, reason: 'rejected' });
      fetchMock.on('POST', '/api/v1/auth/refresh', problem(503, 'Storage unavailable'));
      expect(await tm.refresh()).toEqual({ ok: false, reason: 'unavailable' });
      fetchMock.on('POST', '/api/v1/auth/refresh', () => {
        throw new TypeError('Failed to fetch');
      });
      expect(await tm.refresh()).toEqual({ ok: false, reason: 'unavailable' });
      fetchMock.on('POST', '/api/v1/auth/refresh', { body: { tokenType: 'Bearer' } });
      expect(await tm.refresh()).toEqual({ ok: false, reason: 'rejected' });
    });
  });

  describe('single in-flight refresh', () => {
    it('shares one request between concurrent callers in the tab', async () => {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      fetchMock.on('POST', '/api/v1/auth/refresh', async () => {
        await gate;
        return { body: tokenReply() };
      });
      const tm = manager();

      const all = Promise.all([tm.refresh(), tm.refresh(), tm.refreshAfterRejection(null)]);
      expect(tm.isRefreshing()).toBe(true);
      release();
      const [a, b, c] = await all;

      expect(fetchMock.calls).toHaveLength(1);
      expect(a).toBe(b);
      expect(a.ok).toBe(true);
      expect(c).toBe(true);
      expect(tm.isRefreshing()).toBe(false);
    });

    it('starts a new request once the previous one settled', async () => {
      fetchMock.on('POST', '/api/v1/auth/refresh', () => ({ body: tokenReply() }));
      const tm = manager();
      await tm.refresh();
      await tm.refresh();
      expect(fetchMock.calls).toHaveLength(2);
    });

    it('does not refresh again when a newer token already replaced the refused one', async () => {
      fetchMock.on('POST', '/api/v1/auth/refresh', () => ({ body: tokenReply() }));
      const tm = manager();
      tm.setTokens(tokens());
      const stale = tm.getAccessToken();
      await tm.refresh();
      expect(fetchMock.calls).toHaveLength(1);

      expect(await tm.refreshAfterRejection(stale)).toBe(true);
      expect(fetchMock.calls).toHaveLength(1);

      // The current token itself refused: that needs a refresh.
      expect(await tm.refreshAfterRejection(tm.getAccessToken())).toBe(true);
      expect(fetchMock.calls).toHaveLength(2);
    });

    it('holds the Web Lock "ccrm-refresh" around the request', async () => {
      const order: string[] = [];
      const request = vi.fn(async (name: string, cb: () => Promise<unknown>) => {
        order.push(`acquire ${name}`);
        try {
          return await cb();
        } finally {
          order.push(`release ${name}`);
        }
      });
      const locks = { request } as unknown as LockManagerLike;
      fetchMock.on('POST', '/api/v1/auth/refresh', () => {
        order.push('fetch');
        return { body: tokenReply() };
      });
      const tm = manager({ locks });
      await tm.refresh();
      expect(request).toHaveBeenCalledWith(REFRESH_LOCK, expect.any(Function));
      expect(order).toEqual([`acquire ${REFRESH_LOCK}`, 'fetch', `release ${REFRESH_LOCK}`]);
    });

    it('serializes refreshes of two tabs so each presents the cookie the other left', async () => {
      // One shared lock and one shared cookie jar, as two tabs of one browser have.
      let tail = Promise.resolve();
      const sharedLocks: LockManagerLike = {
        request<T>(_name: string, cb: () => Promise<T>) {
          const run = tail.then(cb);
          tail = run.then(
            () => undefined,
            () => undefined,
          );
          return run;
        },
      };
      let cookie = 'csrf-0';
      let rotations = 0;
      const seen: string[] = [];
      fetchMock.on('POST', '/api/v1/auth/refresh', async (call) => {
        seen.push(call.headers.get('X-CSRF-Token')!);
        await new Promise((r) => setTimeout(r, 5));
        rotations += 1;
        cookie = `csrf-${rotations}`;
        return { body: tokenReply() };
      });
      const tab = () =>
        new TokenManager({
          apiBase: API,
          fetch: fetchMock.fn as unknown as typeof fetch,
          locks: sharedLocks,
          readCsrfToken: () => cookie,
        });
      const [a, b] = await Promise.all([tab().refresh(), tab().refresh()]);
      expect(a.ok && b.ok).toBe(true);
      expect(seen).toEqual(['csrf-0', 'csrf-1']);
    });
  });

  describe('refresh timing', () => {
    it('refreshes 60 s before the access token expires', async () => {
      vi.useFakeTimers();
      fetchMock.on('POST', '/api/v1/auth/refresh', () => ({ body: tokenReply({ expiresIn: 3600 }) }));
      const tm = manager();
      tm.setTokens(tokens({ expiresIn: 3600 }));
      expect(tm.getExpiresAt()).toBe(Date.now() + 3_600_000);

      await vi.advanceTimersByTimeAsync(3_540_000 - 1);
      expect(fetchMock.calls).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(1);
      await flush();
      expect(fetchMock.calls).toHaveLength(1);

      // And again for the new token.
      await vi.advanceTimersByTimeAsync(3_540_000);
      await flush();
      expect(fetchMock.calls).toHaveLength(2);
      tm.dispose();
    });

    it('refreshes a short-lived token at half its life', async () => {
      vi.useFakeTimers();
      fetchMock.on('POST', '/api/v1/auth/refresh', () => ({ body: tokenReply({ expiresIn: 3600 }) }));
      const tm = manager();
      tm.setTokens(tokens({ expiresIn: 90 }));
      await vi.advanceTimersByTimeAsync(44_999);
      expect(fetchMock.calls).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(1);
      await flush();
      expect(fetchMock.calls).toHaveLength(1);
      tm.dispose();
    });

    it('honours a custom lead time', async () => {
      vi.useFakeTimers();
      fetchMock.on('POST', '/api/v1/auth/refresh', () => ({ body: tokenReply() }));
      const tm = manager({ refreshLeadSeconds: 300 });
      tm.setTokens(tokens({ expiresIn: 3600 }));
      await vi.advanceTimersByTimeAsync(3_300_000);
      await flush();
      expect(fetchMock.calls).toHaveLength(1);
      tm.dispose();
    });

    it('retries a proactive refresh that failed for network reasons, without expiring', async () => {
      vi.useFakeTimers();
      fetchMock.sequence('POST', '/api/v1/auth/refresh', [
        () => {
          throw new TypeError('Failed to fetch');
        },
        { body: tokenReply() },
      ]);
      const tm = manager({ retryDelayMs: 15_000 });
      tm.setTokens(tokens({ expiresIn: 3600 }));
      await vi.advanceTimersByTimeAsync(3_540_000);
      await flush();
      expect(fetchMock.calls).toHaveLength(1);
      expect(tm.getStatus()).toBe('active');
      await vi.advanceTimersByTimeAsync(15_000);
      await flush();
      expect(fetchMock.calls).toHaveLength(2);
      expect(tm.getStatus()).toBe('active');
      expect(events.filter((e) => e.type === 'expired')).toHaveLength(0);
      tm.dispose();
    });

    it('marks the session expired when the server refuses the proactive refresh', async () => {
      vi.useFakeTimers();
      fetchMock.on('POST', '/api/v1/auth/refresh', problem(401, 'Refresh token revoked'));
      const tm = manager();
      tm.setTokens(tokens({ expiresIn: 3600, username: 'carol' }));
      await vi.advanceTimersByTimeAsync(3_540_000);
      await flush();
      expect(tm.getStatus()).toBe('expired');
      expect(tm.getAccessToken()).toBeNull();
      expect(tm.getUser()?.username).toBe('carol');
      expect(events.at(-1)).toEqual({ type: 'expired' });
    });

    it('refreshes at once when the page becomes visible close to expiry', async () => {
      vi.useFakeTimers();
      fetchMock.on('POST', '/api/v1/auth/refresh', () => ({ body: tokenReply() }));
      const tm = manager();
      tm.setTokens(tokens({ expiresIn: 3600 }));
      tm.refreshIfDue();
      expect(fetchMock.calls).toHaveLength(0);
      vi.setSystemTime(Date.now() + 3_570_000); // slept through the timer
      tm.refreshIfDue();
      await flush();
      expect(fetchMock.calls).toHaveLength(1);
      tm.dispose();
    });

    it('stops the timer on sign-out', async () => {
      vi.useFakeTimers();
      fetchMock.on('POST', '/api/v1/auth/logout', new Response(null, { status: 204 }));
      const tm = manager();
      tm.setTokens(tokens({ expiresIn: 3600 }));
      await tm.logout();
      await vi.advanceTimersByTimeAsync(4_000_000);
      expect(fetchMock.callsTo('/api/v1/auth/refresh')).toHaveLength(0);
    });
  });

  describe('session lifecycle', () => {
    it('keeps the access token in memory only', () => {
      const tm = manager();
      tm.setTokens(tokens());
      const serialized = JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage });
      expect(serialized).not.toContain(tm.getAccessToken()!);
      expect(localStorage.length + sessionStorage.length).toBe(0);
    });

    it('lets waiters continue once the user signs in again', async () => {
      const tm = manager();
      tm.setTokens(tokens());
      tm.markExpired();
      expect(tm.getStatus()).toBe('expired');
      const waiting = tm.waitForSession();
      let settled = false;
      void waiting.then(() => (settled = true));
      await flush();
      expect(settled).toBe(false);
      tm.setTokens(tokens());
      expect(await waiting).toBe(true);
    });

    it('tells waiters to give up on sign-out or abort', async () => {
      const tm = manager();
      tm.setTokens(tokens());
      tm.markExpired();
      const controller = new AbortController();
      const aborted = tm.waitForSession(controller.signal);
      const signedOut = tm.waitForSession();
      controller.abort();
      expect(await aborted).toBe(false);
      tm.clear();
      expect(await signedOut).toBe(false);
    });

    it('does not come back to life when a refresh finishes after sign-out', async () => {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      fetchMock.on('POST', '/api/v1/auth/refresh', async () => {
        await gate;
        return jsonResponse(200, tokenReply());
      });
      const tm = manager();
      const pending = tm.refresh();
      tm.clear();
      release();
      expect((await pending).ok).toBe(false);
      expect(tm.getStatus()).toBe('none');
      expect(tm.getAccessToken()).toBeNull();
    });

    it('emits expired once', () => {
      const tm = manager();
      tm.setTokens(tokens());
      tm.markExpired();
      tm.markExpired();
      expect(events.filter((e) => e.type === 'expired')).toHaveLength(1);
    });
  });
});
