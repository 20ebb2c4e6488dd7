// Call dispositions as people read them, and a call's length as a person says it.
import type { components } from '@/lib/api-types';

export type CallDisposition = components['schemas']['CallDisposition'];

export const CALL_DISPOSITION_LABELS: Record<CallDisposition, string> = {
  no_answer: 'No answer',
  voicemail: 'Voicemail',
  callback: 'Call back',
  interested: 'Interested',
  not_interested: 'Not interested',
  appointment_set: 'Appointment set',
  wrong_number: 'Wrong number',
  other: 'Other',
};

/** The disposition's label; an unknown one (a newer server) reads as itself. */
export function callDispositionLabel(disposition: string): string {
  return (CALL_DISPOSITION_LABELS as Record<string, string>)[disposition] ?? disposition;
}

/** 0 -> "0:00", 75 -> "1:15", 3725 -> "1:02:05". */
export function formatCallDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}
