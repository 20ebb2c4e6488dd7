// Requests that cannot go through RTK Query's base query: file downloads read as a stream (an
// export of a large office is hundreds of megabytes; fetchBaseQuery would also read it whole as
// text) and uploads that report progress (XMLHttpRequest). They carry the bearer token from the
// TokenManager under the same 401 rules as the base query (src/lib/with-reauth.ts).
import { withReauth, type TokenSource } from '@/lib/with-reauth';

export type { TokenSource };

/** Sends with the bearer token under the session's 401 rules (src/lib/with-reauth.ts). */
export function withBearer<T extends { status: number }>(
  tokens: TokenSource,
  send: (token: string | null) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  return withReauth(tokens, send, (reply) => reply.status === 401, signal);
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
