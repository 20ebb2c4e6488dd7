// The grid's look, kept per user in localStorage (the key carries the user id, so people who share
// a computer keep their own): which columns show, row density and page size. Nothing sensitive.
import { useCallback, useEffect, useState } from 'react';

export type Density = 'compact' | 'standard' | 'comfortable';
export const DENSITIES: readonly Density[] = ['compact', 'standard', 'comfortable'];
export const PAGE_SIZES = [25, 50, 100] as const;
export type PageSize = (typeof PAGE_SIZES)[number];

export interface GridPrefs {
  /** Column field → visible; columns not named keep their default. */
  columns: Record<string, boolean>;
  density: Density;
  pageSize: PageSize;
}

export const DEFAULT_PREFS: GridPrefs = { columns: {}, density: 'compact', pageSize: 25 };

export function prefsKey(userId: string): string {
  return `ccrm.leads.grid.v1.${userId}`;
}

function storage(): Storage | null {
  try {
    return typeof window !== 'undefined' ? window.localStorage : null;
  } catch {
    // Storage can be disabled (privacy settings); the grid then keeps defaults.
    return null;
  }
}

/** Reads the saved preferences, ignoring anything malformed. */
export function loadPrefs(userId: string): GridPrefs {
  const raw = storage()?.getItem(prefsKey(userId));
  if (!raw) return DEFAULT_PREFS;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return DEFAULT_PREFS;
    const v = value as Partial<Record<keyof GridPrefs, unknown>>;
    const columns: Record<string, boolean> = {};
    if (typeof v.columns === 'object' && v.columns !== null) {
      for (const [field, visible] of Object.entries(v.columns)) {
        if (typeof visible === 'boolean') columns[field] = visible;
      }
    }
    return {
      columns,
      density: DENSITIES.includes(v.density as Density) ? (v.density as Density) : DEFAULT_PREFS.density,
      pageSize: PAGE_SIZES.includes(v.pageSize as PageSize)
        ? (v.pageSize as PageSize)
        : DEFAULT_PREFS.pageSize,
    };
  } catch {
    return DEFAULT_PREFS;
  }
}

export function savePrefs(userId: string, prefs: GridPrefs): void {
  try {
    storage()?.setItem(prefsKey(userId), JSON.stringify(prefs));
  } catch {
    // Quota or disabled storage: the preference lasts for this visit only.
  }
}

/** The preferences of `userId`, saved on every change. */
export function useGridPrefs(userId: string) {
  const [state, setState] = useState(() => ({ userId, prefs: loadPrefs(userId) }));
  // Another user signed in on this page (after an expired session): load theirs.
  const current = state.userId === userId ? state.prefs : loadPrefs(userId);
  if (state.userId !== userId) setState({ userId, prefs: current });

  useEffect(() => {
    savePrefs(state.userId, state.prefs);
  }, [state]);

  const update = useCallback(
    (patch: Partial<GridPrefs>) =>
      setState((previous) => ({ ...previous, prefs: { ...previous.prefs, ...patch } })),
    [],
  );
  return [current, update] as const;
}
