// Page-numbered navigation over a cursor-paginated list that has no total count: a stack of
// cursors, one per page index (page 0 has none; page i+1 is fetched with the nextCursor page i
// answered). Any change of the query (filters, search, sort, page size) starts again at page 0,
// since a cursor belongs to its query.
//
// The API may answer a page with fewer items than asked, even none, and still give a nextCursor
// (filters skipped many leads, or the search index trailed the records). An empty page with a
// cursor is therefore not shown: its cursor replaces the page's own and the page is fetched
// again, a bounded number of times in a row, so a rare filter over a large office still finds
// what there is without the user paging through blanks.
import { useCallback, useReducer } from 'react';

/** How many empty pages in a row are skipped before asking the user to keep looking. */
export const MAX_EMPTY_HOPS = 20;

export interface CursorState {
  /** The query these cursors belong to. */
  key: string;
  page: number;
  /** cursors[i] fetches page i; page 0's is null. Known up to one past the furthest page seen. */
  cursors: (string | null)[];
  /** Empty pages skipped in a row on the current page. */
  hops: number;
  /** A page past the end came back empty: the page before it is the last. */
  lastPage: number | null;
}

export type CursorAction =
  | { type: 'reset'; key: string }
  | { type: 'goTo'; page: number }
  | {
      type: 'loaded';
      key: string;
      page: number;
      cursor: string | null;
      itemCount: number;
      nextCursor: string | null;
    }
  | { type: 'keepLooking' };

export function initialCursorState(key: string): CursorState {
  return { key, page: 0, cursors: [null], hops: 0, lastPage: null };
}

export function cursorReducer(state: CursorState, action: CursorAction): CursorState {
  switch (action.type) {
    case 'reset':
      return action.key === state.key ? state : initialCursorState(action.key);
    case 'goTo': {
      const page = Math.max(0, action.page);
      // Only pages whose cursor is known can be reached (next, previous, or back to the start).
      if (page === state.page || page >= state.cursors.length) return state;
      if (state.lastPage !== null && page > state.lastPage) return state;
      return { ...state, page, hops: 0 };
    }
    case 'loaded': {
      // A reply for another query, page or cursor than the one shown now is stale: ignore it.
      if (
        action.key !== state.key ||
        action.page !== state.page ||
        action.cursor !== (state.cursors[state.page] ?? null)
      ) {
        return state;
      }
      if (action.itemCount === 0 && action.nextCursor !== null) {
        if (state.hops >= MAX_EMPTY_HOPS) return state;
        const cursors = state.cursors.slice(0, state.page + 1);
        cursors[state.page] = action.nextCursor;
        return { ...state, cursors, hops: state.hops + 1 };
      }
      if (action.itemCount === 0 && action.page > 0) {
        // Past the end: the previous page was the last one after all.
        return {
          ...state,
          page: action.page - 1,
          cursors: state.cursors.slice(0, action.page),
          lastPage: action.page - 1,
          hops: 0,
        };
      }
      const cursors = state.cursors.slice(0, state.page + 1);
      if (action.nextCursor !== null) cursors[state.page + 1] = action.nextCursor;
      const lastPage =
        action.nextCursor === null
          ? state.page
          : state.lastPage !== null && state.lastPage <= state.page
            ? null
            : state.lastPage;
      // A page with leads, or the end: skipping ahead is over.
      return { ...state, cursors, lastPage, hops: 0 };
    }
    case 'keepLooking':
      return { ...state, hops: 0 };
    default:
      return state;
  }
}

/** The cursor to fetch the current page with (undefined for the first page). */
export function currentCursor(state: CursorState): string | undefined {
  return state.cursors[state.page] ?? undefined;
}

export function hasNextPage(state: CursorState): boolean {
  if (state.lastPage !== null && state.page >= state.lastPage) return false;
  return state.cursors[state.page + 1] !== undefined;
}

/** Skipping empty pages stopped at the bound: ask before reading further. */
export function isHopLimitReached(state: CursorState): boolean {
  return state.hops >= MAX_EMPTY_HOPS;
}

export interface CursorPagination {
  state: CursorState;
  page: number;
  cursor: string | undefined;
  hasNextPage: boolean;
  /** Whether the current page is a skipped-ahead one still being looked for. */
  hopping: boolean;
  hopLimitReached: boolean;
  goTo: (page: number) => void;
  loaded: (reply: {
    key: string;
    page: number;
    cursor: string | undefined;
    itemCount: number;
    nextCursor: string | null;
  }) => void;
  keepLooking: () => void;
}

/**
 * The cursor stack for the list `key`. The stack restarts when the key changes: the reset runs
 * during render, so the first request for a new query never carries the old query's cursor.
 */
export function useCursorPagination(key: string): CursorPagination {
  const [stored, dispatch] = useReducer(cursorReducer, key, initialCursorState);
  const state = stored.key === key ? stored : initialCursorState(key);
  if (stored.key !== key) dispatch({ type: 'reset', key });

  const goTo = useCallback((page: number) => dispatch({ type: 'goTo', page }), []);
  const loaded = useCallback<CursorPagination['loaded']>(
    ({ cursor, ...reply }) => dispatch({ type: 'loaded', cursor: cursor ?? null, ...reply }),
    [],
  );
  const keepLooking = useCallback(() => dispatch({ type: 'keepLooking' }), []);
  return {
    state,
    page: state.page,
    cursor: currentCursor(state),
    hasNextPage: hasNextPage(state),
    hopping: state.hops > 0 && !isHopLimitReached(state),
    hopLimitReached: isHopLimitReached(state),
    goTo,
    loaded,
    keepLooking,
  };
}
