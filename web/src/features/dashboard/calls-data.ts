// The calls summary shaped for its charts and read as sentences for screen readers.
import { callDispositionLabel } from '@/components/call-dispositions';
import type { CallSummary } from './calls-summary-api';

export interface CallDayPoint {
  date: string;
  label: string; // "Mon 7"
  longLabel: string; // "Monday, December 7"
  answeredIn: number;
  abandoned: number;
  otherIn: number; // inbound, neither answered nor abandoned (still ringing, or logged so)
  outbound: number;
  today: boolean;
}

const WEEKDAY = new Intl.DateTimeFormat(undefined, { weekday: 'short', timeZone: 'UTC' });
const LONG = new Intl.DateTimeFormat(undefined, { weekday: 'long', month: 'long', day: 'numeric', timeZone: 'UTC' });

export function callDayPoints(summary: CallSummary): CallDayPoint[] {
  return summary.days.map((day) => {
    const date = new Date(`${day.date}T00:00:00Z`);
    const answeredIn = day.inboundAnswered;
    return {
      date: day.date,
      label: `${WEEKDAY.format(date)} ${date.getUTCDate()}`,
      longLabel: LONG.format(date),
      answeredIn,
      abandoned: day.abandoned,
      otherIn: Math.max(0, day.inbound - answeredIn - day.abandoned),
      outbound: day.outbound,
      today: day.date === summary.today,
    };
  });
}

export function describeCallDays(points: readonly CallDayPoint[]): string {
  return points
    .map(
      (p) =>
        `${p.longLabel}: ${p.answeredIn + p.abandoned + p.otherIn} in (${p.answeredIn} answered, ${p.abandoned} abandoned), ${p.outbound} out`,
    )
    .join('; ');
}

export interface DispositionBar {
  disposition: string;
  label: string;
  count: number;
}

/** The week's dispositions, most frequent first, without those that never happened; calls
 * without one last. */
export function dispositionBars(summary: CallSummary): DispositionBar[] {
  const bars = Object.entries(summary.dispositions)
    .filter(([, count]) => count > 0)
    .map(([disposition, count]) => ({ disposition, label: callDispositionLabel(disposition), count }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  if (summary.withoutDisposition > 0) {
    bars.push({ disposition: '', label: 'No disposition', count: summary.withoutDisposition });
  }
  return bars;
}

export function describeDispositions(bars: readonly DispositionBar[]): string {
  return bars.length === 0 ? 'No calls in the last 7 days' : bars.map((b) => `${b.label}: ${b.count}`).join(', ');
}
