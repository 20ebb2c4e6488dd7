// Turns GET /api/v1/leads/summary into what the dashboard draws: KPI cards, the status bars in
// pipeline order, and the 12 weeks of new leads.
import { statusLabel } from '@/components/status-colors';
import { LEAD_STATUSES, type LeadStatus, type LeadSummary } from '@/lib/leads-api';

export interface StatusBar {
  status: LeadStatus;
  label: string;
  count: number;
}

/** One bar per status, in pipeline order (lost last); a status the reply lacks counts 0. */
export function statusBars(summary: Pick<LeadSummary, 'byStatus'>): StatusBar[] {
  return LEAD_STATUSES.map((status) => ({
    status,
    label: statusLabel(status),
    count: summary.byStatus[status] ?? 0,
  }));
}

export interface WeekPoint {
  weekStart: string;
  /** "Nov 30", or "This week" for the current one. */
  label: string;
  /** "Week of Nov 30, 2026", for the tooltip and screen readers. */
  longLabel: string;
  count: number;
  current: boolean;
}

/** A YYYY-MM-DD date as that calendar day at local midnight (not UTC, which may be the day before). */
export function parseLocalDate(value: string): Date {
  const [y, m, d] = value.split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1);
}

/** The weeks oldest first, as the server sends them; the last is the current week. */
export function weeklyPoints(summary: Pick<LeadSummary, 'newPerWeek'>): WeekPoint[] {
  const short = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
  const long = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', year: 'numeric' });
  const weeks = summary.newPerWeek;
  return weeks.map((week, index) => {
    const date = parseLocalDate(week.weekStart);
    const current = index === weeks.length - 1;
    return {
      weekStart: week.weekStart,
      label: current ? 'This week' : short.format(date),
      longLabel: `Week of ${long.format(date)}`,
      count: week.count,
      current,
    };
  });
}

export type KpiKey = 'myOpenLeads' | 'overdue' | 'dueToday' | 'total';

export interface Kpi {
  key: KpiKey;
  label: string;
  value: number;
  caption: string;
  /** 'error' draws attention (overdue work). */
  tone: 'default' | 'error' | 'warning';
  /** Where the card leads, if anywhere. */
  to?: string;
}

export function summaryKpis(summary: LeadSummary): Kpi[] {
  const { overdue, dueToday } = summary.deadlines;
  return [
    {
      key: 'myOpenLeads',
      label: 'My open leads',
      value: summary.myOpenLeads,
      caption: 'Yours, not settled or lost',
      tone: 'default',
    },
    {
      key: 'overdue',
      label: 'Overdue deadlines',
      value: overdue,
      caption: overdue > 0 ? 'Open and past due' : 'Nothing past due',
      tone: overdue > 0 ? 'error' : 'default',
      to: '/deadlines?due=overdue',
    },
    {
      key: 'dueToday',
      label: 'Due today',
      value: dueToday,
      caption: dueToday > 0 ? 'Open deadlines due today' : 'Nothing due today',
      tone: dueToday > 0 ? 'warning' : 'default',
      to: '/deadlines?due=today',
    },
    {
      key: 'total',
      label: 'Total leads',
      value: summary.total,
      caption: summary.scope === 'all' ? 'All leads in the office' : 'Leads assigned to you',
      tone: 'default',
    },
  ];
}

/** "120 New, 48 Contacted, …" — the status chart as a sentence, for screen readers. */
export function describeStatusBars(bars: readonly StatusBar[]): string {
  return bars.map((b) => `${b.label}: ${b.count}`).join(', ');
}

/** The weekly chart as a sentence, for screen readers. */
export function describeWeeks(points: readonly WeekPoint[]): string {
  return points.map((p) => `${p.longLabel}: ${p.count}`).join(', ');
}
