import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '@/lib/api-schema';
import { toSessionTokens } from '@/lib/api-schema';
import { LEAD_STATUSES, type Lead, type LeadStatus } from '@/lib/leads-api';
import { TokenManager } from '@/lib/token-manager';
import { installFetchMock, jsonResponse, type FetchMock, type RecordedCall } from '@/test/fetch-mock';
import { renderRoutes } from '@/test/render';
import { tokenReply } from '@/test/tokens';
import { boardLead } from '../test/fixtures';
import { BoardPage } from './board-page';

// Whole-page tests under MUI and jsdom are slow on a shared two-core machine.
vi.setConfig({ testTimeout: 45_000 });

const SUMMARY = {
  scope: 'all',
  total: 1312,
  byStatus: { new: 495, contacted: 359, qualified: 312, inspection_scheduled: 0, lor_signed: 146, claim_filed: 0, negotiating: 0, settled: 0, lost: 0 },
  newPerWeek: [],
  deadlines: { overdue: 0, dueToday: 0 },
  myOpenLeads: 0,
  generatedAt: '2026-12-07T00:00:00.000Z',
};

function renderBoard({ groups = ['admin'] as Role[], path = '/board' } = {}) {
  const tokenManager = new TokenManager({ locks: null });
  const sub = groups.includes('agent') ? 'usr_alex' : 'usr_admin';
  tokenManager.setTokens(toSessionTokens(tokenReply({ username: sub.slice(4), sub, groups }))!);
  return renderRoutes(
    [
      { path: '/board', Component: BoardPage },
      { path: '/leads/:id', element: <p>Lead page</p> },
    ],
    [path],
    { tokenManager, auth: { status: 'authenticated', user: tokenManager.getUser(), expiresAt: tokenManager.getExpiresAt() } },
  );
}

function column(name: string) {
  return screen.getByRole('region', { name });
}

