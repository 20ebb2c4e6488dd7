// Drives the import state machine against the server: uploads the file (XMLHttpRequest, for
// upload progress) to POST /lead-imports, then polls GET /lead-imports/{id} every ~500 ms while
// the job runs, and invalidates the lead lists and the dashboard counts when an import ends.
import { skipToken } from '@reduxjs/toolkit/query/react';
import { useCallback, useEffect, useReducer, useRef } from 'react';
import { useAppDispatch, useAppStore } from '@/app/hooks';
import { useToast } from '@/components/toast-context';
import { api } from '@/lib/base-api';
import { apiUrl, isAbortError } from './authorized-request';
import { uploadWithToken } from './csv-upload';
import {
  checkImportFile,
  importReducer,
  initialImportState,
  type ImportOptions,
  type ImportState,
  type RunKind,
} from './import-flow';
import { useGetLeadImportQuery, type ImportJob } from './leads-feature-api';

export const POLL_INTERVAL_MS = 500;

export function importSearchParams(run: RunKind, options: ImportOptions): URLSearchParams {
  const params = new URLSearchParams({
    dryRun: run === 'dryRun' ? 'true' : 'false',
    onDuplicate: options.onDuplicate,
  });
  if (options.strict) params.set('strict', 'true');
  return params;
}

export interface LeadImport {
  state: ImportState;
  chooseFile: (file: File) => void;
  setOptions: (options: Partial<ImportOptions>) => void;
  start: (run: RunKind) => void;
  cancelUpload: () => void;
  reset: () => void;
  /** A poll failed for a reason worth retrying (shown as a warning while polling goes on). */
  pollTrouble: boolean;
}

export function useLeadImport(): LeadImport {
  const { tokenManager } = useAppStore();
  const dispatch = useAppDispatch();
  const toast = useToast();
  const [state, send] = useReducer(importReducer, initialImportState);
  const upload = useRef<AbortController | null>(null);

  const jobId = state.phase === 'running' ? state.job.id : null;
  const poll = useGetLeadImportQuery(jobId ?? skipToken, {
    pollingInterval: POLL_INTERVAL_MS,
    skipPollingIfUnfocused: false,
    refetchOnMountOrArgChange: true,
  });

  // Only replies for the job shown now move the machine (the reducer checks the id as well).
  const polled = poll.currentData;
  useEffect(() => {
    if (polled && polled.id === jobId) send({ type: 'jobUpdated', job: polled });
  }, [polled, jobId]);

  // The job is gone (the server restarted, or it ended over an hour ago): stop and say so.
  const pollError = poll.error as { status?: unknown } | undefined;
  useEffect(() => {
    if (jobId && pollError?.status === 404) send({ type: 'failed', error: pollError });
  }, [jobId, pollError]);

  // An import that ended (even failed midway: the batches before stay written) changed leads.
  const finished =
    state.phase === 'done' ? state.job : state.phase === 'failed' && state.run === 'import' ? state.job : null;
  const announced = useRef<string | null>(null);
  useEffect(() => {
    if (!finished || finished.dryRun || announced.current === finished.id) return;
    announced.current = finished.id;
    dispatch(api.util.invalidateTags([{ type: 'Lead', id: 'LIST' }, 'Summary']));
    if (finished.status === 'done') {
      toast.success(
        `Import finished: ${finished.created.toLocaleString()} created, ${finished.updated.toLocaleString()} updated.`,
      );
    }
  }, [finished, dispatch, toast]);

  // Leaving the page cancels an upload in flight (a job already started goes on at the server).
  useEffect(() => () => upload.current?.abort(), []);

  const chooseFile = useCallback((file: File) => {
    const problem = checkImportFile(file);
    send(problem ? { type: 'fileRejected', reason: problem } : { type: 'fileChosen', file });
  }, []);

  const stateRef = useRef(state);
  useEffect(() => {
    stateRef.current = state;
  }, [state]);

  const start = useCallback(
    (run: RunKind) => {
      const current = stateRef.current;
      const file = current.file?.file;
      if (!file || upload.current) return;
      const before = importReducer(current, { type: 'start', run });
      if (before === current) return;
      send({ type: 'start', run });
      const abort = new AbortController();
      upload.current = abort;
      uploadWithToken<ImportJob>(tokenManager, {
        url: apiUrl('lead-imports', importSearchParams(run, current.options)),
        body: file,
        contentType: 'text/csv',
        signal: abort.signal,
        onProgress: ({ loaded, total }) => send({ type: 'uploadProgress', loaded, total }),
      })
        .then((job) => send({ type: 'uploaded', job }))
        .catch((error: unknown) => {
          send(isAbortError(error) ? { type: 'cancelled' } : { type: 'failed', error });
        })
        .finally(() => {
          if (upload.current === abort) upload.current = null;
        });
    },
    [tokenManager],
  );

  return {
    state,
    chooseFile,
    setOptions: useCallback((options) => send({ type: 'optionsChanged', options }), []),
    start,
    cancelUpload: useCallback(() => upload.current?.abort(), []),
    reset: useCallback(() => {
      upload.current?.abort();
      send({ type: 'reset' });
    }, []),
    pollTrouble: jobId !== null && poll.isError && pollError?.status !== 404,
  };
}
