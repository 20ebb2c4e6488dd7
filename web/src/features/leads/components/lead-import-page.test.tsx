import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { toSessionTokens } from '@/lib/api-schema';
import { api } from '@/lib/base-api';
import { TokenManager } from '@/lib/token-manager';
import { installFetchMock, type FetchMock } from '@/test/fetch-mock';
import { renderRoutes } from '@/test/render';
import { tokenReply } from '@/test/tokens';
import type { ImportJob } from '../leads-feature-api';
import { FakeXhr, installFakeXhr } from '@/test/fake-xhr';
import { LeadImportPage } from './lead-import-page';
import { setupUser } from '../test-setup';

function job(overrides: Partial<ImportJob>): ImportJob {
  return {
    id: 'imp_1',
    status: 'queued',
    dryRun: true,
    totalRows: null,
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

function renderImport() {
  const tokenManager = new TokenManager({ locks: null });
  tokenManager.setTokens(toSessionTokens(tokenReply({ username: 'alice', groups: ['agent'] }))!);
  return renderRoutes(
    [
      { path: '/leads/import', element: <LeadImportPage /> },
      { path: '/leads', element: <p>Leads list</p> },
    ],
    ['/leads/import'],
    {
      tokenManager,
      auth: { status: 'authenticated', user: tokenManager.getUser(), expiresAt: tokenManager.getExpiresAt() },
    },
  );
}

function choose(file: File) {
  fireEvent.change(screen.getByLabelText('CSV file'), { target: { files: [file] } });
}

const csv = new File(['firstName,lastName,email\nMaria,Gonzalez,m@example.com\nAnn,Lee,bad\n'], 'storm.csv', {
  type: 'text/csv',
});

describe('LeadImportPage', { timeout: 40_000 }, () => {
  let fetchMock: FetchMock;
  beforeEach(() => {
    fetchMock = installFetchMock();
    installFakeXhr();
  });

  it('refuses a file that is not CSV', () => {
    renderImport();
    choose(new File(['x'], 'photo.png', { type: 'image/png' }));
    expect(screen.getByRole('alert')).toHaveTextContent('"photo.png" is not a CSV file.');
    expect(screen.getByRole('button', { name: 'Check file' })).toBeDisabled();
  });

  it('checks the file with a dry run, shows the row errors, then imports with server progress', async () => {
    const user = setupUser();
    const invalidate = vi.spyOn(api.util, 'invalidateTags');
    const save = vi.fn(() => 'blob:1');
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: save, revokeObjectURL: vi.fn() }));
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    const rowError = { row: 3, field: 'email', message: 'must be an email address such as name@example.com' };
    fetchMock.sequence('GET', '/api/v1/lead-imports/imp_1', [
      { body: job({ status: 'running', totalRows: 2, rowsDone: 1, created: 1 }) },
      { body: job({ status: 'done', totalRows: 2, rowsDone: 2, created: 1, errorCount: 1, errors: [rowError] }) },
    ]);
    fetchMock.sequence('GET', '/api/v1/lead-imports/imp_2', [
      { body: job({ id: 'imp_2', dryRun: false, status: 'running', totalRows: 2, rowsDone: 2, created: 1, indexing: true }) },
      { body: job({ id: 'imp_2', dryRun: false, status: 'done', totalRows: 2, rowsDone: 2, created: 1, errorCount: 1, errors: [rowError] }) },
    ]);
    renderImport();

    choose(csv);
    expect(screen.getByTestId('chosen-file')).toHaveTextContent('storm.csv');
    await user.click(screen.getByRole('radio', { name: /Update the lead/ }));
    await user.click(screen.getByRole('button', { name: 'Check file' }));

    // The upload, with its progress.
    const upload = FakeXhr.last();
    const url = new URL(upload.url);
    expect(url.pathname).toBe('/api/v1/lead-imports');
    expect(Object.fromEntries(url.searchParams)).toEqual({ dryRun: 'true', onDuplicate: 'update' });
    expect(upload.headers['content-type']).toBe('text/csv');
    expect(upload.headers.authorization).toMatch(/^Bearer /);
    upload.progress(csv.size / 2, csv.size);
    // The bar appears before the progress event renders: wait for the value, not the bar.
    await waitFor(() =>
      expect(screen.getByRole('progressbar', { name: /Uploading storm.csv/ })).toHaveAttribute(
        'aria-valuenow',
        '50',
      ),
    );

    // Then the server's work, polled.
    upload.respond(202, job({}));
    const checking = await screen.findByRole('progressbar', { name: /Checking… 1 of 2 rows checked/ }, { timeout: 4000 });
    expect(checking).toHaveAttribute('aria-valuenow', '50');

    expect(await screen.findByText('Dry run: nothing was written', undefined, { timeout: 4000 })).toBeInTheDocument();
    const table = screen.getByRole('table', { name: 'Rows with errors' });
    expect(within(table).getByText('must be an email address such as name@example.com')).toBeInTheDocument();
    expect(within(table).getByText('3')).toBeInTheDocument();
    expect(invalidate).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'Download errors as CSV' }));
    const blob = (save.mock.calls[0] as unknown as [Blob])[0];
    expect(await blob.text()).toBe('row,field,message\r\n3,email,must be an email address such as name@example.com\r\n');
    expect(clicked).toHaveBeenCalled();

    // The real import.
    await user.click(screen.getByRole('button', { name: 'Import 1 lead' }));
    const second = FakeXhr.last();
    expect(second).not.toBe(upload);
    expect(new URL(second.url).searchParams.get('dryRun')).toBe('false');
    second.respond(202, job({ id: 'imp_2', dryRun: false }));
    expect(await screen.findByText(/indexing for search/, undefined, { timeout: 4000 })).toBeInTheDocument();
    expect(await screen.findByText('Import finished', undefined, { timeout: 4000 })).toBeInTheDocument();
    expect(screen.getByText(/1 lead created and 0 leads updated; 1 row left out/)).toBeInTheDocument();
    expect(await screen.findByText('Import finished: 1 created, 0 updated.')).toBeInTheDocument();
    await waitFor(() =>
      expect(invalidate).toHaveBeenCalledWith([{ type: 'Lead', id: 'LIST' }, 'Summary']),
    );
    // Polling stopped with the job.
    const polls = fetchMock.callsTo('/api/v1/lead-imports/imp_2').length;
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(fetchMock.callsTo('/api/v1/lead-imports/imp_2')).toHaveLength(polls);
  });

  it('shows why a job failed and lets one try again', async () => {
    const user = setupUser();
    fetchMock.on('GET', '/api/v1/lead-imports/imp_1', {
      body: job({
        status: 'failed',
        problem: { type: 'about:blank', title: 'Bad Request', status: 400, detail: 'The column email is named twice.' },
      }),
    });
    renderImport();
    choose(csv);
    await user.click(screen.getByRole('button', { name: 'Check file' }));
    FakeXhr.last().respond(202, job({}));
    expect(await screen.findByText('The column email is named twice.', undefined, { timeout: 4000 })).toBeInTheDocument();
    expect(screen.getByText('The check failed')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(FakeXhr.instances).toHaveLength(2);
  });

  it('shows an upload the server refused', async () => {
    const user = setupUser();
    renderImport();
    choose(csv);
    await user.click(screen.getByRole('button', { name: 'Check file' }));
    FakeXhr.last().respond(429, { title: 'Too Many Requests', status: 429, detail: 'Four imports are already waiting.' });
    expect(await screen.findByText('Four imports are already waiting.')).toBeInTheDocument();
  });
});