describe('BoardPage', () => {
  let fetchMock: FetchMock;
  let columns: Record<LeadStatus, Lead[]>;
  let maria: Lead;

  beforeEach(() => {
    maria = boardLead('lor_signed', {
      id: 'lead_maria',
      firstName: 'Maria',
      lastName: 'Gonzalez',
      claim: { lossType: 'hail', carrier: 'Lone Star Mutual' },
      assignedTo: 'usr_bea',
      deadlines: [{ id: 'dl_1', kind: 'follow_up', dueAt: '2020-01-05T15:00:00.000Z' }],
    });
    columns = Object.fromEntries(LEAD_STATUSES.map((s) => [s, [] as Lead[]])) as Record<LeadStatus, Lead[]>;
    columns.new = [boardLead('new', { id: 'lead_n1', firstName: 'Nora', lastName: 'New' })];
    columns.qualified = [boardLead('qualified', { id: 'lead_q1', firstName: 'Quinn', lastName: 'Qualified' })];
    columns.lor_signed = [maria];
    fetchMock = installFetchMock();
    fetchMock
      .on('GET', '/api/v1/leads', (call: RecordedCall) => {
        const status = new URL(call.url).searchParams.get('status') as LeadStatus;
        return jsonResponse(200, { items: columns[status] ?? [], nextCursor: null });
      })
      .on('GET', '/api/v1/leads/summary', { body: SUMMARY })
      .on('GET', '/api/v1/users/directory', {
        body: {
          items: [
            { id: 'usr_admin', username: 'admin', groups: ['admin'], enabled: true },
            { id: 'usr_bea', username: 'bea', groups: ['agent'], enabled: true },
          ],
          nextCursor: null,
        },
      });
  });

  it('shows a column per status in pipeline order, counts from the summary, 9 small list queries', async () => {
    renderBoard();
    expect(await screen.findByText('Maria Gonzalez')).toBeInTheDocument();
    const headings = screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent);
    expect(headings).toEqual([
      'New',
      'Contacted',
      'Qualified',
      'Inspection scheduled',
      'LOR signed',
      'Claim filed',
      'Negotiating',
      'Settled',
      'Lost',
    ]);
    await waitFor(() => expect(within(column('New')).getByText('495')).toBeInTheDocument());
    const lists = fetchMock.callsTo('/api/v1/leads', 'GET');
    expect(lists).toHaveLength(9);
    expect(lists.map((c) => new URL(c.url).searchParams.get('status')).sort()).toEqual([...LEAD_STATUSES].sort());
    expect(lists.every((c) => new URL(c.url).searchParams.get('limit') === '25')).toBe(true);

    const card = within(column('LOR signed'));
    expect(card.getByText('Hail · Lone Star Mutual')).toBeInTheDocument();
    expect(card.getByText('bea')).toBeInTheDocument();
    expect(card.getByText(/Overdue · Jan 5, 2020/)).toBeInTheDocument();
    expect(card.getByRole('link', { name: 'Maria Gonzalez' })).toHaveAttribute('href', '/leads/lead_maria');
  });

  it('moves a card at once, then rolls it back and says why when the stage gate refuses', async () => {
    const user = userEvent.setup();
    let answer: (reply: Response) => void = () => undefined;
    fetchMock.on('PATCH', '/api/v1/leads/lead_maria', () => new Promise<Response>((resolve) => (answer = resolve)));
    renderBoard();
    await user.click(await screen.findByRole('button', { name: 'Move Maria Gonzalez to…' }));
    await user.click(screen.getByRole('menuitem', { name: 'Move to Claim filed' }));

    // Optimistic: in the new column at once, saving.
    await waitFor(() => expect(within(column('Claim filed')).getByText('Maria Gonzalez')).toBeInTheDocument());
    expect(within(column('LOR signed')).queryByText('Maria Gonzalez')).not.toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: 'Saving the move of Maria Gonzalez' })).toBeInTheDocument();
    expect(within(column('Claim filed')).getByText('1')).toBeInTheDocument();

    const call = fetchMock.callsTo('/api/v1/leads/lead_maria', 'PATCH')[0]!;
    expect(call.body).toEqual({ status: 'claim_filed' });
    expect(call.headers.get('If-Match')).toBe('"3"');

    answer(
      jsonResponse(409, {
        type: 'about:blank',
        title: 'Conflict',
        status: 409,
        detail: 'A lead enters "claim_filed" only with an available lor document and an available policy or declarations_page document; missing: a lor document and a policy or declarations_page document.',
        missingDocuments: ['lor', 'policy or declarations_page'],
      }),
    );
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent("Couldn't move Maria Gonzalez to Claim filed");
    expect(alert).toHaveTextContent('missing: a lor document and a policy or declarations_page document');
    await waitFor(() => expect(within(column('LOR signed')).getByText('Maria Gonzalez')).toBeInTheDocument());
    expect(within(column('Claim filed')).queryByText('Maria Gonzalez')).not.toBeInTheDocument();
    expect(within(column('Claim filed')).getByText('0')).toBeInTheDocument();
  });

  it('keeps an accepted move while the lists refresh', async () => {
    const user = userEvent.setup();
    fetchMock.on('PATCH', '/api/v1/leads/lead_maria', () => {
      const moved = { ...maria, status: 'lost' as const, version: 4 };
      columns.lor_signed = [];
      columns.lost = [moved];
      return jsonResponse(200, moved);
    });
    renderBoard();
    await user.click(await screen.findByRole('button', { name: 'Move Maria Gonzalez to…' }));
    await user.click(screen.getByRole('menuitem', { name: 'Mark lost' }));
    expect(await screen.findByText('Maria Gonzalez marked lost.')).toBeInTheDocument();
    await waitFor(() => expect(fetchMock.callsTo('/api/v1/leads', 'GET').length).toBeGreaterThanOrEqual(18));
    expect(within(column('Lost')).getAllByText('Maria Gonzalez')).toHaveLength(1);
    expect(within(column('LOR signed')).queryByText('Maria Gonzalez')).not.toBeInTheDocument();
  });

  it('offers agents no backward moves and no assignee filter', async () => {
    const user = userEvent.setup();
    renderBoard({ groups: ['agent'] });
    await user.click(await screen.findByRole('button', { name: 'Move Maria Gonzalez to…' }));
    const items = screen.getAllByRole('menuitem').map((i) => i.textContent);
    expect(items).toEqual(['Move to Claim filed', 'Move to Negotiating', 'Move to Settled', 'Mark lost']);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('combobox', { name: 'Assignee' })).not.toBeInTheDocument();
    expect(fetchMock.callsTo('/api/v1/users/directory')).toHaveLength(0);
  });

  it('offers managers backward moves too', async () => {
    const user = userEvent.setup();
    renderBoard({ groups: ['manager'] });
    await user.click(await screen.findByRole('button', { name: 'Move Maria Gonzalez to…' }));
    expect(screen.getByRole('menuitem', { name: 'Move back to New' })).toBeInTheDocument();
  });

  it('with filters, queries with them and counts the cards loaded, "+" when there are more', async () => {
    const user = userEvent.setup();
    fetchMock.on('GET', '/api/v1/leads', (call: RecordedCall) => {
      const params = new URL(call.url).searchParams;
      const status = params.get('status') as LeadStatus;
      if (status === 'new' && params.get('cursor') === 'c2') {
        return jsonResponse(200, { items: [boardLead('new', { id: 'lead_n2', firstName: 'Nina', lastName: 'Next' })], nextCursor: null });
      }
      return jsonResponse(200, { items: columns[status] ?? [], nextCursor: status === 'new' ? 'c2' : null });
    });
    renderBoard({ path: '/board?lossType=hail&tag=roof' });
    expect(await screen.findByText('Nora New')).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Loss type' })).toHaveTextContent('Hail');
    const first = fetchMock.callsTo('/api/v1/leads', 'GET')[0]!;
    expect(new URL(first.url).searchParams.get('lossType')).toBe('hail');
    expect(new URL(first.url).searchParams.get('tag')).toBe('roof');
    expect(fetchMock.callsTo('/api/v1/leads/summary')).toHaveLength(0);
    await waitFor(() => expect(within(column('New')).getByText('1+')).toBeInTheDocument());

    await user.click(within(column('New')).getByRole('button', { name: 'Load more New leads' }));
    expect(await within(column('New')).findByText('Nina Next')).toBeInTheDocument();
    await waitFor(() => expect(within(column('New')).getByText('2')).toBeInTheDocument());
    expect(within(column('New')).queryByRole('button', { name: 'Load more New leads' })).not.toBeInTheDocument();
  });

  it('keeps a search in the URL', async () => {
    const user = userEvent.setup();
    const { router } = renderBoard();
    await screen.findByText('Maria Gonzalez');
    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'gonzalez{Enter}');
    await waitFor(() => expect(router.state.location.search).toBe('?q=gonzalez'));
    await waitFor(() =>
      expect(fetchMock.callsTo('/api/v1/leads', 'GET').some((c) => new URL(c.url).searchParams.get('q') === 'gonzalez')).toBe(true),
    );
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(router.state.location.search).toBe(''));
  });
});
