import { renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { Provider } from 'react-redux';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '@/lib/api-schema';
import { toSessionTokens } from '@/lib/api-schema';
import { TokenManager } from '@/lib/token-manager';
import { installFetchMock, type FetchMock } from '@/test/fetch-mock';
import { makeTestStore } from '@/test/render';
import { tokenReply } from '@/test/tokens';
import { describeUser, shortId, useUserDirectory } from './use-user-directory';

function wrapperFor(groups: Role[], sub = 'usr_alice', username = 'alice') {
  const tokenManager = new TokenManager({ locks: null });
  tokenManager.setTokens(toSessionTokens(tokenReply({ username, sub, groups }))!);
  const store = makeTestStore({
    tokenManager,
    auth: { status: 'authenticated', user: tokenManager.getUser(), expiresAt: tokenManager.getExpiresAt() },
  });
  return ({ children }: { children: ReactNode }) => <Provider store={store}>{children}</Provider>;
}

describe('useUserDirectory', () => {
  let fetchMock: FetchMock;
  beforeEach(() => {
    fetchMock = installFetchMock();
    fetchMock.on('GET', '/api/v1/users/directory', (call) =>
      new URL(call.url).searchParams.get('cursor') === 'p2'
        ? { body: { items: [{ id: 'usr_carl', username: 'carl', enabled: false, groups: ['agent'] }], nextCursor: null } }
        : { body: { items: [{ id: 'usr_bea', username: 'bea', enabled: true, groups: ['agent'] }], nextCursor: 'p2' } },
    );
  });

  it.each([['manager'], ['admin']] as [Role][])('loads every page of the directory for a %s', async (role) => {
    const { result } = renderHook(() => useUserDirectory(), { wrapper: wrapperFor([role]) });
    await waitFor(() => expect(result.current.complete).toBe(true));
    expect(result.current.users.map((u) => u.username)).toEqual(['alice', 'bea', 'carl']);
    expect(result.current.users.find((u) => u.username === 'carl')?.enabled).toBe(false);
    expect(result.current.nameOf('usr_bea')).toBe('bea');
    expect(result.current.labelOf('usr_carl')).toBe('carl');
    const calls = fetchMock.callsTo('/api/v1/users/directory');
    expect(calls.map((c) => new URL(c.url).searchParams.get('limit'))).toEqual(['200', '200']);
    expect(new URL(calls[1]!.url).searchParams.get('cursor')).toBe('p2');
    expect(fetchMock.callsTo('/api/v1/users')).toHaveLength(0);
  });

  it('asks nothing for an agent, and still names the signed-in user', async () => {
    const { result } = renderHook(() => useUserDirectory(), { wrapper: wrapperFor(['agent']) });
    expect(result.current.canList).toBe(false);
    expect(result.current.nameOf('usr_alice')).toBe('alice');
    expect(result.current.nameOf('usr_01m975hrawcde2bvxfx6d89skv')).toBeNull();
    expect(result.current.labelOf('usr_01m975hrawcde2bvxfx6d89skv')).toBe('usr_…89skv');
    await new Promise((r) => setTimeout(r, 20));
    expect(fetchMock.calls).toHaveLength(0);
  });

  it('reports a directory that cannot be read', async () => {
    fetchMock.on('GET', '/api/v1/users/directory', { status: 503, body: { title: 'Unavailable', status: 503 } });
    const { result } = renderHook(() => useUserDirectory(), { wrapper: wrapperFor(['manager']) });
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(result.current.users.map((u) => u.username)).toEqual(['alice']);
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
    expect(describeUser(directory, 'key_01m9782cbjcxad9b0c71anm5dy').label).toBe('Integration (key_…nm5dy)');
    expect(describeUser(directory, 'system').label).toBe('system');
    expect(describeUser(directory, null).label).toBe('Unassigned');
    expect(describeUser(directory, undefined, 'Nobody').label).toBe('Nobody');
  });

  it('keeps short ids whole', () => {
    expect(shortId('usr_bob')).toBe('usr_bob');
    expect(shortId('key_01m9782cbjcxad9b0c71anm5dy')).toBe('key_…nm5dy');
  });
});
