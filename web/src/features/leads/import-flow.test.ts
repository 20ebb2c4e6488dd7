import { describe, expect, it } from 'vitest';
import {
  checkImportFile,
  importReducer,
  importStep,
  initialImportState,
  jobProgress,
  MAX_IMPORT_BYTES,
  type ImportEvent,
  type ImportState,
} from './import-flow';
import type { ImportJob } from './leads-feature-api';

function job(overrides: Partial<ImportJob> = {}): ImportJob {
  return {
    id: 'imp_1',
    status: 'running',
    dryRun: true,
    totalRows: 100,
    rowsDone: 0,
    created: 0,
    updated: 0,
    skipped: 0,
    unchanged: 0,
    errorCount: 0,
    indexing: false,
    createdAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

const file = new File(['firstName,lastName\nA,B\n'], 'leads.csv', { type: 'text/csv' });

function run(events: ImportEvent[], from: ImportState = initialImportState): ImportState {
  return events.reduce(importReducer, from);
}

describe('checkImportFile', () => {
  it('accepts CSV files and refuses others, empty ones and those over 64 MB', () => {
    expect(checkImportFile(file)).toBeNull();
    expect(checkImportFile({ name: 'LEADS.CSV', size: 10, type: 'application/vnd.ms-excel' })).toBeNull();
    expect(checkImportFile({ name: 'leads.xlsx', size: 10, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' })).toMatch(/not a CSV file/);
    expect(checkImportFile({ name: 'leads.csv', size: 10, type: 'image/png' })).toMatch(/not a CSV file/);
    expect(checkImportFile({ name: 'leads.csv', size: 0, type: 'text/csv' })).toMatch(/empty/);
    expect(checkImportFile({ name: 'leads.csv', size: MAX_IMPORT_BYTES + 1, type: 'text/csv' })).toMatch(/64 MB/);
  });
});

describe('importReducer', () => {
  it('goes dry run → review → import → progress → done', () => {
    let state = run([{ type: 'fileChosen', file }]);
    expect(state.phase).toBe('ready');
    expect(importStep(state)).toBe(0);

    // An import is refused before a dry run.
    expect(importReducer(state, { type: 'start', run: 'import' })).toBe(state);

    state = run([{ type: 'start', run: 'dryRun' }, { type: 'uploadProgress', loaded: 10, total: 20 }], state);
    expect(state).toMatchObject({ phase: 'uploading', run: 'dryRun', loaded: 10, total: 20 });
    expect(importStep(state)).toBe(1);

    state = run([{ type: 'uploaded', job: job({ status: 'queued', totalRows: null }) }], state);
    expect(state).toMatchObject({ phase: 'running', run: 'dryRun' });
    state = run([{ type: 'jobUpdated', job: job({ rowsDone: 50 }) }], state);
    expect(state.phase === 'running' && state.job.rowsDone).toBe(50);

    const checked = job({ status: 'done', rowsDone: 100, created: 90, errorCount: 10, errors: [{ row: 2, field: 'email', message: 'bad' }] });
    state = run([{ type: 'jobUpdated', job: checked }], state);
    expect(state).toMatchObject({ phase: 'checked', dryRun: checked, dryRunJob: checked });
    expect(importStep(state)).toBe(2);

    state = run([{ type: 'start', run: 'import' }], state);
    expect(state).toMatchObject({ phase: 'uploading', run: 'import', dryRunJob: checked });
    state = run([{ type: 'uploaded', job: job({ id: 'imp_2', dryRun: false, status: 'queued' }) }], state);
    state = run([{ type: 'jobUpdated', job: job({ id: 'imp_2', dryRun: false, rowsDone: 100, indexing: true, created: 90 }) }], state);
    expect(state.phase === 'running' && state.job.indexing).toBe(true);
    const finished = job({ id: 'imp_2', dryRun: false, status: 'done', rowsDone: 100, created: 90 });
    state = run([{ type: 'jobUpdated', job: finished }], state);
    expect(state).toMatchObject({ phase: 'done', job: finished });
    expect(importStep(state)).toBe(3);
  });

  it('ends failed with the job\'s problem, and can try again', () => {
    const problem = { type: 'about:blank', title: 'Bad Request', status: 400, detail: 'The file has no header row.' };
    let state = run([
      { type: 'fileChosen', file },
      { type: 'start', run: 'dryRun' },
      { type: 'uploaded', job: job({ status: 'queued' }) },
      { type: 'jobUpdated', job: job({ status: 'failed', problem }) },
    ]);
    expect(state).toMatchObject({ phase: 'failed', run: 'dryRun', error: { status: 400, data: problem } });
    state = run([{ type: 'start', run: 'dryRun' }], state);
    expect(state.phase).toBe('uploading');
  });

  it('fails on an upload error and goes back on cancel', () => {
    const uploading = run([{ type: 'fileChosen', file }, { type: 'start', run: 'dryRun' }]);
    const error = { status: 413, data: { detail: 'Too large' } };
    expect(importReducer(uploading, { type: 'failed', error })).toMatchObject({ phase: 'failed', run: 'dryRun', error, job: null });
    expect(importReducer(uploading, { type: 'cancelled' }).phase).toBe('ready');
  });

  it('ignores updates of other jobs and events while busy', () => {
    const running = run([{ type: 'fileChosen', file }, { type: 'start', run: 'dryRun' }, { type: 'uploaded', job: job() }]);
    expect(importReducer(running, { type: 'jobUpdated', job: job({ id: 'imp_other', status: 'done' }) })).toBe(running);
    expect(importReducer(running, { type: 'fileChosen', file })).toBe(running);
    expect(importReducer(running, { type: 'optionsChanged', options: { onDuplicate: 'update' } })).toBe(running);
  });

  it('asks for a new dry run when the options or the file change', () => {
    const checked = run([
      { type: 'fileChosen', file },
      { type: 'start', run: 'dryRun' },
      { type: 'uploaded', job: job({ status: 'done' }) },
    ]);
    expect(checked.phase).toBe('checked');
    const changed = importReducer(checked, { type: 'optionsChanged', options: { onDuplicate: 'update' } });
    expect(changed).toMatchObject({ phase: 'ready', dryRunJob: null, options: { onDuplicate: 'update', strict: false } });
    expect(importReducer(changed, { type: 'start', run: 'import' })).toBe(changed);
    expect(importReducer(checked, { type: 'fileRejected', reason: 'nope' })).toMatchObject({ phase: 'idle', file: null, fileError: 'nope' });
  });
});

describe('jobProgress', () => {
  it('labels each stage of a job', () => {
    expect(jobProgress(job({ status: 'queued', totalRows: null }))).toEqual({ percent: 0, label: 'Waiting for another import to finish…' });
    expect(jobProgress(job({ totalRows: null })).label).toBe('Reading the file…');
    expect(jobProgress(job({ totalRows: 200, rowsDone: 50 }))).toEqual({ percent: 25, label: '50 of 200 rows checked' });
    expect(jobProgress(job({ dryRun: false, totalRows: 200, rowsDone: 200, indexing: true })).label).toMatch(/indexing for search/);
  });
});
