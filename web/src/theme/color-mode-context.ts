// The user's colour mode choice: light, dark, or follow the operating system.
import { createContext, useContext } from 'react';
import type { ResolvedMode } from './theme';

export type ColorMode = 'light' | 'dark' | 'system';

export const COLOR_MODE_STORAGE_KEY = 'ccrm.colorMode';

export interface ColorModeValue {
  /** What the user chose. */
  mode: ColorMode;
  /** What is shown: the choice, or the system's preference for `system`. */
  resolvedMode: ResolvedMode;
  setMode: (mode: ColorMode) => void;
}

export const ColorModeContext = createContext<ColorModeValue | null>(null);

export function useColorMode(): ColorModeValue {
  const value = useContext(ColorModeContext);
  if (!value) throw new Error('useColorMode must be used inside <AppThemeProvider>');
  return value;
}

export function readStoredColorMode(storage: Storage | null = safeLocalStorage()): ColorMode {
  const value = storage?.getItem(COLOR_MODE_STORAGE_KEY);
  return value === 'light' || value === 'dark' || value === 'system' ? value : 'system';
}

export function storeColorMode(mode: ColorMode, storage: Storage | null = safeLocalStorage()): void {
  try {
    if (mode === 'system') storage?.removeItem(COLOR_MODE_STORAGE_KEY);
    else storage?.setItem(COLOR_MODE_STORAGE_KEY, mode);
  } catch {
    // Storage may be full or disabled; the choice then lasts for this page only.
  }
}

function safeLocalStorage(): Storage | null {
  try {
    return typeof window !== 'undefined' ? window.localStorage : null;
  } catch {
    return null;
  }
}
