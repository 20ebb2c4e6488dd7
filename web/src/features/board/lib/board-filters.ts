// The board's filters, kept in the URL (`?assignee=&lossType=&tag=&q=`) so a filtered board can
// be bookmarked, shared and reloaded; and the list query of one column under them.
import { LOSS_TYPES } from '@/components/lead-detail-format';
import type { LeadListParams, LeadStatus, LossType } from '@/lib/leads-api';

export interface BoardFilters {
  /** A user id, or `me`. */
  assignee: string;
  lossType: LossType | '';
  tag: string;
  q: string;
}

export const EMPTY_FILTERS: BoardFilters = { assignee: '', lossType: '', tag: '', q: '' };

/** Cards a column loads per page. */
export const COLUMN_PAGE_SIZE = 25;

export function filtersFromParams(params: URLSearchParams): BoardFilters {
  const lossType = params.get('lossType') ?? '';
  return {
    assignee: params.get('assignee')?.trim() ?? '',
    lossType: (LOSS_TYPES as string[]).includes(lossType) ? (lossType as LossType) : '',
    tag: params.get('tag')?.trim() ?? '',
    q: params.get('q')?.trim().slice(0, 200) ?? '',
  };
}

/** The URL's search params with these filters (others kept, empty ones dropped). */
export function withFilters(params: URLSearchParams, filters: BoardFilters): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const key of Object.keys(EMPTY_FILTERS) as (keyof BoardFilters)[]) {
    const value = filters[key].trim();
    if (value === '') next.delete(key);
    else next.set(key, value);
  }
  return next;
}

export function hasFilters(filters: BoardFilters, { canFilterAssignee = true } = {}): boolean {
  return (
    (canFilterAssignee && filters.assignee !== '') ||
    filters.lossType !== '' ||
    filters.tag !== '' ||
    filters.q !== ''
  );
}

/**
 * The list query of one column. `assignee` applies only to those who may filter by it (agents
 * see their own leads anyway); `me` is the signed-in user.
 */
export function columnParams(
  status: LeadStatus,
  filters: BoardFilters,
  { meId, canFilterAssignee }: { meId: string | null; canFilterAssignee: boolean },
): LeadListParams {
  const assignedTo =
    canFilterAssignee && filters.assignee !== ''
      ? filters.assignee === 'me'
        ? (meId ?? undefined)
        : filters.assignee
      : undefined;
  return {
    status,
    limit: COLUMN_PAGE_SIZE,
    ...(assignedTo ? { assignedTo } : {}),
    ...(filters.lossType ? { lossType: filters.lossType } : {}),
    ...(filters.tag ? { tag: filters.tag } : {}),
    ...(filters.q ? { q: filters.q } : {}),
  };
}
