import { describe, expect, it } from 'vitest';
import {
  centsToDollars,
  deadlineUrgency,
  dollarsToCents,
  formatCents,
  lossTypeLabel,
  nextOpenDeadline,
  parsePercent,
} from './lead-detail-format';

describe('dollars ↔ cents', () => {
  it('reads dollars as integer cents without floating-point error', () => {
    expect(dollarsToCents('2500')).toEqual({ ok: true, cents: 250000 });
    expect(dollarsToCents('2,500.00')).toEqual({ ok: true, cents: 250000 });
    expect(dollarsToCents('$ 31,842.5')).toEqual({ ok: true, cents: 3184250 });
    expect(dollarsToCents('0.29')).toEqual({ ok: true, cents: 29 });
    expect(dollarsToCents('1.00')).toEqual({ ok: true, cents: 100 });
    expect(dollarsToCents('.5')).toEqual({ ok: true, cents: 50 });
    expect(dollarsToCents('19.99')).toEqual({ ok: true, cents: 1999 });
    expect(dollarsToCents('0')).toEqual({ ok: true, cents: 0 });
    expect(dollarsToCents('  ')).toEqual({ ok: true, cents: null });
  });

  it('refuses negatives, three decimals, words and absurd amounts', () => {
    expect(dollarsToCents('-5').ok).toBe(false);
    expect(dollarsToCents('1.234')).toMatchObject({ ok: false, message: expect.stringMatching(/two decimals/) });
    expect(dollarsToCents('ten').ok).toBe(false);
    expect(dollarsToCents('1.2.3').ok).toBe(false);
    expect(dollarsToCents('.').ok).toBe(false);
    expect(dollarsToCents('99999999999999999').ok).toBe(false);
  });

  it('shows cents as dollars to edit and to read', () => {
    expect(centsToDollars(250000)).toBe('2500.00');
    expect(centsToDollars(3184250)).toBe('31842.50');
    expect(centsToDollars(7)).toBe('0.07');
    expect(centsToDollars(null)).toBe('');
    expect(formatCents(3184250)).toBe('$31,842.50');
    expect(formatCents(undefined)).toBe('');
  });

  it('round-trips', () => {
    for (const cents of [0, 1, 99, 100, 123456789, 9007199254740991]) {
      const parsed = dollarsToCents(centsToDollars(cents));
      expect(parsed).toEqual({ ok: true, cents });
    }
  });
});

describe('parsePercent', () => {
  it('takes 0–100 with at most two decimals', () => {
    expect(parsePercent('10')).toEqual({ ok: true, value: 10 });
    expect(parsePercent('12.5 %')).toEqual({ ok: true, value: 12.5 });
    expect(parsePercent('')).toEqual({ ok: true, value: null });
    expect(parsePercent('100.01').ok).toBe(false);
    expect(parsePercent('1.234').ok).toBe(false);
    expect(parsePercent('-1').ok).toBe(false);
  });
});

describe('deadlines', () => {
  const now = new Date(2026, 11, 7, 12, 0);
  it('tells overdue, today, upcoming and done apart', () => {
    expect(deadlineUrgency({ dueAt: new Date(2026, 11, 7, 9, 0).toISOString() }, now)).toBe('overdue');
    expect(deadlineUrgency({ dueAt: new Date(2026, 11, 7, 17, 0).toISOString() }, now)).toBe('today');
    expect(deadlineUrgency({ dueAt: new Date(2026, 11, 9, 9, 0).toISOString() }, now)).toBe('upcoming');
    expect(
      deadlineUrgency({ dueAt: new Date(2026, 11, 1).toISOString(), doneAt: new Date(2026, 11, 2).toISOString() }, now),
    ).toBe('done');
  });

  it('finds the open deadline due first', () => {
    const list = [
      { id: 'a', dueAt: '2026-12-10T10:00:00.000Z' },
      { id: 'b', dueAt: '2026-12-01T10:00:00.000Z', doneAt: '2026-12-01T11:00:00.000Z' },
      { id: 'c', dueAt: '2026-12-05T10:00:00.000Z' },
    ];
    expect(nextOpenDeadline(list)?.id).toBe('c');
    expect(nextOpenDeadline([])).toBeNull();
    expect(nextOpenDeadline(undefined)).toBeNull();
  });

  it('labels loss types', () => {
    expect(lossTypeLabel('hail')).toBe('Hail');
    expect(lossTypeLabel('meteor')).toBe('meteor');
    expect(lossTypeLabel(undefined)).toBe('');
  });
});
