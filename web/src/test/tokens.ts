// Unsigned JWTs shaped like ours, for tests (the client never verifies signatures).

function base64Url(value: string): string {
  const bytes = new TextEncoder().encode(value);
  let binary = '';
  bytes.forEach((b) => (binary += String.fromCharCode(b)));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function makeJwt(claims: Record<string, unknown>): string {
  return [
    base64Url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'test' })),
    base64Url(JSON.stringify(claims)),
    'c2lnbmF0dXJl',
  ].join('.');
}

let serial = 0;

export interface TestTokenOptions {
  username?: string;
  sub?: string;
  groups?: string[];
  email?: string;
  expiresIn?: number;
}

/** A Tokens reply as the server sends it in cookie mode (no refreshToken). */
export function tokenReply(options: TestTokenOptions = {}) {
  serial += 1;
  const { username = 'alice', sub = 'usr_alice', groups = ['agent'], email, expiresIn = 3600 } =
    options;
  const common = { sub, 'cognito:groups': groups, iss: 'http://localhost', jti: `jti-${serial}` };
  return {
    accessToken: makeJwt({ ...common, token_use: 'access', username, client_id: 'web' }),
    idToken: makeJwt({
      ...common,
      token_use: 'id',
      'cognito:username': username,
      ...(email ? { email } : {}),
    }),
    expiresIn,
    tokenType: 'Bearer',
  };
}
