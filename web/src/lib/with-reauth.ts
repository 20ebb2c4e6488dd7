// The one rule for sending a request with the session's bearer token, shared by the RTK Query base
// query and the requests that cannot go through it (streamed downloads, uploads with progress):
// wait if the session is already known to be expired; send with a fresh token; on a 401 refresh
// once (or not, if a newer token already replaced the refused one) and retry once; if that is
// refused too, mark the session expired, wait for the new sign-in over the current page and send
// again, so nothing the user was doing is lost. Nobody signed in, or a sign-out during the wait:
// the first 401 stands.
import type { TokenManager } from './token-manager';

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

export async function withReauth<T>(
  tokens: TokenSource,
  send: (token: string | null) => Promise<T>,
  isUnauthorized: (reply: T) => boolean,
  signal?: AbortSignal,
): Promise<T> {
  if (tokens.getStatus() === 'expired') await tokens.waitForSession(signal);

  const token = await tokens.getFreshAccessToken();
  const first = await send(token);
  if (!isUnauthorized(first)) return first;

  if (await tokens.refreshAfterRejection(token)) {
    const retried = await send(tokens.getAccessToken());
    if (!isUnauthorized(retried)) return retried;
  }
  if (tokens.getUser() === null) return first;

  tokens.markExpired();
  if (await tokens.waitForSession(signal)) return send(tokens.getAccessToken());
  return first;
}
