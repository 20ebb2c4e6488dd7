import { describe, expect, it } from 'vitest';
import type { LeadSummary } from '@/lib/leads-api';
import {
  describeStatusBars,
  parseLocalDate,
  statusBars,
  summaryKpis,
  weeklyPoints,
} from './dashboard-data';

const SUMMARY: LeadSummary = {
  scope: 'all',
  total: 291,
  byStatus: {
    lost: 22,
    new: 120,
    contacted: 48,
    qualified: 30,
    inspection_scheduled: 12,
    lor_signed: 9,
    claim_filed: 7,
    negotiating: 5,
    settled: 40,
  },
  newPerWeek: [
    { weekStart: '2026-11-16', count: 4 },
    { weekStart: '2026-11-23', count: 0 },
    { weekStart: '2026-11-30', count: 9 },
  ],
  deadlines: { overdue: 3, dueToday: 0 },
  myOpenLeads: 17,
  generatedAt: '2026-12-07T02:32:43.436Z',
};

describe('statusBars', () => {
  it('lists every status in pipeline order with its count, lost last', () => {
    const bars = statusBars(SUMMARY);
    expect(bars.map((b) => b.status)).toEqual([
      'new',
      'contacted',
      'qualified',
      'inspection_scheduled',
      'lor_signed',
      'claim_filed',
      'negotiating',
      'settled',
      'lost',
    ]);
    expect(bars.map((b) => b.count)).toEqual([120, 48, 30, 12, 9, 7, 5, 40, 22]);
    expect(bars[3]!.label).toBe('Inspection scheduled');
    expect(bars[4]!.label).toBe('LOR signed');
  });

  it('counts a status missing from the reply as zero', () => {
    const bars = statusBars({ byStatus: { new: 2 } });
    expect(bars).toHaveLength(9);
    expect(bars[0]!.count).toBe(2);
    expect(bars.slice(1).every((b) => b.count === 0)).toBe(true);
  });

  it('describes the bars as text', () => {
    expect(describeStatusBars(statusBars(SUMMARY))).toMatch(/^New: 120, Contacted: 48, .*Lost: 22$/);
  });
});

describe('weeklyPoints', () => {
  it('keeps the server order, labels the last week as this week', () => {
    const points = weeklyPoints(SUMMARY);
    expect(points.map((p) => p.count)).toEqual([4, 0, 9]);
    expect(points.map((p) => p.current)).toEqual([false, false, true]);
    expect(points[0]!.label).toBe('Nov 16');
    expect(points[2]!.label).toBe('This week');
    expect(points[2]!.longLabel).toBe('Week of Nov 30, 2026');
  });

  it('reads week starts as local calendar days, not UTC midnight', () => {
    const date = parseLocalDate('2026-11-30');
    expect([date.getFullYear(), date.getMonth(), date.getDate()]).toEqual([2026, 10, 30]);
  });
});

describe('summaryKpis', () => {
  it('maps the counts and says whose leads the total counts', () => {
    const kpis = summaryKpis(SUMMARY);
    expect(kpis.map((k) => [k.key, k.value])).toEqual([
      ['myOpenLeads', 17],
      ['overdue', 3],
      ['dueToday', 0],
      ['total', 291],
    ]);
    expect(kpis[3]!.caption).toBe('All leads in the office');
    expect(summaryKpis({ ...SUMMARY, scope: 'mine' })[3]!.caption).toBe('Leads assigned to you');
  });

  it('flags overdue work and links the deadline cards to their tabs', () => {
    const [, overdue, today] = summaryKpis(SUMMARY);
    expect(overdue!.tone).toBe('error');
    expect(overdue!.to).toBe('/deadlines?due=overdue');
    expect(today!.tone).toBe('default');
    expect(today!.to).toBe('/deadlines?due=today');
    expect(summaryKpis({ ...SUMMARY, deadlines: { overdue: 0, dueToday: 2 } })[1]!.tone).toBe(
      'default',
    );
  });
});
