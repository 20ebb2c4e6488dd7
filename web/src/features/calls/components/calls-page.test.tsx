import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '@/lib/api-schema';
import { toSessionTokens } from '@/lib/api-schema';
import { TokenManager } from '@/lib/token-manager';
import { installFetchMock, jsonResponse, type FetchMock } from '@/test/fetch-mock';
import { renderRoutes } from '@/test/render';
import { tokenReply } from '@/test/tokens';
import type { Call } from '../calls-api';
import { CallsPage, localDayEnd, localDayStart } from './calls-page';

vi.setConfig({ testTimeout: 45_000 });

function call(overrides: Partial<Call>): Call {
  return {
    id: 'call_01jdb3k9m2q7r4s8t6v5w3x2y1',
    leadId: null,
    direction: 'inbound',
    customerNumber: '+15125550199',
    startedAt: '2025-06-09T19:03:44.207Z',
    durationSeconds: 95,
    agent: 'alex',
    queue: 'Claims intake',
    recording: null,
    attributes: {},
    createdAt: '2025-06-09T19:03:44.207Z',
    updatedAt: '2025-06-09T19:03:44.207Z',
    version: 3,
    ...overrides,
  } as Call;
}

function renderPage(groups: Role[] = ['manager']) {
  const tokenManager = new TokenManager({ locks: null });
  tokenManager.setTokens(toSessionTokens(tokenReply({ username: 'mia', sub: 'usr_mia', groups }))!);
  return renderRoutes(
    [
      { path: '/calls', Component: CallsPage },
      { path: '/leads/:id', element: <p>The lead page</p> },
    ],
    ['/calls'],
    { tokenManager, auth: { status: 'authenticated', user: tokenManager.getUser(), expiresAt: tokenManager.getExpiresAt() } },
  );
}

describe('CallsPage', () => {
  let fetchMock: FetchMock;

  beforeEach(() => {
    fetchMock = installFetchMock();
    fetchMock.on('GET', '/api/v1/calls', () =>
      jsonResponse(200, {
        items: [call({}), call({ id: 'call_01jdb3k9m2q7r4s8t6v5w3x2y2', leadId: 'lead_1', direction: 'outbound', disposition: 'interested' })],
        nextCursor: null,
      }),
    );
  });

  it('lists calls; a matched one opens its lead, an unmatched one can get one', async () => {
    renderPage();
    const table = await screen.findByRole('table', { name: 'Calls' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('+15125550199');
    expect(rows[0]).toHaveTextContent('1:35');
    expect(rows[0]).toHaveTextContent('alex · Claims intake');
    expect(within(rows[0]!).getByRole('button', { name: 'Link to lead' })).toBeInTheDocument();
    expect(within(rows[1]!).getByRole('link', { name: 'Open lead' })).toHaveAttribute('href', '/leads/lead_1?tab=calls');
    expect(rows[1]).toHaveTextContent('Interested');
  });

  it('filters to calls without a lead (managers), and makes a lead from one', async () => {
    fetchMock.on('POST', `/api/v1/calls/${call({}).id}/create-lead`, () =>
      jsonResponse(201, { lead: { id: 'lead_new' }, call: call({ leadId: 'lead_new' }) }),
    );
    renderPage();
    await userEvent.click(await screen.findByRole('switch', { name: 'Only calls without a lead' }));
    await waitFor(() => expect(fetchMock.callsTo('/api/v1/calls', 'GET').some((c) => c.url.includes('unmatched=true'))).toBe(true));
    const table = await screen.findByRole('table', { name: 'Calls' });
    await userEvent.click(within(table).getAllByRole('button', { name: 'Create lead' })[0]!);
    expect(await screen.findByText('The lead page')).toBeInTheDocument();
  });

  it('links an unmatched call to a lead found by search, conditional on its version', async () => {
    fetchMock.on('GET', '/api/v1/leads', () =>
      jsonResponse(200, { items: [{ id: 'lead_9', firstName: 'Ana', lastName: 'Link', phones: [{ number: '(512) 555-0199' }] }], nextCursor: null }),
    );
    fetchMock.on('PATCH', `/api/v1/calls/${call({}).id}`, () => jsonResponse(200, call({ leadId: 'lead_9', version: 4 })));
    renderPage();
    await userEvent.click((await screen.findAllByRole('button', { name: 'Link to lead' }))[0]!);
    const dialog = await screen.findByRole('dialog', { name: 'Link the call to a lead' });
    await userEvent.click(await within(dialog).findByRole('button', { name: /Ana Link/ }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Link' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const sent = fetchMock.callsTo(`/api/v1/calls/${call({}).id}`, 'PATCH')[0]!;
    expect(sent.body).toEqual({ leadId: 'lead_9' });
    expect(sent.headers.get('if-match')).toBe('"3"');
  });

  it('offers agents no unmatched filter', async () => {
    renderPage(['agent']);
    await screen.findByRole('table', { name: 'Calls' });
    expect(screen.queryByRole('switch', { name: 'Only calls without a lead' })).not.toBeInTheDocument();
  });

  it('pages through older calls and back, and bounds the days asked for', async () => {
    fetchMock.on('GET', '/api/v1/calls', (request) => {
      const cursor = new URL(request.url).searchParams.get('cursor');
      return jsonResponse(200, {
        items: [call({ id: cursor ? 'call_01jdb3k9m2q7r4s8t6v5w3x2y8' : 'call_01jdb3k9m2q7r4s8t6v5w3x2y7', customerNumber: cursor ? '+15125550999' : '+15125550111' })],
        nextCursor: cursor ? null : 'c2',
      });
    });
    renderPage();
    expect(await screen.findByText('+15125550111')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Older' }));
    expect(await screen.findByText('+15125550999')).toBeInTheDocument();
    expect(screen.getByText('Page 2')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Older' })).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Newer' }));
    expect(await screen.findByText('+15125550111')).toBeInTheDocument();

    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2025-06-01' } });
    await waitFor(() => {
      const last = new URL(fetchMock.callsTo('/api/v1/calls').at(-1)!.url).searchParams;
      expect(last.get('from')).toBe(localDayStart('2025-06-01'));
      expect(last.get('cursor')).toBeNull();
    });
    expect(localDayEnd('2025-06-01')).toBe(new Date(new Date(2025, 5, 2).getTime() - 1).toISOString());
  });
});
