// What each role may do in the UI. The server stays the authority (it answers 404 or 403); this
// only hides controls a role could not use. Keep in step with x-access in api/openapi.yaml and the
// rules of PATCH /api/v1/leads/{id}.
import type { Role } from './api-schema';

export const PERMISSIONS = {
  /** Admin pages: users, API keys, audit log. */
  'admin.view': ['admin'],
  'users.manage': ['admin'],
  'apiKeys.manage': ['admin'],
  'audit.view': ['admin'],
  /** Every lead, not only one's own; reports and unmatched calls. */
  'leads.viewAll': ['admin', 'manager'],
  'reports.view': ['admin', 'manager'],
  'leads.create': ['admin', 'manager', 'agent'],
  'leads.import': ['admin', 'manager', 'agent'],
  'leads.delete': ['admin', 'manager', 'agent'],
  /** Assigning, reassigning or unassigning a lead. */
  'leads.reassign': ['admin', 'manager'],
  /** Moving a lead back to an earlier pipeline stage. */
  'leads.moveBack': ['admin', 'manager'],
  'leads.legalHold': ['admin', 'manager'],
  'leads.restore': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** Strongest first: a user in several groups acts as the strongest. */
export const ROLE_ORDER: readonly Role[] = ['admin', 'manager', 'agent'];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  manager: 'Manager',
  agent: 'Agent',
};

/** The strongest role among the groups, or null for none. */
export function primaryRole(groups: readonly string[] | null | undefined): Role | null {
  if (!groups) return null;
  return ROLE_ORDER.find((role) => groups.includes(role)) ?? null;
}

export function can(groups: readonly string[] | null | undefined, permission: Permission): boolean {
  if (!groups) return false;
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return allowed.some((role) => groups.includes(role));
}

export function hasAnyRole(
  groups: readonly string[] | null | undefined,
  roles: readonly Role[],
): boolean {
  return !!groups && roles.some((role) => groups.includes(role));
}
