// What the deadlines page computes: its tabs and their query parameters, and the rows grouped by
// local day with their due date in words.
import { formatDateTime, formatDayLabel, formatRelativeTime, localDayKey, localDayOffset } from '@/components/deadlines-time';
import { cleanParams, type DeadlineListParams, type DeadlinePage } from '@/lib/leads-api';

export type DeadlineRow = DeadlinePage['items'][number];
export type DueFilter = 'overdue' | 'today' | 'week';

export const DUE_TABS: readonly { value: DueFilter; label: string }[] = [
  { value: 'overdue', label: 'Overdue' },
  { value: 'today', label: 'Today' },
  { value: 'week', label: 'This week' },
];

/** The `due` URL parameter, or overdue when it is missing or not one of the tabs. */
export function parseDue(value: string | null): DueFilter {
  return value === 'today' || value === 'week' || value === 'overdue' ? value : 'overdue';
}

/** The assignee filter: everyone, the signed-in user, or a user id. */
export type AssigneeFilter = 'all' | 'me' | string;

/** `assignee` from the URL; agents always see their own (the server enforces it too). */
export function parseAssignee(value: string | null, canChoose: boolean): AssigneeFilter {
  if (!canChoose) return 'me';
  if (!value || value === 'all') return 'all';
  if (value === 'me' || /^usr_[A-Za-z0-9_-]+$/.test(value)) return value;
  return 'all';
}

/**
 * The query for GET /api/v1/deadlines. Agents send no assignedTo (the server limits them to their
 * own leads); "me" is the caller's id.
 */
export function deadlineQuery(options: {
  due: DueFilter;
  assignee: AssigneeFilter;
  meId: string | null;
  canChoose: boolean;
  utcOffsetMinutes: number;
  limit?: number;
}): Omit<DeadlineListParams, 'cursor'> {
  const { due, assignee, meId, canChoose, utcOffsetMinutes, limit = 50 } = options;
  let assignedTo: string | undefined;
  if (canChoose && assignee !== 'all') assignedTo = assignee === 'me' ? (meId ?? undefined) : assignee;
  return cleanParams({ due, assignedTo, utcOffsetMinutes, limit }) as Omit<
    DeadlineListParams,
    'cursor'
  >;
}

export type DueState = 'overdue' | 'today' | 'upcoming';

/** Overdue once past; today while due later on the local day; upcoming after that. */
export function dueState(dueAt: string, now: Date = new Date()): DueState {
  const due = new Date(dueAt);
  if (due.getTime() < now.getTime()) return 'overdue';
  return localDayOffset(due, now) === 0 ? 'today' : 'upcoming';
}

export interface DueText {
  state: DueState;
  /** "in 3 hours", "2 days ago" */
  relative: string;
  /** "Mon, Dec 7, 3:30 PM" */
  absolute: string;
}

export function describeDue(dueAt: string, now: Date = new Date()): DueText {
  return {
    state: dueState(dueAt, now),
    relative: formatRelativeTime(dueAt, now),
    absolute: formatDateTime(dueAt, now),
  };
}

export interface DayGroup {
  /** YYYY-MM-DD, local. */
  key: string;
  /** "Today", "Tomorrow", "Yesterday", "Wednesday, Dec 9". */
  label: string;
  rows: DeadlineRow[];
}

/**
 * Rows grouped by the local day they are due, in the order given (the server sends them soonest
 * first); a row seen twice (pages that overlap after a change) is kept once.
 */
export function groupByDay(rows: readonly DeadlineRow[], now: Date = new Date()): DayGroup[] {
  const groups: DayGroup[] = [];
  const byKey = new Map<string, DayGroup>();
  const seen = new Set<string>();
  for (const row of rows) {
    if (seen.has(row.id)) continue;
    seen.add(row.id);
    const key = localDayKey(row.dueAt);
    let group = byKey.get(key);
    if (!group) {
      group = { key, label: formatDayLabel(row.dueAt, now), rows: [] };
      byKey.set(key, group);
      groups.push(group);
    }
    group.rows.push(row);
  }
  return groups;
}

/** "Maria Gonzalez" */
export function leadName(row: Pick<DeadlineRow, 'lead'>): string {
  return `${row.lead.firstName} ${row.lead.lastName}`.trim();
}
