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
import { shortUserId, useUserDirectory } from './lead-detail-user-directory';

function wrapperFor(groups: Role[], sub: string, username: string) {
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
    fetchMock.sequence('GET', '/api/v1/users', [
      { body: { items: [{ id: 'usr_bea', username: 'bea', enabled: true, groups: ['agent'] }], nextCursor: 'next' } },
      { body: { items: [{ id: 'usr_carl', username: 'carl', enabled: false, groups: ['agent'] }], nextCursor: null } },
    ]);
  });

  it('loads every page of users for an admin', async () => {
    const { result } = renderHook(() => useUserDirectory(), { wrapper: wrapperFor(['admin'], 'usr_admin', 'admin') });
    await waitFor(() => expect(result.current.complete).toBe(true));
    expect(result.current.users.map((u) => u.username)).toEqual(['admin', 'bea', 'carl']);
    expect(result.current.users.find((u) => u.username === 'carl')?.enabled).toBe(false);
    expect(result.current.labelOf('usr_bea')).toBe('bea');
    expect(fetchMock.callsTo('/api/v1/users')[1]!.url).toContain('cursor=next');
  });

  it('knows only the signed-in user for others, and asks nothing', () => {
    const { result } = renderHook(() => useUserDirectory(), { wrapper: wrapperFor(['manager'], 'usr_mona', 'mona') });
    expect(result.current.complete).toBe(false);
    expect(result.current.nameOf('usr_mona')).toBe('mona');
    expect(result.current.nameOf('usr_01m975hrawcde2bvxfx6d89skv')).toBeNull();
    expect(result.current.labelOf('usr_01m975hrawcde2bvxfx6d89skv')).toBe('usr_01m975hr…skv');
    expect(fetchMock.calls).toHaveLength(0);
    expect(shortUserId('usr_short')).toBe('usr_short');
  });
});
