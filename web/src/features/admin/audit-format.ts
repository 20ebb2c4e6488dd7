// How audit records read: who acted, what an entity links to, and the old → new values.
import type { AuditRecord } from './admin-api';

export interface ActorView {
  label: string;
  /** Where the actor can be seen, if anywhere. */
  to?: string;
  kind: 'user' | 'apikey' | 'system' | 'anonymous' | 'other';
}

export function describeActor(actor: string, nameOf: (id: string) => string | null): ActorView {
  if (actor === 'system') return { label: 'System', kind: 'system' };
  if (actor === 'anonymous' || actor === '') return { label: 'Anonymous', kind: 'anonymous' };
  if (actor.startsWith('usr_')) {
    return {
      label: nameOf(actor) ?? actor,
      to: `/admin/users?highlight=${encodeURIComponent(actor)}`,
      kind: 'user',
    };
  }
  if (actor.startsWith('key_')) {
    return { label: actor, to: `/admin/api-keys?highlight=${encodeURIComponent(actor)}`, kind: 'apikey' };
  }
  return { label: actor, kind: 'other' };
}

const ENTITY_LABELS: Record<string, string> = {
  user: 'User',
  apikey: 'API key',
  lead: 'Lead',
  signing_key: 'Signing key',
};

export function entityLabel(entity: string): string {
  return ENTITY_LABELS[entity] ?? entity;
}

/** Where an entity is shown in the app: a lead's page, a user or key highlighted in its list. */
export function entityLink(record: Pick<AuditRecord, 'entity' | 'entityId'>): string | null {
  const id = encodeURIComponent(record.entityId);
  if (!record.entityId) return null;
  if (record.entity === 'lead') return `/leads/${id}`;
  if (record.entity === 'user') return `/admin/users?highlight=${id}`;
  if (record.entity === 'apikey') return `/admin/api-keys?highlight=${id}`;
  return null;
}

/** One side of a change as text; null (or absent) is "none". */
export function formatChangeValue(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (typeof value === 'string') return value === '' ? '""' : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
    return value.length === 0 ? '[]' : value.join(', ');
  }
  return JSON.stringify(value);
}

export interface ChangeRow {
  field: string;
  old: string;
  new: string;
  oldIsNone: boolean;
  newIsNone: boolean;
}

/** The record's changes, by field name. */
export function changeRows(changes: AuditRecord['changes']): ChangeRow[] {
  return Object.entries(changes ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([field, change]) => ({
      field,
      old: formatChangeValue(change?.old),
      new: formatChangeValue(change?.new),
      oldIsNone: change?.old === null || change?.old === undefined,
      newIsNone: change?.new === null || change?.new === undefined,
    }));
}

/** "Dec 7, 2:32:38 AM" — audit times to the second (with the year when not this one). */
export function formatAuditTime(at: string, now: Date = new Date()): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return at;
  return new Intl.DateTimeFormat(undefined, {
    ...(date.getFullYear() !== now.getFullYear() ? { year: 'numeric' } : {}),
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    second: '2-digit',
  }).format(date);
}

/** A username typed into the actor filter means that user's id; anything else goes as typed. */
export function resolveActor(text: string, users: readonly { id?: string; username?: string }[]): string {
  const value = text.trim();
  const user = users.find((u) => u.username === value);
  return user?.id ?? value;
}
