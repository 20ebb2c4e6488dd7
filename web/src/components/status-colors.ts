// The pipeline statuses as people read them: a label and a colour for each, in light and dark.
// One map for the whole app (grid chips, board columns, lead page, dashboard charts), so a status
// looks the same everywhere. The colours run cool → warm along the pipeline, green for settled,
// red for lost; each meets 3:1 against the paper of its theme (4.5:1 for chip text, which is
// drawn in the text colour over a tint, see StatusChip).
import type { LeadStatus } from '@/lib/leads-api';

export const STATUS_LABELS: Record<LeadStatus, string> = {
  new: 'New',
  contacted: 'Contacted',
  qualified: 'Qualified',
  inspection_scheduled: 'Inspection scheduled',
  lor_signed: 'LOR signed',
  claim_filed: 'Claim filed',
  negotiating: 'Negotiating',
  settled: 'Settled',
  lost: 'Lost',
};

export interface StatusColor {
  light: string;
  dark: string;
}

export const STATUS_COLORS: Record<LeadStatus, StatusColor> = {
  new: { light: '#64748b', dark: '#94a3b8' },
  contacted: { light: '#0284c7', dark: '#38bdf8' },
  qualified: { light: '#4f46e5', dark: '#818cf8' },
  inspection_scheduled: { light: '#7c3aed', dark: '#a78bfa' },
  lor_signed: { light: '#c026d3', dark: '#e879f9' },
  claim_filed: { light: '#d97706', dark: '#fbbf24' },
  negotiating: { light: '#ea580c', dark: '#fb923c' },
  settled: { light: '#15803d', dark: '#4ade80' },
  lost: { light: '#be123c', dark: '#fb7185' },
};

/** The status's label; an unknown status (a newer server) reads as itself. */
export function statusLabel(status: string): string {
  return (STATUS_LABELS as Record<string, string>)[status] ?? status;
}

/** The status's colour in this theme mode; grey for an unknown status. */
export function statusColor(status: string, mode: 'light' | 'dark'): string {
  const entry = (STATUS_COLORS as Record<string, StatusColor>)[status];
  if (!entry) return mode === 'dark' ? '#9ca3af' : '#6b7280';
  return entry[mode];
}
