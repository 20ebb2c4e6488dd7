// Role checks for hiding controls a role may not use. The server remains the authority.
import { useAppSelector } from '@/app/hooks';
import { selectSessionGroups } from '@/features/auth/auth-slice';
import type { Role } from '@/lib/api-schema';
import { can, hasAnyRole, primaryRole, type Permission } from '@/lib/permissions';

const NO_GROUPS: readonly Role[] = [];

/** The groups of the signed-in user (empty when signed out). */
export function useRoles(): readonly Role[] {
  return useAppSelector(selectSessionGroups) ?? NO_GROUPS;
}

/** The strongest role of the signed-in user: admin, manager or agent; null when none. */
export function useRole(): Role | null {
  return primaryRole(useRoles());
}

/** Whether the signed-in user may do this, e.g. `useCan('leads.reassign')`. */
export function useCan(permission: Permission): boolean {
  return can(useRoles(), permission);
}

/** Whether the signed-in user is in one of these groups. */
export function useHasRole(roles: readonly Role[]): boolean {
  return hasAnyRole(useRoles(), roles);
}
