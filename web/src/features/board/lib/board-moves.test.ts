import { describe, expect, it } from 'vitest';
import { boardLead } from '../test/fixtures';
import {
  boardMovesReducer,
  columnWithMoves,
  countsWithMoves,
  initialMovesState,
  settledMoves,
} from './board-moves';

describe('optimistic moves', () => {
  const a = boardLead('new', { id: 'lead_a' });
  const b = boardLead('new', { id: 'lead_b' });
  const c = boardLead('qualified', { id: 'lead_c' });

  it('moves the card at once, out of its column and on top of the other', () => {
    const state = boardMovesReducer(initialMovesState, { type: 'started', lead: a, to: 'qualified' });
    expect(state.moves.lead_a).toMatchObject({ from: 'new', to: 'qualified', phase: 'saving' });
    expect(columnWithMoves('new', [a, b], state.moves).map((l) => l.id)).toEqual(['lead_b']);
    const qualified = columnWithMoves('qualified', [c], state.moves);
    expect(qualified.map((l) => l.id)).toEqual(['lead_a', 'lead_c']);
    expect(qualified[0]!.status).toBe('qualified');
  });

  it('rolls back on a refusal: the card is where the server has it', () => {
    let state = boardMovesReducer(initialMovesState, { type: 'started', lead: a, to: 'claim_filed' });
    state = boardMovesReducer(state, { type: 'failed', leadId: 'lead_a' });
    expect(state.moves).toEqual({});
    expect(columnWithMoves('new', [a, b], state.moves).map((l) => l.id)).toEqual(['lead_a', 'lead_b']);
    expect(columnWithMoves('claim_filed', [], state.moves)).toEqual([]);
  });

  it('keeps a saved move until the refreshed list shows it, without doubling the card', () => {
    let state = boardMovesReducer(initialMovesState, { type: 'started', lead: a, to: 'qualified' });
    const saved = { ...a, status: 'qualified' as const, version: 4 };
    state = boardMovesReducer(state, { type: 'succeeded', lead: saved, at: 1000 });
    expect(state.moves.lead_a).toMatchObject({ phase: 'saved', savedAt: 1000, lead: { version: 4 } });

    // The old list (before the refetch) still has the lead in "new": not settled, shown moved.
    expect(settledMoves('qualified', [c], state.moves)).toEqual([]);
    expect(columnWithMoves('new', [a, b], state.moves).map((l) => l.id)).toEqual(['lead_b']);

    // The refreshed list has it in "qualified": settled, and shown once.
    const refreshed = [saved, c];
    expect(columnWithMoves('qualified', refreshed, state.moves).map((l) => l.id)).toEqual(['lead_a', 'lead_c']);
    expect(settledMoves('qualified', refreshed, state.moves)).toEqual(['lead_a']);
    state = boardMovesReducer(state, { type: 'settled', leadId: 'lead_a' });
    expect(state.moves).toEqual({});
  });

  it('does not settle a move still saving, nor one the list shows at an older version', () => {
    let state = boardMovesReducer(initialMovesState, { type: 'started', lead: a, to: 'qualified' });
    expect(boardMovesReducer(state, { type: 'settled', leadId: 'lead_a' })).toBe(state);
    state = boardMovesReducer(state, { type: 'succeeded', lead: { ...a, status: 'qualified', version: 5 }, at: 1 });
    expect(settledMoves('qualified', [{ ...a, status: 'qualified', version: 4 }], state.moves)).toEqual([]);
  });

  it('ignores answers for moves it no longer holds (filters changed meanwhile)', () => {
    let state = boardMovesReducer(initialMovesState, { type: 'started', lead: a, to: 'qualified' });
    state = boardMovesReducer(state, { type: 'reset' });
    expect(boardMovesReducer(state, { type: 'succeeded', lead: a, at: 1 })).toBe(state);
    expect(boardMovesReducer(state, { type: 'failed', leadId: 'lead_a' })).toEqual(state);
  });

  it('shows the moved card only on the first page of its new column', () => {
    const state = boardMovesReducer(initialMovesState, { type: 'started', lead: a, to: 'qualified' });
    expect(columnWithMoves('qualified', [c], state.moves, { withIncoming: false }).map((l) => l.id)).toEqual(['lead_c']);
  });

  it('adjusts the counts until the summary has caught up', () => {
    const counts = { new: 10, qualified: 4, lost: 1 };
    let state = boardMovesReducer(initialMovesState, { type: 'started', lead: a, to: 'qualified' });
    expect(countsWithMoves(counts, state.moves, 500)).toEqual({ new: 9, qualified: 5, lost: 1 });
    state = boardMovesReducer(state, { type: 'succeeded', lead: { ...a, status: 'qualified' }, at: 1000 });
    expect(countsWithMoves(counts, state.moves, 500)).toEqual({ new: 9, qualified: 5, lost: 1 });
    // A summary fetched after the save already counts it.
    expect(countsWithMoves(counts, state.moves, 2000)).toEqual(counts);
    expect(countsWithMoves(counts, {}, undefined)).toEqual(counts);
  });
});
