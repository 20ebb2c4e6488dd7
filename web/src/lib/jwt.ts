// Reads the claims of our Cognito-shaped JWTs. No signature check: the server verifies every token;
// the client only needs who is signed in and which groups they are in, to shape the UI.
import type { Role } from './api-schema';

export type JwtClaims = Record<string, unknown>;

function base64UrlDecode(segment: string): string {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** The payload of a compact JWS, or null when the token is not one. */
export function decodeJwtPayload(token: string | null | undefined): JwtClaims | null {
  if (!token) return null;
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return null;
  try {
    const payload: unknown = JSON.parse(base64UrlDecode(parts[1]));
    return typeof payload === 'object' && payload !== null && !Array.isArray(payload)
      ? (payload as JwtClaims)
      : null;
  } catch {
    return null;
  }
}

const ROLES: readonly Role[] = ['admin', 'manager', 'agent'];

function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Who is signed in, as the tokens say. Serializable: it lives in the Redux store. */
export interface SessionUser {
  sub: string;
  username: string;
  email: string | null;
  groups: Role[];
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/**
 * The signed-in user from the access token, with the id token filling what the access token lacks
 * (Cognito puts `username` in the access token and `cognito:username` and `email` in the id token).
 */
export function sessionUserFromTokens(
  accessToken: string,
  idToken: string | null,
): SessionUser | null {
  const access = decodeJwtPayload(accessToken) ?? {};
  const id = decodeJwtPayload(idToken) ?? {};
  const sub = str(access.sub) ?? str(id.sub);
  if (!sub) return null;
  const rawGroups = access['cognito:groups'] ?? id['cognito:groups'];
  const groups = Array.isArray(rawGroups) ? rawGroups.filter(isRole) : [];
  return {
    sub,
    username:
      str(access.username) ??
      str(id['cognito:username']) ??
      str(id.username) ??
      str(access['cognito:username']) ??
      sub,
    email: str(id.email) ?? str(access.email),
    groups: ROLES.filter((r) => groups.includes(r)),
  };
}
