import type { Active, Over } from '@dnd-kit/core';
import { describe, expect, it } from 'vitest';
import { canMove } from '@/hooks/lead-detail-status-moves';
import { boardLead } from '../test/fixtures';
import { boardAnnouncements, columnKeyboardCoordinates } from './board-dnd';

const rect = (left: number, width = 100) => ({ left, top: 0, width, height: 500, right: left + width, bottom: 500 });

function keyboardContext(enabled: string[]) {
  const rects = new Map(
    ['new', 'contacted', 'qualified', 'lost'].map((id, i) => [id, rect(i * 120)] as const),
  );
  return {
    collisionRect: { left: 130, top: 40, width: 80, height: 60, right: 210, bottom: 100 },
    droppableRects: rects,
    droppableContainers: { getEnabled: () => enabled.map((id) => ({ id })) },
  };
}

function key(code: string) {
  return { code, preventDefault: () => undefined } as unknown as KeyboardEvent;
}

describe('keyboard moves', () => {
  it('goes to the centre of the next enabled column left or right', () => {
    const context = keyboardContext(['new', 'contacted', 'qualified', 'lost']);
    const args = { active: 'x', currentCoordinates: { x: 130, y: 40 }, context } as never;
    // The card is over "contacted" (centre 170): right is "qualified" (290), left "new" (50).
    expect(columnKeyboardCoordinates(key('ArrowRight'), args)).toEqual({ x: 290 - 40, y: 40 });
    expect(columnKeyboardCoordinates(key('ArrowLeft'), args)).toEqual({ x: 50 - 40, y: 40 });
    expect(columnKeyboardCoordinates(key('ArrowDown'), args)).toBeUndefined();
  });

  it('steps from the column the card is over, even off its centre', () => {
    const context = keyboardContext(['new', 'contacted', 'qualified', 'lost']);
    // Centre 167: a little left of "contacted" (170), still over it.
    context.collisionRect = { left: 127, top: 40, width: 80, height: 60, right: 207, bottom: 100 };
    const args = { active: 'x', currentCoordinates: { x: 127, y: 40 }, context } as never;
    expect(columnKeyboardCoordinates(key('ArrowRight'), args)).toEqual({ x: 290 - 40, y: 40 });
    expect(columnKeyboardCoordinates(key('ArrowLeft'), args)).toEqual({ x: 50 - 40, y: 40 });
  });

  it('skips columns the card may not go to', () => {
    const context = keyboardContext(['contacted', 'lost']);
    const args = { active: 'x', currentCoordinates: { x: 130, y: 40 }, context } as never;
    expect(columnKeyboardCoordinates(key('ArrowRight'), args)).toEqual({ x: 410 - 40, y: 40 });
    expect(columnKeyboardCoordinates(key('ArrowLeft'), args)).toBeUndefined();
  });
});

describe('screen-reader announcements', () => {
  const lead = boardLead('qualified', { firstName: 'Maria', lastName: 'Gonzalez' });
  const active = { id: lead.id, data: { current: { lead } } } as unknown as Active;
  const over = (id: string) => ({ id }) as Over;

  it('say what happens, in words, for an agent', () => {
    const say = boardAnnouncements((from, to) => canMove(from, to, false));
    expect(say.onDragStart({ active })).toBe('Picked up Maria Gonzalez, in Qualified.');
    expect(say.onDragOver({ active, over: over('lor_signed') })).toBe('Maria Gonzalez is over LOR signed.');
    expect(say.onDragOver({ active, over: over('new') })).toBe('Maria Gonzalez cannot move to New.');
    expect(say.onDragOver({ active, over: null })).toBe('Maria Gonzalez is not over a column.');
    expect(say.onDragEnd({ active, over: over('lost') })).toBe('Maria Gonzalez dropped in Lost. Saving.');
    expect(say.onDragEnd({ active, over: over('qualified') })).toBe('Maria Gonzalez stays in Qualified.');
    expect(say.onDragCancel({ active, over: null })).toBe('Moving Maria Gonzalez was cancelled; it stays in Qualified.');
  });
});
