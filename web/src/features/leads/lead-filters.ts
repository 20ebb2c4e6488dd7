// The grid's filters, search and sort as they live in the URL query string (so a reload or a
// shared link restores them), and as the API wants them. Unknown or malformed values in the URL
// are dropped rather than sent, so a hand-edited link cannot make the list fail.
import {
  cleanParams,
  LEAD_STATUSES,
  type LeadListParams,
  type LeadStatus,
  type LossType,
} from '@/lib/leads-api';

export const LOSS_TYPES: readonly LossType[] = [
  'wind',
  'hail',
  'water',
  'fire',
  'flood',
  'hurricane',
  'mold',
  'theft',
  'vandalism',
  'other',
];

export type LeadSort = 'updatedAt' | '-updatedAt' | 'createdAt' | '-createdAt';
export const LEAD_SORTS: readonly LeadSort[] = ['updatedAt', '-updatedAt', 'createdAt', '-createdAt'];
export const DEFAULT_SORT: LeadSort = '-updatedAt';

export interface LeadFilters {
  /** Full-text search; when set, results are ranked by relevance and `sort` does not apply. */
  q: string;
  status: LeadStatus | null;
  /** A user id (`usr_…`). */
  assignedTo: string | null;
  lossType: LossType | null;
  tag: string;
  /** A calendar day, YYYY-MM-DD, in the user's time zone. */
  updatedSince: string | null;
  sort: LeadSort;
}

export const EMPTY_FILTERS: LeadFilters = {
  q: '',
  status: null,
  assignedTo: null,
  lossType: null,
  tag: '',
  updatedSince: null,
  sort: DEFAULT_SORT,
};

/** The URL keys this feature owns; others (e.g. `new`, `phone`) are left alone. */
export const FILTER_KEYS = ['q', 'status', 'assignedTo', 'lossType', 'tag', 'updatedSince', 'sort'] as const;

const MAX_Q_BYTES = 200;
const USER_ID = /^usr_[A-Za-z0-9_-]{1,60}$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `value` is a real calendar day written YYYY-MM-DD. */
export function isCalendarDay(value: string): boolean {
  const match = DAY.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Cuts a search to the API's 200 bytes (UTF-8) without splitting a character. */
export function clampSearch(q: string): string {
  const encoder = new TextEncoder();
  if (encoder.encode(q).length <= MAX_Q_BYTES) return q;
  let out = '';
  for (const ch of q) {
    if (encoder.encode(out + ch).length > MAX_Q_BYTES) break;
    out += ch;
  }
  return out;
}

export interface ParseOptions {
  /** Agents cannot filter by assignee (the server forces their own); drop it for them. */
  allowAssignee: boolean;
}

export function filtersFromSearchParams(
  params: URLSearchParams,
  { allowAssignee }: ParseOptions,
): LeadFilters {
  const status = params.get('status');
  const lossType = params.get('lossType');
  const assignedTo = params.get('assignedTo');
  const updatedSince = params.get('updatedSince');
  const sort = params.get('sort');
  return {
    q: clampSearch((params.get('q') ?? '').trim()),
    status: status && (LEAD_STATUSES as readonly string[]).includes(status) ? (status as LeadStatus) : null,
    assignedTo: allowAssignee && assignedTo && USER_ID.test(assignedTo) ? assignedTo : null,
    lossType: lossType && (LOSS_TYPES as readonly string[]).includes(lossType) ? (lossType as LossType) : null,
    tag: (params.get('tag') ?? '').trim().slice(0, 40),
    updatedSince: updatedSince && isCalendarDay(updatedSince) ? updatedSince : null,
    sort: sort && (LEAD_SORTS as readonly string[]).includes(sort) ? (sort as LeadSort) : DEFAULT_SORT,
  };
}

/**
 * Writes the filters into a copy of `current`, keeping the keys this feature does not own.
 * Defaults (no filter, the default sort) are left out so links stay short.
 */
export function filtersToSearchParams(
  filters: LeadFilters,
  current: URLSearchParams = new URLSearchParams(),
): URLSearchParams {
  const next = new URLSearchParams(current);
  for (const key of FILTER_KEYS) next.delete(key);
  if (filters.q.trim()) next.set('q', filters.q.trim());
  if (filters.status) next.set('status', filters.status);
  if (filters.assignedTo) next.set('assignedTo', filters.assignedTo);
  if (filters.lossType) next.set('lossType', filters.lossType);
  if (filters.tag.trim()) next.set('tag', filters.tag.trim());
  if (filters.updatedSince) next.set('updatedSince', filters.updatedSince);
  if (filters.sort !== DEFAULT_SORT) next.set('sort', filters.sort);
  return next;
}

/** Whether any filter narrows the list (search included; sort is not a filter). */
export function hasActiveFilters(filters: LeadFilters): boolean {
  return (
    filters.q.trim() !== '' ||
    filters.status !== null ||
    filters.assignedTo !== null ||
    filters.lossType !== null ||
    filters.tag.trim() !== '' ||
    filters.updatedSince !== null
  );
}

/** The number of filters set in the filter bar (search not counted). */
export function activeFilterCount(filters: LeadFilters): number {
  return [
    filters.status,
    filters.assignedTo,
    filters.lossType,
    filters.tag.trim() || null,
    filters.updatedSince,
  ].filter((v) => v !== null).length;
}

/** Start of a local calendar day as an RFC 3339 UTC instant ("Z", so no `+` to encode). */
export function startOfLocalDayIso(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d, 0, 0, 0, 0).toISOString();
}

export type LeadQuery = Omit<LeadListParams, 'cursor' | 'limit'>;

/** The list query for these filters: `q` ranks by relevance, so no sort goes with it. */
export function filtersToQuery(filters: LeadFilters): LeadQuery {
  const q = filters.q.trim();
  return cleanParams<LeadQuery>({
    q: q || undefined,
    status: filters.status ?? undefined,
    assignedTo: filters.assignedTo ?? undefined,
    lossType: filters.lossType ?? undefined,
    tag: filters.tag.trim() || undefined,
    updatedSince: filters.updatedSince ? startOfLocalDayIso(filters.updatedSince) : undefined,
    sort: q ? undefined : filters.sort,
  }) as LeadQuery;
}

/** A stable key for "the same list" (pagination restarts whenever it changes). */
export function queryKey(query: LeadQuery, pageSize: number): string {
  const entries = Object.entries(query).sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify([entries, pageSize]);
}

/** The query string of GET /leads/export for everything matching these filters. */
export function exportSearchParams(filters: LeadFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filtersToQuery(filters))) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  return params;
}

/** The query string of GET /leads/export for a selection (the other filters do not apply). */
export function exportSelectionParams(ids: readonly string[]): URLSearchParams {
  return new URLSearchParams({ ids: ids.join(',') });
}
