import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  currentCursor,
  cursorReducer,
  hasNextPage,
  initialCursorState,
  isHopLimitReached,
  MAX_EMPTY_HOPS,
  useCursorPagination,
  type CursorState,
} from './cursor-pagination';

const KEY = 'q1';

function loaded(state: CursorState, itemCount: number, nextCursor: string | null, key = KEY) {
  return cursorReducer(state, {
    type: 'loaded',
    key,
    page: state.page,
    cursor: currentCursor(state) ?? null,
    itemCount,
    nextCursor,
  });
}

describe('cursorReducer', () => {
  it('keeps a stack of cursors, one per page', () => {
    let state = initialCursorState(KEY);
    expect(currentCursor(state)).toBeUndefined();
    expect(hasNextPage(state)).toBe(false);

    state = loaded(state, 25, 'c1');
    expect(hasNextPage(state)).toBe(true);
    state = cursorReducer(state, { type: 'goTo', page: 1 });
    expect(state.page).toBe(1);
    expect(currentCursor(state)).toBe('c1');

    state = loaded(state, 25, 'c2');
    state = cursorReducer(state, { type: 'goTo', page: 2 });
    expect(currentCursor(state)).toBe('c2');
    state = loaded(state, 7, null);
    expect(hasNextPage(state)).toBe(false);

    // Back, and forward again with the remembered cursor.
    state = cursorReducer(state, { type: 'goTo', page: 1 });
    expect(currentCursor(state)).toBe('c1');
    expect(hasNextPage(state)).toBe(true);
    state = cursorReducer(state, { type: 'goTo', page: 0 });
    expect(currentCursor(state)).toBeUndefined();
  });

  it('cannot jump to a page whose cursor is not known', () => {
    let state = loaded(initialCursorState(KEY), 25, 'c1');
    expect(cursorReducer(state, { type: 'goTo', page: 2 })).toBe(state);
    state = loaded(initialCursorState(KEY), 25, null);
    expect(cursorReducer(state, { type: 'goTo', page: 1 })).toBe(state);
  });

  it('ignores replies for another query, page or cursor (stale)', () => {
    const state = loaded(initialCursorState(KEY), 25, 'c1');
    const moved = cursorReducer(state, { type: 'goTo', page: 1 });
    expect(cursorReducer(moved, { type: 'loaded', key: 'other', page: 1, cursor: 'c1', itemCount: 25, nextCursor: 'x' })).toBe(moved);
    expect(cursorReducer(moved, { type: 'loaded', key: KEY, page: 0, cursor: null, itemCount: 25, nextCursor: 'x' })).toBe(moved);
    expect(cursorReducer(moved, { type: 'loaded', key: KEY, page: 1, cursor: 'old', itemCount: 25, nextCursor: 'x' })).toBe(moved);
  });

  it('starts again at page 0 when the query changes', () => {
    let state = loaded(initialCursorState(KEY), 25, 'c1');
    state = cursorReducer(state, { type: 'goTo', page: 1 });
    state = cursorReducer(state, { type: 'reset', key: 'q2' });
    expect(state).toEqual(initialCursorState('q2'));
  });

  it('skips an empty page that still has a cursor, up to a bound', () => {
    let state = loaded(initialCursorState(KEY), 0, 'skip1');
    expect(state.page).toBe(0);
    expect(currentCursor(state)).toBe('skip1');
    expect(state.hops).toBe(1);
    state = loaded(state, 3, 'c1');
    expect(state.cursors).toEqual(['skip1', 'c1']);
    expect(hasNextPage(state)).toBe(true);
    expect(state.hops).toBe(0);

    // Skipping until the end: no more hops, no next page (the list is empty).
    let empty = loaded(initialCursorState(KEY), 0, 'e1');
    empty = loaded(empty, 0, 'e2');
    empty = loaded(empty, 0, null);
    expect(empty.hops).toBe(0);
    expect(hasNextPage(empty)).toBe(false);

    let hopping = initialCursorState(KEY);
    for (let i = 0; i < MAX_EMPTY_HOPS; i += 1) hopping = loaded(hopping, 0, `h${i}`);
    expect(isHopLimitReached(hopping)).toBe(true);
    // At the bound it stops reading until asked to keep looking.
    expect(loaded(hopping, 0, 'more')).toBe(hopping);
    hopping = cursorReducer(hopping, { type: 'keepLooking' });
    expect(loaded(hopping, 0, 'more').cursors[0]).toBe('more');
  });

  it('steps back when the page after a full one turns out empty', () => {
    let state = loaded(initialCursorState(KEY), 25, 'c1');
    state = cursorReducer(state, { type: 'goTo', page: 1 });
    state = loaded(state, 0, null);
    expect(state.page).toBe(0);
    expect(hasNextPage(state)).toBe(false);
    expect(state.lastPage).toBe(0);
  });
});

describe('useCursorPagination', () => {
  it('resets during the render that brings a new key, so no old cursor is sent', () => {
    const { result, rerender } = renderHook(({ key }) => useCursorPagination(key), {
      initialProps: { key: 'a' },
    });
    act(() => result.current.loaded({ key: 'a', page: 0, cursor: undefined, itemCount: 25, nextCursor: 'c1' }));
    act(() => result.current.goTo(1));
    expect(result.current.cursor).toBe('c1');
    rerender({ key: 'b' });
    expect(result.current.page).toBe(0);
    expect(result.current.cursor).toBeUndefined();
    expect(result.current.hasNextPage).toBe(false);
  });
});
