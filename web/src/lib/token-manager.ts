// Keeps the signed-in session: the access token in memory only (never Web Storage), the refresh
// token in the server's HttpOnly cookie. Refreshes ahead of expiry, shares one in-flight refresh
// within the tab and serializes refreshes across tabs with the Web Locks API, because refresh
// tokens rotate and presenting a retired one revokes the whole family.
import { toSessionTokens, type SessionTokens } from './api-schema';
import { CSRF_COOKIE, readCookie } from './cookies';
import { sessionUserFromTokens, type SessionUser } from './jwt';

export const REFRESH_LOCK = 'ccrm-refresh';

export type RefreshOutcome =
  | { ok: true; tokens: SessionTokens }
  /**
   * no-session: there is no refresh cookie to present; rejected: the server refused it (revoked,
   * expired, wrong CSRF token); unavailable: network error or server trouble, worth retrying.
   */
  | { ok: false; reason: 'no-session' | 'rejected' | 'unavailable' };

export type SessionEvent =
  | { type: 'session'; user: SessionUser; expiresAt: number }
  | { type: 'expired' }
  | { type: 'signed-out' };

export type SessionStatus = 'none' | 'active' | 'expired';

/** The part of the Web Locks API used here (navigator.locks fits it). */
export interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

export interface TokenManagerOptions {
  /** Absolute base of the API. Default: this origin + /api/v1. */
  apiBase?: string;
  /** Default: the global fetch, looked up at call time. */
  fetch?: typeof fetch;
  now?: () => number;
  /** Default: navigator.locks where the browser has it; null turns cross-tab locking off. */
  locks?: LockManagerLike | null;
  /** Default: the ccrm_csrf cookie. */
  readCsrfToken?: () => string | null;
  /** Refresh this many seconds before the access token expires. */
  refreshLeadSeconds?: number;
  /** After a proactive refresh failed for a network or server reason, try again after this. */
  retryDelayMs?: number;
}

type Listener = (event: SessionEvent) => void;

function defaultLocks(): LockManagerLike | null {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks || typeof locks.request !== 'function') return null;
  return {
    request: <T,>(name: string, callback: () => Promise<T>) =>
      locks.request(name, () => callback()) as Promise<T>,
  };
}

function defaultApiBase(): string {
  const origin =
    typeof window !== 'undefined' && window.location ? window.location.origin : 'http://localhost';
  return `${origin}/api/v1`;
}

export class TokenManager {
  private readonly apiBase: string;
  private readonly fetchFn: typeof fetch;
  private readonly now: () => number;
  private readonly locks: LockManagerLike | null;
  private readonly readCsrf: () => string | null;
  private readonly leadMs: number;
  private readonly retryDelayMs: number;

  private status: SessionStatus = 'none';
  private accessToken: string | null = null;
  private user: SessionUser | null = null;
  private expiresAt: number | null = null;
  private inflight: Promise<RefreshOutcome> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Bumped whenever the session ends, so a refresh that was in flight cannot revive it. */
  private generation = 0;
  private readonly listeners = new Set<Listener>();
  private readonly waiters = new Set<(ok: boolean) => void>();

  constructor(options: TokenManagerOptions = {}) {
    this.apiBase = (options.apiBase ?? defaultApiBase()).replace(/\/+$/, '');
    this.fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
    this.now = options.now ?? (() => Date.now());
    this.locks = options.locks === undefined ? defaultLocks() : options.locks;
    this.readCsrf = options.readCsrfToken ?? (() => readCookie(CSRF_COOKIE));
    this.leadMs = (options.refreshLeadSeconds ?? 60) * 1000;
    this.retryDelayMs = options.retryDelayMs ?? 15_000;
  }

  // ---- reading -------------------------------------------------------------------------------

  getStatus(): SessionStatus {
    return this.status;
  }

