// The CSV import as a state machine: choose a file → dry run (upload, then the server checks every
// row while we poll the job) → review the counts and row errors → import for real (upload, poll)
// → done, or failed at any step. Changing the file or an option after a dry run asks for a new
// one, so what is imported is always what was checked.
import type { ImportJob, ImportRowError } from './leads-feature-api';

export type OnDuplicate = 'skip' | 'update';
export type RunKind = 'dryRun' | 'import';

export interface ImportOptions {
  onDuplicate: OnDuplicate;
  /** Unknown columns are errors on every row. */
  strict: boolean;
}

export interface ChosenFile {
  file: File;
  name: string;
  size: number;
}

export type ImportPhase =
  | { phase: 'idle' }
  | { phase: 'ready' }
  | { phase: 'uploading'; run: RunKind; loaded: number; total: number }
  | { phase: 'running'; run: RunKind; job: ImportJob }
  | { phase: 'checked'; dryRun: ImportJob }
  | { phase: 'done'; job: ImportJob }
  | { phase: 'failed'; run: RunKind; error: unknown; job: ImportJob | null };

export type ImportState = ImportPhase & {
  file: ChosenFile | null;
  /** Why the last file was refused (not CSV, too large). */
  fileError: string | null;
  options: ImportOptions;
  /** The finished dry run the import is based on (kept while importing and after). */
  dryRunJob: ImportJob | null;
};

export type ImportEvent =
  | { type: 'fileChosen'; file: File }
  | { type: 'fileRejected'; reason: string }
  | { type: 'optionsChanged'; options: Partial<ImportOptions> }
  | { type: 'start'; run: RunKind }
  | { type: 'uploadProgress'; loaded: number; total: number }
  | { type: 'uploaded'; job: ImportJob }
  | { type: 'jobUpdated'; job: ImportJob }
  | { type: 'failed'; error: unknown }
  | { type: 'cancelled' }
  | { type: 'reset' };

/** The server's limit for one import body. */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

export const initialImportState: ImportState = {
  phase: 'idle',
  file: null,
  fileError: null,
  options: { onDuplicate: 'skip', strict: false },
  dryRunJob: null,
};

/** Why a file cannot be imported, or null when it can. */
export function checkImportFile(file: Pick<File, 'name' | 'size' | 'type'>): string | null {
  const isCsvName = /\.csv$/i.test(file.name);
  const type = file.type.toLowerCase();
  const isCsvType =
    type === '' ||
    type === 'text/csv' ||
    type === 'application/csv' ||
    type === 'text/plain' ||
    // What Windows reports for .csv when Excel is installed.
    type === 'application/vnd.ms-excel';
  if (!isCsvName || !isCsvType) return `"${file.name}" is not a CSV file. Choose a .csv file.`;
  if (file.size === 0) return `"${file.name}" is empty.`;
  if (file.size > MAX_IMPORT_BYTES) return `"${file.name}" is larger than 64 MB, the most one import takes. Split it into smaller files.`;
  return null;
}

function isBusy(state: ImportState): boolean {
  return state.phase === 'uploading' || state.phase === 'running';
}

function settle(state: ImportState, run: RunKind, job: ImportJob): ImportState {
  if (job.status === 'failed') {
    // Shaped as an HTTP error with the problem as its body, as problemFromError reads it.
    const error = job.problem ? { status: job.problem.status, data: job.problem } : null;
    return { ...state, phase: 'failed', run, error, job };
  }
  if (job.status === 'done') {
    return run === 'dryRun'
      ? { ...state, phase: 'checked', dryRun: job, dryRunJob: job }
      : { ...state, phase: 'done', job };
  }
  return { ...state, phase: 'running', run, job };
}

