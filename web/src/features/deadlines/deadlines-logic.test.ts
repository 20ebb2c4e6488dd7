import { describe, expect, it } from 'vitest';
import {
  deadlineQuery,
  describeDue,
  dueState,
  groupByDay,
  parseAssignee,
  parseDue,
  type DeadlineRow,
} from './deadlines-logic';

// Local times, so the tests hold in any time zone.
const NOW = new Date(2026, 11, 7, 10, 0, 0); // Mon Dec 7 2026, 10:00 local

function row(id: string, due: Date, note?: string): DeadlineRow {
  return {
    id,
    leadId: `lead_${id}`,
    kind: 'follow_up',
    dueAt: due.toISOString(),
    ...(note ? { note } : {}),
    lead: { id: `lead_${id}`, firstName: 'Maria', lastName: 'Gonzalez', status: 'new', assignedTo: 'usr_a' },
  };
}

describe('parseDue / parseAssignee', () => {
  it('reads the tab, defaulting to overdue', () => {
    expect(parseDue('today')).toBe('today');
    expect(parseDue('week')).toBe('week');
    expect(parseDue(null)).toBe('overdue');
    expect(parseDue('yesterday')).toBe('overdue');
  });

  it('lets managers choose, and pins agents to themselves', () => {
    expect(parseAssignee(null, true)).toBe('all');
    expect(parseAssignee('me', true)).toBe('me');
    expect(parseAssignee('usr_01abc', true)).toBe('usr_01abc');
    expect(parseAssignee('<script>', true)).toBe('all');
    expect(parseAssignee('usr_01abc', false)).toBe('me');
  });
});

describe('deadlineQuery', () => {
  const base = { due: 'today' as const, meId: 'usr_me', utcOffsetMinutes: -300 };

  it('asks for everyone by leaving assignedTo out', () => {
    expect(deadlineQuery({ ...base, assignee: 'all', canChoose: true })).toEqual({
      due: 'today',
      utcOffsetMinutes: -300,
      limit: 50,
    });
  });

  it('sends the caller’s id for "me" and a chosen user’s id as is', () => {
    expect(deadlineQuery({ ...base, assignee: 'me', canChoose: true }).assignedTo).toBe('usr_me');
    expect(deadlineQuery({ ...base, assignee: 'usr_b', canChoose: true }).assignedTo).toBe('usr_b');
  });

  it('sends no assignedTo for agents (the server limits them)', () => {
    expect(deadlineQuery({ ...base, assignee: 'me', canChoose: false })).not.toHaveProperty('assignedTo');
  });

  it('keeps a zero offset (UTC callers)', () => {
    expect(deadlineQuery({ ...base, utcOffsetMinutes: 0, assignee: 'all', canChoose: true }).utcOffsetMinutes).toBe(0);
  });
});

describe('dueState / describeDue', () => {
  it('is overdue once past, today later today, upcoming after', () => {
    expect(dueState(new Date(2026, 11, 7, 9, 59).toISOString(), NOW)).toBe('overdue');
    expect(dueState(new Date(2026, 11, 7, 23, 30).toISOString(), NOW)).toBe('today');
    expect(dueState(new Date(2026, 11, 8, 0, 30).toISOString(), NOW)).toBe('upcoming');
  });

  it('says when, relative and absolute', () => {
    const later = describeDue(new Date(2026, 11, 7, 13, 0).toISOString(), NOW);
    expect(later.relative).toBe('in 3 hours');
    expect(later.absolute).toMatch(/Mon, Dec 7.*1:00\sPM/);
    const past = describeDue(new Date(2026, 11, 5, 10, 0).toISOString(), NOW);
    expect(past.state).toBe('overdue');
    expect(past.relative).toBe('2 days ago');
  });

  it('shows the year only for another year', () => {
    expect(describeDue(new Date(2027, 0, 4, 9, 0).toISOString(), NOW).absolute).toMatch(/2027/);
  });
});

describe('groupByDay', () => {
  it('groups by local day in the given order, with friendly labels', () => {
    const rows = [
      row('a', new Date(2026, 11, 6, 17, 0)),
      row('b', new Date(2026, 11, 7, 8, 0)),
      row('c', new Date(2026, 11, 7, 16, 0)),
      row('d', new Date(2026, 11, 8, 9, 0)),
      row('e', new Date(2026, 11, 10, 9, 0)),
    ];
    const groups = groupByDay(rows, NOW);
    expect(groups.map((g) => g.label)).toEqual(['Yesterday', 'Today', 'Tomorrow', 'Thursday, Dec 10']);
    expect(groups.map((g) => g.rows.map((r) => r.id))).toEqual([['a'], ['b', 'c'], ['d'], ['e']]);
    expect(groups[1]!.key).toBe('2026-12-07');
  });

  it('keeps a row seen twice once (overlapping pages)', () => {
    const a = row('a', new Date(2026, 11, 7, 12, 0));
    expect(groupByDay([a, a], NOW)[0]!.rows).toHaveLength(1);
  });
});
