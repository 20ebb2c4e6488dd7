import { renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { Provider } from 'react-redux';
import { describe, expect, it } from 'vitest';
import { makeStore } from '@/app/store';
import type { Role } from '@/lib/api-schema';
import { TokenManager } from '@/lib/token-manager';
import { useCan, useHasRole, useRole, useRoles } from './use-role';

function wrapperFor(groups: Role[] | null) {
  const store = makeStore({
    tokenManager: new TokenManager({ locks: null }),
    auth: groups
      ? {
          status: 'authenticated',
          user: { sub: 'usr_1', username: 'u', email: null, groups },
          expiresAt: Date.now() + 3_600_000,
        }
      : { status: 'anonymous' },
  });
  return ({ children }: { children: ReactNode }) => <Provider store={store}>{children}</Provider>;
}

describe('useRole / useCan', () => {
  it('gives an agent the agent role and hides manager controls', () => {
    const { result } = renderHook(
      () => ({
        role: useRole(),
        reassign: useCan('leads.reassign'),
        moveBack: useCan('leads.moveBack'),
        restore: useCan('leads.restore'),
        admin: useCan('admin.view'),
        create: useCan('leads.create'),
      }),
      { wrapper: wrapperFor(['agent']) },
    );
    expect(result.current).toEqual({
      role: 'agent',
      reassign: false,
      moveBack: false,
      restore: false,
      admin: false,
      create: true,
    });
  });

  it('gives a manager who is also an agent the manager role', () => {
    const { result } = renderHook(
      () => ({ role: useRole(), reassign: useCan('leads.reassign'), restore: useCan('leads.restore') }),
      { wrapper: wrapperFor(['agent', 'manager']) },
    );
    expect(result.current).toEqual({ role: 'manager', reassign: true, restore: false });
  });

  it('lets an admin see admin pages', () => {
    const { result } = renderHook(
      () => ({ role: useRole(), admin: useCan('admin.view'), has: useHasRole(['admin']) }),
      { wrapper: wrapperFor(['admin']) },
    );
    expect(result.current).toEqual({ role: 'admin', admin: true, has: true });
  });

  it('gives nothing when signed out', () => {
    const { result } = renderHook(() => ({ role: useRole(), roles: useRoles(), create: useCan('leads.create') }), {
      wrapper: wrapperFor(null),
    });
    expect(result.current).toEqual({ role: null, roles: [], create: false });
  });
});
