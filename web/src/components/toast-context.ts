// useToast(): short confirmations and errors in a snackbar, from anywhere under <ToastProvider>.
import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';

export type ToastSeverity = 'success' | 'info' | 'warning' | 'error';

export interface ToastOptions {
  severity?: ToastSeverity;
  /** Milliseconds; null keeps it until dismissed. Default 5000 (errors 8000). */
  duration?: number | null;
  /** A button in the toast, e.g. Undo. */
  action?: { label: string; onClick: () => void };
}

export interface ToastApi {
  show: (message: ReactNode, options?: ToastOptions) => void;
  success: (message: ReactNode, options?: Omit<ToastOptions, 'severity'>) => void;
  info: (message: ReactNode, options?: Omit<ToastOptions, 'severity'>) => void;
  warning: (message: ReactNode, options?: Omit<ToastOptions, 'severity'>) => void;
  error: (message: ReactNode, options?: Omit<ToastOptions, 'severity'>) => void;
}

export const ToastContext = createContext<ToastApi | null>(null);

export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error('useToast must be used inside <ToastProvider>');
  return api;
}
