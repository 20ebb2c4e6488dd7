// Requests that cannot go through RTK Query's base query: file downloads read as a stream (an
// export of a large office is hundreds of megabytes; fetchBaseQuery would also read it whole as
// text) and uploads that report progress (XMLHttpRequest). They carry the bearer token from the
// TokenManager and follow the same rules as src/lib/base-query.ts: on a 401 one refresh (or none
// if a newer token already replaced the refused one) and one retry; if that fails too, the
// session is marked expired and the request waits for the new sign-in, then runs again.
import type { TokenManager } from '@/lib/token-manager';

/** The part of TokenManager used here (tests pass a real one with a mocked fetch). */
export type TokenSource = Pick<
  TokenManager,
  | 'getStatus'
  | 'getFreshAccessToken'
  | 'getAccessToken'
  | 'refreshAfterRejection'
  | 'getUser'
  | 'markExpired'
  | 'waitForSession'
>;

export async function withBearer<T extends { status: number }>(
  tokens: TokenSource,
  send: (token: string | null) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  if (tokens.getStatus() === 'expired') await tokens.waitForSession(signal);

  const token = await tokens.getFreshAccessToken();
  const first = await send(token);
  if (first.status !== 401) return first;

  if (await tokens.refreshAfterRejection(token)) {
    const retried = await send(tokens.getAccessToken());
    if (retried.status !== 401) return retried;
  }
  if (tokens.getUser() === null) return first;

  tokens.markExpired();
  if (await tokens.waitForSession(signal)) return send(tokens.getAccessToken());
  return first;
}

/** An error shaped like RTK Query's FetchBaseQueryError, so problemFromError() reads it. */
export type RequestError =
  | { status: number; data: unknown }
  | { status: 'FETCH_ERROR'; error: string }
  | { status: 'CUSTOM_ERROR'; error: string; data?: unknown };

export function isAbortError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'name' in error &&
    (error as { name: unknown }).name === 'AbortError'
  );
}

export function abortError(): DOMException {
  return new DOMException('The operation was aborted.', 'AbortError');
}

/** Parses a reply body as the problem JSON it should be; null for anything else. */
export function parseProblemText(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

export function apiUrl(path: string, params?: URLSearchParams): string {
  const query = params?.toString();
  return `${window.location.origin}/api/v1/${path.replace(/^\/+/, '')}${query ? `?${query}` : ''}`;
}

/** 1536 → "1.5 KB"; decimal units, as file managers show them. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1000) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value >= 100 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}
