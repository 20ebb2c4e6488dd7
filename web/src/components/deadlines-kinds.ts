// Deadline kinds as people read them (dashboard, deadlines page, lead page).
import type { DeadlineKind } from '@/lib/leads-api';

export const DEADLINE_KIND_LABELS: Record<DeadlineKind, string> = {
  follow_up: 'Follow-up',
  proof_of_loss: 'Proof of loss',
  suit_limitation: 'Suit limitation',
  carrier_response: 'Carrier response',
  reinspection: 'Reinspection',
  appraisal: 'Appraisal',
  other: 'Other',
};

/** The kind's label; an unknown kind (a newer server) reads as itself. */
export function deadlineKindLabel(kind: string): string {
  return (DEADLINE_KIND_LABELS as Record<string, string>)[kind] ?? kind;
}
