// Words for lead values, as the grid, filters and forms show them.
import { LOSS_TYPE_LABELS } from '@/components/lead-detail-format';
import { STATUS_LABELS } from '@/components/status-colors';
import type { Lead } from '@/lib/leads-api';

// The app's one set of words for statuses and loss types (also on the lead page and board).
export { LOSS_TYPE_LABELS, STATUS_LABELS };

export function leadName(lead: Pick<Lead, 'firstName' | 'lastName'>): string {
  return `${lead.firstName} ${lead.lastName}`.trim();
}

/** The earliest open deadline, or null. */
export function nextDeadline(lead: Pick<Lead, 'deadlines'>): Lead['deadlines'][number] | null {
  let best: Lead['deadlines'][number] | null = null;
  for (const deadline of lead.deadlines ?? []) {
    if (deadline.doneAt) continue;
    if (!best || deadline.dueAt < best.dueAt) best = deadline;
  }
  return best;
}

export const DEADLINE_KIND_LABELS: Record<string, string> = {
  follow_up: 'Follow-up',
  proof_of_loss: 'Proof of loss',
  suit_limitation: 'Suit limitation',
  carrier_response: 'Carrier response',
  reinspection: 'Reinspection',
  appraisal: 'Appraisal',
  other: 'Other',
};

const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
});
const dateFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', year: 'numeric' });

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : dateTimeFormat.format(date);
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : dateFormat.format(date);
}

/** "3 min ago", "yesterday", "in 2 days": short relative times for the grid. */
export function relativeTime(iso: string, now = Date.now()): string {
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return '';
  const seconds = Math.round((then - now) / 1000);
  const abs = Math.abs(seconds);
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  if (abs < 45) return 'just now';
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return rtf.format(Math.round(seconds / 3600), 'hour');
  if (abs < 86_400 * 30) return rtf.format(Math.round(seconds / 86_400), 'day');
  return formatDate(iso);
}
