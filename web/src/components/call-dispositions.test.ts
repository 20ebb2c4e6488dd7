import { describe, expect, it } from 'vitest';
import { callDispositionLabel, formatCallDuration } from './call-dispositions';

describe('call dispositions', () => {
  it('labels every disposition, and an unknown one as itself', () => {
    expect(callDispositionLabel('appointment_set')).toBe('Appointment set');
    expect(callDispositionLabel('wrong_number')).toBe('Wrong number');
    expect(callDispositionLabel('teleported')).toBe('teleported');
  });

  it('says a duration as minutes:seconds, with hours when there are some', () => {
    expect(formatCallDuration(0)).toBe('0:00');
    expect(formatCallDuration(75)).toBe('1:15');
    expect(formatCallDuration(3725)).toBe('1:02:05');
    expect(formatCallDuration(-5)).toBe('0:00');
  });
});
