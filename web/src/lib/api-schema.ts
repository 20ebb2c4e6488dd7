// Payload types taken from the generated contract (api-types.ts, made by `npm run gen:api` from
// api/openapi.yaml), so a contract change breaks the web build instead of the running app.
import type { components, paths } from './api-types';

type Schemas = components['schemas'];

/** The JSON body an operation accepts. */
export type JsonRequest<
  P extends keyof paths,
  M extends 'post' | 'put' | 'patch',
> = paths[P][M] extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

export type User = Schemas['User'];
export type Role = NonNullable<User['groups']>[number];
export type Tokens = Schemas['Tokens'];
export type Challenge = Schemas['Challenge'];
export type ChallengeName = NonNullable<Challenge['challenge']>;
export type Problem = Schemas['Problem'];
export type ApiKey = Schemas['ApiKey'];
export type AuditRecord = Schemas['AuditRecord'];
export type Lead = Schemas['Lead'];
export type LeadStatus = Schemas['LeadStatus'];

/**
 * Cookie token delivery: the server keeps the refresh token in an HttpOnly cookie (`ccrm_refresh`)
 * and sets a readable `ccrm_csrf` cookie that refresh and logout must echo in `X-CSRF-Token`.
 * Declared here as well as in the contract so the web build does not depend on when the member
 * lands in api/openapi.yaml.
 */
export interface CookieDelivery {
  tokenDelivery?: 'cookie';
}

export type LoginRequest = JsonRequest<'/api/v1/auth/login', 'post'> & CookieDelivery;
export type MfaRequest = JsonRequest<'/api/v1/auth/mfa', 'post'> & CookieDelivery;
export type NewPasswordRequest = JsonRequest<'/api/v1/auth/new-password', 'post'> & CookieDelivery;
export type ChangePasswordRequest = JsonRequest<'/api/v1/users/me/password', 'post'>;
export type VerifyTotpRequest = JsonRequest<'/api/v1/users/me/mfa/totp/verify', 'post'>;
export type TotpEnrolment =
  paths['/api/v1/users/me/mfa/totp']['post']['responses']['200']['content']['application/json'];

/** What login and new-password answer: tokens, or the next challenge. */
export type SignInReply = Tokens | Challenge;

/** Tokens as this app keeps them: the members it needs, checked to be present. */
export interface SessionTokens {
  accessToken: string;
  idToken: string | null;
  /** Lifetime in seconds, counted from when the reply arrived. */
  expiresIn: number;
}

/** Narrows a reply of login, mfa, new-password or refresh to usable tokens, or null. */
export function toSessionTokens(reply: unknown): SessionTokens | null {
  if (typeof reply !== 'object' || reply === null) return null;
  const t = reply as Tokens;
  if (typeof t.accessToken !== 'string' || t.accessToken === '') return null;
  const expiresIn =
    typeof t.expiresIn === 'number' && Number.isFinite(t.expiresIn) && t.expiresIn > 0
      ? t.expiresIn
      : 3600;
  return {
    accessToken: t.accessToken,
    idToken: typeof t.idToken === 'string' && t.idToken !== '' ? t.idToken : null,
    expiresIn,
  };
}

/** The challenge in a sign-in reply, or null when the reply carries tokens. */
export function toChallenge(
  reply: unknown,
): { challenge: ChallengeName; session: string } | null {
  if (typeof reply !== 'object' || reply === null) return null;
  const c = reply as Challenge;
  if (
    (c.challenge === 'NEW_PASSWORD_REQUIRED' || c.challenge === 'SOFTWARE_TOKEN_MFA') &&
    typeof c.session === 'string'
  ) {
    return { challenge: c.challenge, session: c.session };
  }
  return null;
}
