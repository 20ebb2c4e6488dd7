import { describe, expect, it } from 'vitest';
import {
  formatDate,
  formatDateTime,
  formatDayLabel,
  formatRelativeTime,
  localDayKey,
  localDayOffset,
} from './deadlines-time';

const NOW = new Date(2026, 11, 7, 10, 0, 0);
const at = (d: number, h: number, m = 0) => new Date(2026, 11, d, h, m);

describe('deadlines time formatting', () => {
  it('says how far away, in the largest fitting unit', () => {
    expect(formatRelativeTime(at(7, 10, 0), NOW)).toBe('just now');
    expect(formatRelativeTime(at(7, 10, 20), NOW)).toBe('in 20 minutes');
    expect(formatRelativeTime(at(7, 7), NOW)).toBe('3 hours ago');
    expect(formatRelativeTime(at(6, 10), NOW)).toBe('yesterday');
    expect(formatRelativeTime(at(11, 10), NOW)).toBe('in 4 days');
    expect(formatRelativeTime(new Date(2026, 9, 7), NOW)).toBe('2 months ago');
    expect(formatRelativeTime('not a date', NOW)).toBe('');
  });

  it('formats absolute dates, with the year only when it differs', () => {
    expect(formatDateTime(at(7, 15, 30), NOW)).toMatch(/^Mon, Dec 7, 3:30\sPM$/);
    expect(formatDateTime(new Date(2025, 0, 2, 9, 0), NOW)).toMatch(/2025/);
    expect(formatDate(at(7, 15))).toBe('Dec 7, 2026');
  });

  it('counts local calendar days', () => {
    expect(localDayKey(at(7, 23, 59))).toBe('2026-12-07');
    expect(localDayOffset(at(8, 0, 1), NOW)).toBe(1);
    expect(localDayOffset(at(6, 23, 59), NOW)).toBe(-1);
    expect(formatDayLabel(at(9, 9), NOW)).toBe('Wednesday, Dec 9');
    expect(formatDayLabel(at(8, 9), NOW)).toBe('Tomorrow');
  });
});