export function importReducer(state: ImportState, event: ImportEvent): ImportState {
  switch (event.type) {
    case 'fileChosen':
      if (isBusy(state)) return state;
      return {
        ...initialImportState,
        options: state.options,
        file: { file: event.file, name: event.file.name, size: event.file.size },
        phase: 'ready',
      };
    case 'fileRejected':
      if (isBusy(state)) return state;
      return { ...initialImportState, options: state.options, fileError: event.reason };
    case 'optionsChanged': {
      if (isBusy(state)) return state;
      const options = { ...state.options, ...event.options };
      // What was checked no longer matches what would be imported: check again.
      const base = { ...state, options, dryRunJob: null, fileError: null };
      return state.file ? { ...base, phase: 'ready' } : { ...base, phase: 'idle' };
    }
    case 'start': {
      if (!state.file || isBusy(state)) return state;
      if (event.run === 'dryRun' && state.phase !== 'ready' && state.phase !== 'checked' && state.phase !== 'failed') {
        return state;
      }
      // A real import only follows a finished dry run of this file and these options.
      if (event.run === 'import' && state.dryRunJob === null) return state;
      if (event.run === 'import' && state.phase !== 'checked' && state.phase !== 'failed') return state;
      return {
        ...state,
        phase: 'uploading',
        run: event.run,
        loaded: 0,
        total: state.file.size,
        dryRunJob: event.run === 'dryRun' ? null : state.dryRunJob,
      };
    }
    case 'uploadProgress':
      if (state.phase !== 'uploading') return state;
      return { ...state, loaded: event.loaded, total: event.total };
    case 'uploaded':
      if (state.phase !== 'uploading') return state;
      return settle(state, state.run, event.job);
    case 'jobUpdated':
      if (state.phase !== 'running' || event.job.id !== state.job.id) return state;
      return settle(state, state.run, event.job);
    case 'failed':
      if (!isBusy(state)) return state;
      return {
        ...state,
        phase: 'failed',
        run: state.phase === 'uploading' || state.phase === 'running' ? state.run : 'dryRun',
        error: event.error,
        job: state.phase === 'running' ? state.job : null,
      };
    case 'cancelled':
      if (state.phase !== 'uploading') return state;
      return state.dryRunJob
        ? { ...state, phase: 'checked', dryRun: state.dryRunJob }
        : { ...state, phase: 'ready' };
    case 'reset':
      return { ...initialImportState, options: state.options };
    default:
      return state;
  }
}

/** The active step of the stepper: 0 choose, 1 check, 2 import. */
export function importStep(state: ImportState): number {
  switch (state.phase) {
    case 'idle':
    case 'ready':
      return 0;
    case 'checked':
      return 2;
    case 'done':
      return 3;
    case 'uploading':
    case 'running':
    case 'failed':
      return state.run === 'dryRun' ? 1 : 2;
    default:
      return 0;
  }
}

export interface JobProgress {
  /** 0–100. */
  percent: number;
  label: string;
}

/** A determinate bar's value and words for a job in flight. */
export function jobProgress(job: ImportJob): JobProgress {
  if (job.status === 'queued') return { percent: 0, label: 'Waiting for another import to finish…' };
  const total = job.totalRows;
  if (total === null || total === undefined) return { percent: 0, label: 'Reading the file…' };
  if (job.indexing) return { percent: 100, label: `All ${total.toLocaleString()} rows written · indexing for search…` };
  const percent = total === 0 ? 100 : Math.min(100, (job.rowsDone / total) * 100);
  const verb = job.dryRun ? 'checked' : 'done';
  return {
    percent,
    label: `${job.rowsDone.toLocaleString()} of ${total.toLocaleString()} rows ${verb}`,
  };
}

/** Rows the import would change (or changed). */
export function rowsToWrite(job: Pick<ImportJob, 'created' | 'updated'>): number {
  return job.created + job.updated;
}

/** The errors a finished job reported (absent while it runs). */
export function jobErrors(job: ImportJob | null | undefined): ImportRowError[] {
  return job?.errors ?? [];
}
