import { describe, expect, it } from 'vitest';
import { callDayPoints, describeCallDays, describeDispositions, dispositionBars } from './calls-data';
import type { CallSummary } from './calls-summary-api';

const summary: CallSummary = {
  scope: 'all',
  today: '2026-12-07',
  weekStart: '2026-12-01',
  days: [
    { date: '2026-12-06', inbound: 0, outbound: 0, answered: 0, inboundAnswered: 0, abandoned: 0 },
    { date: '2026-12-07', inbound: 6, outbound: 3, answered: 6, inboundAnswered: 4, abandoned: 1 },
  ],
  dispositions: { callback: 2, voicemail: 0, interested: 3, wrong_number: 1 },
  withoutDisposition: 2,
  truncated: false,
};

describe('calls-data', () => {
  it('splits each day into answered, abandoned and other inbound calls, and outbound ones', () => {
    const [yesterday, today] = callDayPoints(summary);
    expect(yesterday).toMatchObject({ answeredIn: 0, abandoned: 0, otherIn: 0, outbound: 0, today: false });
    // One inbound call neither answered nor abandoned (a voicemail left, logged by hand).
    expect(today).toMatchObject({ answeredIn: 4, abandoned: 1, otherIn: 1, outbound: 3, today: true });
    expect(describeCallDays([today!])).toMatch(/6 in \(4 answered, 1 abandoned\), 3 out$/);
  });

  it('lists the week’s dispositions most frequent first, none-given last, zeros left out', () => {
    const bars = dispositionBars(summary);
    expect(bars.map((b) => b.label)).toEqual(['Interested', 'Call back', 'Wrong number', 'No disposition']);
    expect(describeDispositions(bars)).toBe('Interested: 3, Call back: 2, Wrong number: 1, No disposition: 2');
    expect(describeDispositions([])).toBe('No calls in the last 7 days');
  });
});
