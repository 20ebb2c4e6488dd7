// The pipeline's move rules as the UI offers them (lead page stepper, board drag and "Move to…"
// menu): forward one or several stages for anyone, `lost` from any stage, a lost lead reopened
// only to `contacted`, and back along the pipeline only for managers and admins. Mirrors the rules
// of PATCH /api/v1/leads/{id} in api/openapi.yaml; the server stays the authority (it also applies
// the stage gate, which the UI cannot know without the lead's documents).
import { useMemo } from 'react';
import { problemFromError } from '@/lib/problem';
import { LEAD_STATUSES, type LeadStatus } from '@/lib/leads-api';
import { useCan } from './use-role';

/** The pipeline without `lost`, in order. */
export const PIPELINE: readonly LeadStatus[] = LEAD_STATUSES.filter((s) => s !== 'lost');

/** Entering these needs an LOR and a policy (or declarations page) document. */
export const STAGE_GATED: readonly LeadStatus[] = ['claim_filed', 'negotiating', 'settled'];

export type MoveKind =
  /** The same status: nothing to do. */
  | 'none'
  | 'forward'
  | 'back'
  | 'lost'
  /** From lost back to contacted. */
  | 'reopen'
  /** Never allowed (a lost lead anywhere but contacted). */
  | 'invalid';

export function moveKind(from: LeadStatus, to: LeadStatus): MoveKind {
  if (from === to) return 'none';
  if (to === 'lost') return 'lost';
  if (from === 'lost') return to === 'contacted' ? 'reopen' : 'invalid';
  const a = PIPELINE.indexOf(from);
  const b = PIPELINE.indexOf(to);
  if (a < 0 || b < 0) return 'invalid';
  return b > a ? 'forward' : 'back';
}

/** Whether the UI offers this move to someone who may (or may not) move leads back. */
export function canMove(from: LeadStatus, to: LeadStatus, canMoveBack: boolean): boolean {
  const kind = moveKind(from, to);
  if (kind === 'forward' || kind === 'lost' || kind === 'reopen') return true;
  if (kind === 'back') return canMoveBack;
  return false;
}

/** The statuses a lead at `from` may be moved to, in pipeline order (lost last). */
export function allowedTargets(from: LeadStatus, canMoveBack: boolean): LeadStatus[] {
  return LEAD_STATUSES.filter((to) => canMove(from, to, canMoveBack));
}

/** Whether the server will check the stage gate for this move. */
export function entersStageGate(from: LeadStatus, to: LeadStatus): boolean {
  return from !== to && STAGE_GATED.includes(to);
}

/** The status moves the signed-in user is offered. */
export function useStatusMoves() {
  const canMoveBack = useCan('leads.moveBack');
  return useMemo(
    () => ({
      canMoveBack,
      canMove: (from: LeadStatus, to: LeadStatus) => canMove(from, to, canMoveBack),
      targets: (from: LeadStatus) => allowedTargets(from, canMoveBack),
    }),
    [canMoveBack],
  );
}

const MISSING_DOCUMENT_LABELS: Record<string, string> = {
  lor: 'a signed letter of representation (LOR)',
  'policy or declarations_page': 'the policy or its declarations page',
};

/** How a missing document of the stage gate reads. */
export function missingDocumentLabel(code: string): string {
  return MISSING_DOCUMENT_LABELS[code] ?? code.replace(/_/g, ' ');
}

export interface StageGateRefusal {
  detail: string;
  missingDocuments: string[];
}

/** The stage gate's refusal in an error (409 with `missingDocuments`), or null for any other. */
export function stageGateRefusal(error: unknown): StageGateRefusal | null {
  const info = problemFromError(error);
  if (!info || info.status !== 409) return null;
  const missing = (info.problem as { missingDocuments?: unknown } | null)?.missingDocuments;
  if (!Array.isArray(missing) || missing.length === 0) return null;
  return {
    detail: info.detail,
    missingDocuments: missing.filter((m): m is string => typeof m === 'string'),
  };
}
