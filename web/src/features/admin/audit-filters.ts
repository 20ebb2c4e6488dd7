// The audit log's filters: kept in the URL (so a link can open a filtered log), edited in a form,
// and turned into GET /api/v1/audit's query. Times are entered in local time (datetime-local) and
// sent as UTC RFC 3339; "to" covers its whole minute, as the server's `to` is inclusive.
import type { AuditQuery } from './admin-api';

export interface AuditFilters {
  entity: string;
  entityId: string;
  actor: string;
  action: string;
  /** datetime-local value, "2026-12-07T09:30", or "". */
  from: string;
  to: string;
}

export const EMPTY_FILTERS: AuditFilters = {
  entity: '',
  entityId: '',
  actor: '',
  action: '',
  from: '',
  to: '',
};

const KEYS = Object.keys(EMPTY_FILTERS) as (keyof AuditFilters)[];

export const AUDIT_ENTITIES: readonly { value: string; label: string }[] = [
  { value: 'user', label: 'User' },
  { value: 'apikey', label: 'API key' },
  { value: 'lead', label: 'Lead' },
  { value: 'signing_key', label: 'Signing key' },
];

/** Actions the server records, for suggestions (the field takes any exact action). */
export const KNOWN_ACTIONS: readonly string[] = [
  'apikey.create',
  'apikey.revoke',
  'apikey.use',
  'auth.challenge_mfa',
  'auth.challenge_new_password',
  'auth.lockout',
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'auth.mfa_failed',
  'auth.refresh',
  'auth.refresh_failed',
  'auth.refresh_reuse',
  'lead.create',
  'lead.deadline_add',
  'lead.deadline_delete',
  'lead.deadline_update',
  'lead.delete',
  'lead.import',
  'lead.note',
  'lead.restore',
  'lead.update',
  'user.create',
  'user.disable',
  'user.mfa_enable',
  'user.mfa_enrol_start',
  'user.password_change',
  'user.provision',
  'user.reset_password',
  'user.sync',
  'user.update',
];

export function filtersFromSearch(params: URLSearchParams): AuditFilters {
  const filters = { ...EMPTY_FILTERS };
  for (const key of KEYS) filters[key] = params.get(key)?.trim() ?? '';
  return filters;
}

export function filtersToSearch(filters: AuditFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = filters[key].trim();
    if (value) params.set(key, value);
  }
  return params;
}

export function hasFilters(filters: AuditFilters): boolean {
  return KEYS.some((key) => filters[key].trim() !== '');
}

/** A datetime-local value as a Date in local time, or null when blank or not a date. */
export function parseLocalDateTime(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match;
  const date = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Messages for the fields at fault, by field name; empty when the filters can be sent. */
export function validateFilters(filters: AuditFilters): Partial<Record<keyof AuditFilters, string>> {
  const errors: Partial<Record<keyof AuditFilters, string>> = {};
  const from = filters.from ? parseLocalDateTime(filters.from) : null;
  const to = filters.to ? parseLocalDateTime(filters.to) : null;
  if (filters.from && !from) errors.from = 'Enter a date and time';
  if (filters.to && !to) errors.to = 'Enter a date and time';
  if (from && to && from.getTime() > to.getTime()) errors.to = 'Must not be before “From”';
  return errors;
}

/** The entity type an id's prefix names (`usr_…` a user), or "" when it names none we know. */
export function inferEntity(id: string): string {
  const prefix = /^([a-z]+)_/.exec(id.trim())?.[1];
  if (prefix === 'usr') return 'user';
  if (prefix === 'key') return 'apikey';
  if (prefix === 'lead') return 'lead';
  if (prefix === 'sig') return 'signing_key';
  return '';
}

/**
 * The query for GET /api/v1/audit (blank filters left out). An id without its entity type gets
 * the type its prefix names, so the server can answer from its index.
 */
export function auditQuery(filters: AuditFilters, limit = 50): AuditQuery {
  const query: AuditQuery = { limit };
  const entity = filters.entity.trim();
  const entityId = filters.entityId.trim();
  const actor = filters.actor.trim();
  const action = filters.action.trim();
  if (entity) query.entity = entity;
  else if (entityId && inferEntity(entityId)) query.entity = inferEntity(entityId);
  if (entityId) query.entityId = entityId;
  if (actor) query.actor = actor;
  if (action) query.action = action;
  const from = parseLocalDateTime(filters.from);
  if (from) query.from = from.toISOString();
  const to = parseLocalDateTime(filters.to);
  if (to) {
    // The whole minute (or second) the user picked.
    const end = new Date(to.getTime() + (/:\d{2}:\d{2}$/.test(filters.to.trim()) ? 999 : 59_999));
    query.to = end.toISOString();
  }
  return query;
}
