// Runs a CSV export (GET /leads/export) with the session's token and tracks its progress, so the
// page can show the bytes so far and offer to cancel a long one.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useAppStore } from '@/app/hooks';
import { useToast } from '@/components/toast-context';
import { problemFromError } from '@/lib/problem';
import { apiUrl, formatBytes, isAbortError } from './authorized-request';
import { downloadWithToken } from './csv-download';

export interface ExportProgress {
  label: string;
  bytes: number;
  total: number | null;
}

export interface LeadExport {
  progress: ExportProgress | null;
  error: unknown;
  start: (params: URLSearchParams, label: string) => Promise<void>;
  cancel: () => void;
  dismissError: () => void;
}

export function useLeadExport(): LeadExport {
  const { tokenManager } = useAppStore();
  const toast = useToast();
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  const [error, setError] = useState<unknown>(null);
  const controller = useRef<AbortController | null>(null);

  // Leaving the page stops a download in flight.
  useEffect(() => () => controller.current?.abort(), []);

  const start = useCallback(
    async (params: URLSearchParams, label: string) => {
      controller.current?.abort();
      const abort = new AbortController();
      controller.current = abort;
      setError(null);
      setProgress({ label, bytes: 0, total: null });
      try {
        const result = await downloadWithToken(tokenManager, {
          url: apiUrl('leads/export', params),
          fallbackName: 'leads.csv',
          signal: abort.signal,
          onProgress: ({ bytes, total }) => {
            if (controller.current === abort) setProgress({ label, bytes, total });
          },
        });
        toast.success(`Downloaded ${result.filename} (${formatBytes(result.bytes)}).`);
      } catch (caught) {
        if (isAbortError(caught)) {
          if (controller.current === abort) toast.info('Export cancelled.');
        } else if (controller.current === abort) {
          setError(caught);
          toast.error(problemFromError(caught)?.detail ?? 'The export failed.');
        }
      } finally {
        if (controller.current === abort) {
          controller.current = null;
          setProgress(null);
        }
      }
    },
    [tokenManager, toast],
  );

  const cancel = useCallback(() => controller.current?.abort(), []);
  const dismissError = useCallback(() => setError(null), []);
  return { progress, error, start, cancel, dismissError };
}
