// The board's optimistic moves. A drop moves the card at once ("saving"); the PATCH's answer
// either keeps it ("saved", with the lead as the server returned it) or rolls it back (the move
// is forgotten, so the card shows where the server's lists have it). A saved move stays laid over
// the server's lists until the target column's refreshed list shows the lead there ("settled"),
// so the card does not jump back while the lists refetch. Pure: a reducer and two projections.
import type { Lead, LeadStatus } from '@/lib/leads-api';

export interface BoardMove {
  /** The lead as it shows while moved (status = `to`). */
  lead: Lead;
  from: LeadStatus;
  to: LeadStatus;
  phase: 'saving' | 'saved';
  /** When the server accepted it (ms), for counts that come from an older summary. */
  savedAt?: number;
}

export interface BoardMovesState {
  moves: Record<string, BoardMove>;
}

export const initialMovesState: BoardMovesState = { moves: {} };

export type BoardMoveAction =
  | { type: 'started'; lead: Lead; to: LeadStatus }
  | { type: 'succeeded'; lead: Lead; at: number }
  | { type: 'failed'; leadId: string }
  | { type: 'settled'; leadId: string }
  | { type: 'reset' };

function without(moves: Record<string, BoardMove>, id: string): Record<string, BoardMove> {
  if (!(id in moves)) return moves;
  const next = { ...moves };
  delete next[id];
  return next;
}

export function boardMovesReducer(state: BoardMovesState, action: BoardMoveAction): BoardMovesState {
  switch (action.type) {
    case 'started': {
      const { lead, to } = action;
      return {
        moves: {
          ...state.moves,
          [lead.id]: { lead: { ...lead, status: to }, from: lead.status, to, phase: 'saving' },
        },
      };
    }
    case 'succeeded': {
      const move = state.moves[action.lead.id];
      if (!move) return state;
      return {
        moves: {
          ...state.moves,
          [action.lead.id]: { ...move, lead: action.lead, to: action.lead.status, phase: 'saved', savedAt: action.at },
        },
      };
    }
    case 'failed':
      return { moves: without(state.moves, action.leadId) };
    case 'settled': {
      const move = state.moves[action.leadId];
      // A move still saving is not settled by a list that happens to show it.
      if (!move || move.phase !== 'saved') return state;
      return { moves: without(state.moves, action.leadId) };
    }
    case 'reset':
      return initialMovesState;
    default:
      return state;
  }
}

/**
 * A column's cards with the moves laid over the server's list: moved leads leave every column
 * and show at the top of the one they moved to (newest move first).
 */
export function columnWithMoves(
  status: LeadStatus,
  serverItems: readonly Lead[],
  moves: Record<string, BoardMove>,
  { withIncoming = true }: { withIncoming?: boolean } = {},
): Lead[] {
  const list = Object.values(moves);
  if (list.length === 0) return serverItems as Lead[];
  const moved = new Set(list.map((m) => m.lead.id));
  const incoming = withIncoming
    ? list
        .filter((m) => m.to === status)
        .reverse()
        .map((m) => m.lead)
    : [];
  return [...incoming, ...serverItems.filter((lead) => !moved.has(lead.id))];
}

/** The ids of saved moves into `status` that the server's list now shows there. */
export function settledMoves(
  status: LeadStatus,
  serverItems: readonly Lead[],
  moves: Record<string, BoardMove>,
): string[] {
  const settled: string[] = [];
  for (const move of Object.values(moves)) {
    if (move.phase !== 'saved' || move.to !== status) continue;
    const shown = serverItems.find((lead) => lead.id === move.lead.id);
    if (shown && shown.status === status && shown.version >= move.lead.version) settled.push(move.lead.id);
  }
  return settled;
}

/**
 * Counts per status with the moves the counts do not include yet: those still saving, and saved
 * ones newer than the summary (`summaryAt`, when it was fetched).
 */
export function countsWithMoves(
  counts: Partial<Record<LeadStatus, number>>,
  moves: Record<string, BoardMove>,
  summaryAt: number | undefined,
): Partial<Record<LeadStatus, number>> {
  const next = { ...counts };
  for (const move of Object.values(moves)) {
    const pending = move.phase === 'saving' || (move.savedAt ?? 0) > (summaryAt ?? 0);
    if (!pending || move.from === move.to) continue;
    if (next[move.from] !== undefined) next[move.from] = Math.max(0, next[move.from]! - 1);
    if (next[move.to] !== undefined) next[move.to] = next[move.to]! + 1;
  }
  return next;
}
