// How lead values read on the lead page and the board: money (integer cents in the API, dollars
// on screen), loss types, phone types, and how urgent a deadline is. Pure functions.
import type { Deadline, LossType } from '@/lib/leads-api';
import { localDayOffset } from './deadlines-time';

export const LOSS_TYPE_LABELS: Record<LossType, string> = {
  wind: 'Wind',
  hail: 'Hail',
  water: 'Water',
  fire: 'Fire',
  flood: 'Flood',
  hurricane: 'Hurricane',
  mold: 'Mold',
  theft: 'Theft',
  vandalism: 'Vandalism',
  other: 'Other',
};

export const LOSS_TYPES = Object.keys(LOSS_TYPE_LABELS) as LossType[];

export function lossTypeLabel(value: string | null | undefined): string {
  if (!value) return '';
  return (LOSS_TYPE_LABELS as Record<string, string>)[value] ?? value;
}

export const PHONE_TYPE_LABELS = { mobile: 'Mobile', home: 'Home', work: 'Work' } as const;
export type PhoneType = keyof typeof PHONE_TYPE_LABELS;

export const PREFERRED_CONTACT_LABELS = { phone: 'Phone', email: 'Email', sms: 'Text message' } as const;

// ---- money ----------------------------------------------------------------------------------

/** The largest amount the API takes (Number.MAX_SAFE_INTEGER cents). */
const MAX_CENTS = Number.MAX_SAFE_INTEGER;

export type DollarsParse = { ok: true; cents: number | null } | { ok: false; message: string };

/**
 * Reads an amount typed in dollars ("2,500", "$2500.5", "2500.50") as integer cents, without
 * floating-point arithmetic. Blank is null (no amount). Negative amounts, more than two decimals
 * and anything that is not a number are refused.
 */
export function dollarsToCents(input: string): DollarsParse {
  const text = input.trim().replace(/^\$\s*/, '').replace(/,/g, '');
  if (text === '') return { ok: true, cents: null };
  const match = /^(\d*)(?:\.(\d{0,2}))?$/.exec(text);
  if (!match || (match[1] === '' && !match[2])) {
    if (/^-/.test(text)) return { ok: false, message: 'Enter an amount of zero or more.' };
    if (/^\d*\.\d{3,}$/.test(text)) return { ok: false, message: 'Use at most two decimals (cents).' };
    return { ok: false, message: 'Enter an amount in dollars, e.g. 2500 or 2,500.00.' };
  }
  const whole = match[1] === '' ? '0' : match[1]!;
  const fraction = (match[2] ?? '').padEnd(2, '0');
  const digits = `${whole}${fraction}`.replace(/^0+(?=\d)/, '');
  if (digits.length > 16 || Number(digits) > MAX_CENTS) {
    return { ok: false, message: 'That amount is too large.' };
  }
  return { ok: true, cents: Number(digits) };
}

/** Cents as a dollar amount to edit: 250000 → "2500.00"; null/undefined → "". */
export function centsToDollars(cents: number | null | undefined): string {
  if (cents === null || cents === undefined || !Number.isFinite(cents)) return '';
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(cents));
  const whole = Math.floor(abs / 100);
  const rest = abs % 100;
  return `${sign}${whole}.${String(rest).padStart(2, '0')}`;
}

const USD = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** Cents as money to read: 250000 → "$2,500.00"; null/undefined → "". */
export function formatCents(cents: number | null | undefined): string {
  if (cents === null || cents === undefined || !Number.isFinite(cents)) return '';
  return USD.format(cents / 100);
}

/** A fee percent typed by the user: 0–100 with at most two decimals; blank is null. */
export function parsePercent(
  input: string,
): { ok: true; value: number | null } | { ok: false; message: string } {
  const text = input.trim().replace(/%$/, '').trim();
  if (text === '') return { ok: true, value: null };
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(text)) {
    return { ok: false, message: 'Enter a percent from 0 to 100, at most two decimals.' };
  }
  const value = Number(text);
  if (value > 100) return { ok: false, message: 'Enter a percent from 0 to 100.' };
  return { ok: true, value };
}

// ---- deadlines ------------------------------------------------------------------------------

export type DeadlineUrgency = 'done' | 'overdue' | 'today' | 'upcoming';

/** Done, overdue (due before now), due later today, or later. */
export function deadlineUrgency(
  deadline: Pick<Deadline, 'dueAt' | 'doneAt'>,
  now: Date = new Date(),
): DeadlineUrgency {
  if (deadline.doneAt) return 'done';
  const due = new Date(deadline.dueAt);
  if (due.getTime() < now.getTime()) return 'overdue';
  if (localDayOffset(due, now) === 0) return 'today';
  return 'upcoming';
}

/** The open deadline due first, or null. */
export function nextOpenDeadline<D extends Pick<Deadline, 'dueAt' | 'doneAt'>>(
  deadlines: readonly D[] | null | undefined,
): D | null {
  let next: D | null = null;
  for (const d of deadlines ?? []) {
    if (d.doneAt) continue;
    if (!next || new Date(d.dueAt).getTime() < new Date(next.dueAt).getTime()) next = d;
  }
  return next;
}