  /** The access token to send, or null when there is no live session. */
  getAccessToken(): string | null {
    return this.status === 'active' ? this.accessToken : null;
  }

  getUser(): SessionUser | null {
    return this.user;
  }

  getExpiresAt(): number | null {
    return this.expiresAt;
  }

  /** Whether a refresh cookie is likely present (its readable CSRF twin is). */
  hasStoredSession(): boolean {
    return this.readCsrf() !== null;
  }

  /** Whether a refresh is running in this tab. */
  isRefreshing(): boolean {
    return this.inflight !== null;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- starting and ending a session ---------------------------------------------------------

  /** Takes the tokens of a sign-in or refresh reply and schedules the next refresh. */
  setTokens(tokens: SessionTokens): SessionUser {
    const user = sessionUserFromTokens(tokens.accessToken, tokens.idToken) ?? {
      sub: '',
      username: '',
      email: null,
      groups: [],
    };
    this.accessToken = tokens.accessToken;
    this.user = user;
    this.expiresAt = this.now() + tokens.expiresIn * 1000;
    this.status = 'active';
    this.schedule();
    this.emit({ type: 'session', user, expiresAt: this.expiresAt });
    this.settleWaiters(true);
    return user;
  }

  /**
   * The session can no longer be extended: drop the access token and tell the app, which asks the
   * user to sign in again over the current page. Who was signed in is kept for that prompt.
   */
  markExpired(): void {
    if (this.status === 'expired') return;
    this.generation += 1;
    this.cancelTimer();
    this.accessToken = null;
    this.expiresAt = null;
    this.status = 'expired';
    this.emit({ type: 'expired' });
  }

  /** Ends the session locally (no request). Requests waiting for a new sign-in give up. */
  clear(): void {
    this.generation += 1;
    this.cancelTimer();
    const wasSignedIn = this.status !== 'none' || this.user !== null;
    this.accessToken = null;
    this.user = null;
    this.expiresAt = null;
    this.status = 'none';
    this.settleWaiters(false);
    if (wasSignedIn) this.emit({ type: 'signed-out' });
  }

  /** Revokes the refresh token family on the server (cookie mode), then ends the session here. */
  async logout(): Promise<void> {
    this.cancelTimer();
    // A refresh under way rotates the cookie; revoke what it leaves behind, not what it retired.
    if (this.inflight) await this.inflight.catch(() => undefined);
    try {
      await this.exclusive(async () => {
        const csrf = this.readCsrf();
        if (!csrf) return;
        await this.fetchFn(`${this.apiBase}/auth/logout`, this.cookieRequest(csrf));
      });
    } catch {
      // The server may be unreachable; the session still ends in this tab.
    }
    this.clear();
  }

  /**
   * Resolves true once a session is active (at once if it is), false when the user signs out
   * instead or `signal` aborts. Requests that met an expired session wait here for the new
   * sign-in, then go on: the user continues where they were.
   */
  waitForSession(signal?: AbortSignal): Promise<boolean> {
    if (this.status === 'active') return Promise.resolve(true);
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const done = (ok: boolean) => {
        this.waiters.delete(done);
        signal?.removeEventListener('abort', onAbort);
        resolve(ok);
      };
      const onAbort = () => done(false);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(done);
    });
  }

  // ---- refreshing ----------------------------------------------------------------------------

  /**
   * New tokens from the refresh cookie. Concurrent callers in this tab share one request; across
   * tabs the Web Lock makes each request present the cookie the previous one left.
   */
  refresh(): Promise<RefreshOutcome> {
    if (this.inflight) return this.inflight;
    const generation = this.generation;
    const run = this.exclusive(() => this.requestRefresh())
      .catch((): RefreshOutcome => ({ ok: false, reason: 'unavailable' }))
      .then((outcome) => {
        if (outcome.ok) {
          if (generation !== this.generation && this.status === 'none') {
            // Signed out while the refresh ran: do not come back to life.
            return { ok: false, reason: 'rejected' } as const;
          }
          this.setTokens(outcome.tokens);
        }
        return outcome;
      })
      .finally(() => {
        if (this.inflight === run) this.inflight = null;
      });
    this.inflight = run;
    return run;
  }

  /**
   * After a request was refused (401) with `rejectedToken`: true when a newer token is there to
   * retry with. Joins a refresh in flight, and does not refresh again when one already replaced
   * the refused token.
   */
  async refreshAfterRejection(rejectedToken: string | null): Promise<boolean> {
    if (this.inflight) return (await this.inflight).ok;
    const current = this.getAccessToken();
    if (current !== null && current !== rejectedToken) return true;
    return (await this.refresh()).ok;
  }

  /** The token to send now; waits for a refresh in flight, so requests do not carry a stale one. */
  async getFreshAccessToken(): Promise<string | null> {
    if (this.inflight) await this.inflight;
    return this.getAccessToken();
  }

  /**
   * Refreshes at once when the token is close to expiry. Call when the page becomes visible:
   * timers of hidden tabs are throttled and a laptop may have slept through the scheduled one.
   */
  refreshIfDue(): void {
    if (this.status !== 'active' || this.expiresAt === null) return;
    if (this.expiresAt - this.now() <= this.leadMs) void this.proactiveRefresh();
  }

  /** Stops timers and forgets listeners (tests, hot reload). */
  dispose(): void {
    this.cancelTimer();
    this.listeners.clear();
    this.settleWaiters(false);
  }

  // ---- internals -----------------------------------------------------------------------------

  private async requestRefresh(): Promise<RefreshOutcome> {
    // Read inside the lock: another tab may just have rotated the cookies.
    const csrf = this.readCsrf();
    if (!csrf) return { ok: false, reason: 'no-session' };
    let response: Response;
    try {
      response = await this.fetchFn(`${this.apiBase}/auth/refresh`, this.cookieRequest(csrf));
    } catch {
      return { ok: false, reason: 'unavailable' };
    }
    if (!response.ok) {
      const refused = response.status === 400 || response.status === 401 || response.status === 403;
      return { ok: false, reason: refused ? 'rejected' : 'unavailable' };
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      return { ok: false, reason: 'unavailable' };
    }
    const tokens = toSessionTokens(body);
    return tokens ? { ok: true, tokens } : { ok: false, reason: 'rejected' };
  }

  private cookieRequest(csrf: string): RequestInit {
    return {
      method: 'POST',
      credentials: 'same-origin',
      cache: 'no-store',
      headers: {
        Accept: 'application/json',
        'Content-Type': 'application/json',
        'X-CSRF-Token': csrf,
      },
      body: JSON.stringify({ tokenDelivery: 'cookie' }),
    };
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.locks ? this.locks.request(REFRESH_LOCK, fn) : fn();
  }

  private schedule(): void {
    this.cancelTimer();
    if (this.status !== 'active' || this.expiresAt === null) return;
    const remaining = this.expiresAt - this.now();
    // Normally `lead` before expiry; a short-lived token is refreshed at half its life.
    const delay = remaining > 2 * this.leadMs ? remaining - this.leadMs : Math.max(remaining / 2, 1000);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.proactiveRefresh();
    }, delay);
  }

  private async proactiveRefresh(): Promise<void> {
    const generation = this.generation;
    const outcome = await this.refresh();
    if (outcome.ok || generation !== this.generation || this.status !== 'active') return;
    if (outcome.reason === 'unavailable') {
      this.cancelTimer();
      this.timer = setTimeout(() => {
        this.timer = null;
        void this.proactiveRefresh();
      }, this.retryDelayMs);
      return;
    }
    this.markExpired();
  }

  private cancelTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private emit(event: SessionEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }

  private settleWaiters(ok: boolean): void {
    for (const waiter of [...this.waiters]) waiter(ok);
  }
}
