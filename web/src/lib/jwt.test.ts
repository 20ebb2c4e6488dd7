import { describe, expect, it } from 'vitest';
import { makeJwt } from '@/test/tokens';
import { decodeJwtPayload, sessionUserFromTokens } from './jwt';

describe('decodeJwtPayload', () => {
  it('decodes base64url JSON, including non-ASCII text', () => {
    const token = makeJwt({ sub: 'usr_1', name: 'Zoë Ángel', n: 1 });
    expect(decodeJwtPayload(token)).toEqual({ sub: 'usr_1', name: 'Zoë Ángel', n: 1 });
  });

  it('gives null for anything that is not a JWT', () => {
    expect(decodeJwtPayload(null)).toBeNull();
    expect(decodeJwtPayload('')).toBeNull();
    expect(decodeJwtPayload('opaque-token')).toBeNull();
    expect(decodeJwtPayload('a.!!!.c')).toBeNull();
    expect(decodeJwtPayload(`x.${btoa('[1,2]')}.y`)).toBeNull();
  });
});

describe('sessionUserFromTokens', () => {
  it('takes sub, username and groups from the access token and email from the id token', () => {
    const access = makeJwt({ sub: 'usr_1', username: 'alice', 'cognito:groups': ['agent', 'admin', 'bogus'] });
    const id = makeJwt({ sub: 'usr_1', 'cognito:username': 'alice', email: 'alice@example.com' });
    expect(sessionUserFromTokens(access, id)).toEqual({
      sub: 'usr_1',
      username: 'alice',
      email: 'alice@example.com',
      groups: ['admin', 'agent'],
    });
  });

  it('falls back to the id token, then to the subject', () => {
    const access = makeJwt({ sub: 'usr_2' });
    expect(sessionUserFromTokens(access, makeJwt({ 'cognito:username': 'bob' }))?.username).toBe('bob');
    expect(sessionUserFromTokens(access, null)).toEqual({
      sub: 'usr_2',
      username: 'usr_2',
      email: null,
      groups: [],
    });
  });

  it('gives null without a subject', () => {
    expect(sessionUserFromTokens(makeJwt({ username: 'x' }), null)).toBeNull();
  });
});
