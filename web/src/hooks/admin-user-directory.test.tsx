import { renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { beforeEach, describe, expect, it } from 'vitest';
import { AppProviders } from '@/app/providers';
import type { Role } from '@/lib/api-schema';
import { toSessionTokens } from '@/lib/api-schema';
import { TokenManager } from '@/lib/token-manager';
import { installFetchMock, type FetchMock } from '@/test/fetch-mock';
import { makeTestStore } from '@/test/render';
import { tokenReply } from '@/test/tokens';
import { describeUser, shortId, useUserDirectory } from './admin-user-directory';

function wrapperFor(groups: Role[]) {
  const tokenManager = new TokenManager({ locks: null });
  tokenManager.setTokens(toSessionTokens(tokenReply({ username: 'alice', sub: 'usr_alice', groups }))!);
  const store = makeTestStore({
    tokenManager,
    auth: { status: 'authenticated', user: tokenManager.getUser(), expiresAt: tokenManager.getExpiresAt() },
  });
  return ({ children }: { children: ReactNode }) => <AppProviders store={store}>{children}</AppProviders>;
}

describe('useUserDirectory', () => {
  let fetchMock: FetchMock;

  beforeEach(() => {
    fetchMock = installFetchMock();
    fetchMock.on('GET', '/api/v1/users', (call) =>
      new URL(call.url).searchParams.get('cursor') === 'p2'
        ? { body: { items: [{ id: 'usr_carol', username: 'carol' }], nextCursor: null } }
        : { body: { items: [{ id: 'usr_bob', username: 'bob' }], nextCursor: 'p2' } },
    );
  });

  it('loads every page for admins and names users by id', async () => {
    const { result } = renderHook(() => useUserDirectory(), { wrapper: wrapperFor(['admin']) });
    await waitFor(() => expect(result.current.users).toHaveLength(2));
    expect(result.current.nameOf('usr_carol')).toBe('carol');
    expect(result.current.nameOf('usr_alice')).toBe('alice');
    expect(result.current.nameOf('usr_nobody')).toBeNull();
    const limits = fetchMock.callsTo('/api/v1/users').map((c) => new URL(c.url).searchParams.get('limit'));
    expect(limits).toEqual(['200', '200']);
  });

  it('asks nothing for other roles, and still names the signed-in user', async () => {
    const { result } = renderHook(() => useUserDirectory(), { wrapper: wrapperFor(['manager']) });
    expect(result.current.canList).toBe(false);
    expect(result.current.nameOf('usr_alice')).toBe('alice');
    expect(result.current.nameOf('usr_bob')).toBeNull();
    await new Promise((r) => setTimeout(r, 20));
    expect(fetchMock.callsTo('/api/v1/users')).toHaveLength(0);
  });
});

describe('describeUser / shortId', () => {
  const directory = { meId: 'usr_me', nameOf: (id: string | null | undefined) => (id === 'usr_b' ? 'bob' : null) };

  it('reads as You, a name, a short id, or the word for none', () => {
    expect(describeUser(directory, 'usr_me')).toEqual({ label: 'You', known: true, me: true });
    expect(describeUser(directory, 'usr_b').label).toBe('bob');
    expect(describeUser(directory, 'usr_01m977b4f76a6cztmky1bhzqv8')).toEqual({
      label: 'usr_…hzqv8',
      known: false,
      me: false,
    });
    expect(describeUser(directory, null).label).toBe('Unassigned');
    expect(describeUser(directory, undefined, 'Nobody').label).toBe('Nobody');
  });

  it('keeps short ids whole', () => {
    expect(shortId('usr_bob')).toBe('usr_bob');
    expect(shortId('key_01m9782cbjcxad9b0c71anm5dy')).toBe('key_…nm5dy');
  });
});
