import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { toSessionTokens } from '@/lib/api-schema';
import { TokenManager } from '@/lib/token-manager';
import { FakeXhr, installFakeXhr } from '@/test/fake-xhr';
import { installFetchMock, jsonResponse, type FetchMock } from '@/test/fetch-mock';
import { renderRoutes } from '@/test/render';
import { tokenReply } from '@/test/tokens';
import type { LeadDocument } from '../documents-api';
import { ADMIN_ID, LEAD_ID, makeLead } from '../test/fixtures';
import { DocumentsTab } from './documents-tab';

vi.setConfig({ testTimeout: 45_000 });

const LIST = `/api/v1/leads/${LEAD_ID}/documents`;

function doc(overrides: Partial<LeadDocument>): LeadDocument {
  return {
    id: 'doc_01jdb3k9m2q7r4s8t6v5w3x2y0',
    leadId: LEAD_ID,
    fileName: 'file.pdf',
    declaredContentType: 'application/pdf',
    contentType: 'application/pdf',
    category: 'other',
    sizeBytes: 48_213,
    sha256: 'ab'.repeat(32),
    status: 'available',
    uploadedBy: ADMIN_ID,
    createdAt: '2025-06-09T19:03:44.207Z',
    updatedAt: '2025-06-09T19:03:44.207Z',
    version: 2,
    ...overrides,
  } as LeadDocument;
}

function renderTab() {
  const tokenManager = new TokenManager({ locks: null });
  tokenManager.setTokens(toSessionTokens(tokenReply({ username: 'admin', sub: ADMIN_ID, groups: ['admin'] }))!);
  return renderRoutes([{ path: '/', element: <DocumentsTab lead={makeLead()} readOnly={false} /> }], ['/'], {
    tokenManager,
    auth: { status: 'authenticated', user: tokenManager.getUser(), expiresAt: tokenManager.getExpiresAt() },
  });
}

describe('DocumentsTab', () => {
  let fetchMock: FetchMock;
  let documents: LeadDocument[];

  beforeEach(() => {
    documents = [
      doc({ id: 'doc_01jdb3k9m2q7r4s8t6v5w3x2y1', fileName: 'LOR signed.pdf', category: 'lor' }),
      doc({
        id: 'doc_01jdb3k9m2q7r4s8t6v5w3x2y2',
        fileName: 'policy.pdf',
        category: 'policy',
        status: 'rejected',
        contentType: 'application/x-dosexec',
        rejectionReason: 'type not allowed: application/x-dosexec',
      }),
    ];
    fetchMock = installFetchMock();
    fetchMock.on('GET', LIST, () => jsonResponse(200, { items: documents }));
    installFakeXhr();
  });

  it('lists the documents with their status and what the claim still needs', async () => {
    renderTab();
    const rows = await screen.findAllByTestId('document-row');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByText('LOR signed.pdf')).toBeInTheDocument();
    expect(within(rows[0]!).getByText('Available')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('Rejected')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('type not allowed: application/x-dosexec')).toBeInTheDocument();
    // The rejected file offers neither preview nor download.
    expect(within(rows[1]!).queryByRole('button', { name: /Download/ })).toBeNull();
    const claim = screen.getByTestId('claim-documents');
    expect(claim).toHaveTextContent('Needed to file the claim');
    expect(claim).toHaveTextContent('Letter of representation (available)');
    expect(claim).toHaveTextContent('Policy or declarations page (missing)');
  });

  it('guesses each file’s category and uploads it to its presigned URL with progress', async () => {
    const user = userEvent.setup();
    fetchMock.on('POST', LIST, (call) =>
      jsonResponse(201, {
        document: doc({ status: 'pending', fileName: (call.body as { fileName: string }).fileName }),
        upload: {
          method: 'PUT',
          url: 'http://127.0.0.1/s3/documents/leads/x/doc_1?X-Amz-Signature=abc',
          headers: { 'Content-Type': 'application/pdf' },
          expiresAt: '2030-01-01T00:00:00Z',
        },
      }),
    );
    renderTab();
    await screen.findAllByTestId('document-row');
    const file = new File(['%PDF-1.4 declarations'], 'Dec Page 2025.pdf', { type: 'application/pdf' });
    await user.upload(screen.getByLabelText('Choose files to upload'), file);
    const staged = await screen.findByTestId('staged-file');
    expect(within(staged).getByRole('combobox', { name: 'Category' })).toHaveTextContent('Declarations page');

    await user.click(screen.getByRole('button', { name: 'Upload' }));
    await waitFor(() => expect(FakeXhr.instances).toHaveLength(1));
    const xhr = FakeXhr.last();
    expect(xhr.method).toBe('PUT');
    expect(xhr.url).toContain('/s3/documents/');
    expect(xhr.headers['content-type']).toBe('application/pdf');
    expect(xhr.headers.authorization).toBeUndefined(); // the URL is the credential
    const created = fetchMock.calls.find((c) => c.method === 'POST');
    expect(created?.body).toEqual({
      fileName: 'Dec Page 2025.pdf',
      contentType: 'application/pdf',
      sizeBytes: file.size,
      category: 'declarations_page',
    });
    act(() => xhr.progress(10, 20));
    expect(within(staged).getByRole('progressbar', { name: /Upload of/ })).toHaveAttribute('aria-valuenow', '50');
    act(() => xhr.respondText(200, ''));
    // Sent: it leaves the upload list for the documents list, which is asked again.
    expect(await screen.findByText('Uploaded; checking it now.')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByTestId('staged-file')).toBeNull());
    expect(fetchMock.callsTo(LIST, 'GET').length).toBeGreaterThanOrEqual(2);
  });

  it('shows the blob store’s refusal on the file it concerns', async () => {
    const user = userEvent.setup();
    fetchMock.on('POST', LIST, () =>
      jsonResponse(201, {
        document: doc({ status: 'pending' }),
        upload: { method: 'PUT', url: 'http://127.0.0.1/s3/x', headers: {}, expiresAt: '2030-01-01T00:00:00Z' },
      }),
    );
    renderTab();
    await screen.findAllByTestId('document-row');
    await user.upload(screen.getByLabelText('Choose files to upload'), new File(['x'], 'photo.jpg', { type: 'image/jpeg' }));
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    await waitFor(() => expect(FakeXhr.instances).toHaveLength(1));
    act(() =>
      FakeXhr.last().respondText(
        403,
        '<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>Request has expired.</Message></Error>',
      ),
    );
    expect(await screen.findByText('AccessDenied: Request has expired.')).toBeInTheDocument();
  });
});
