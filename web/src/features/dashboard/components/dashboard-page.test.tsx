import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '@/lib/api-schema';
import { toSessionTokens } from '@/lib/api-schema';
import type { LeadSummary } from '@/lib/leads-api';
import { TokenManager } from '@/lib/token-manager';
import { installFetchMock, problem, type FetchMock } from '@/test/fetch-mock';
import { renderRoutes } from '@/test/render';
import { tokenReply } from '@/test/tokens';
import { DashboardPage } from './dashboard-page';

const WEEKS = Array.from({ length: 12 }, (_, i) => ({
  weekStart: `2026-09-${String(14 + (i % 3)).padStart(2, '0')}`,
  count: i,
}));

function summary(overrides: Partial<LeadSummary> = {}): LeadSummary {
  return {
    scope: 'all',
    total: 42,
    byStatus: { new: 20, contacted: 10, qualified: 5, inspection_scheduled: 2, lor_signed: 1,
      claim_filed: 1, negotiating: 1, settled: 1, lost: 1 },
    newPerWeek: WEEKS,
    deadlines: { overdue: 2, dueToday: 1 },
    myOpenLeads: 7,
    generatedAt: '2026-12-07T00:00:00.000Z',
    ...overrides,
  };
}

const ROW = {
  id: 'dl_1',
  leadId: 'lead_1',
  kind: 'reinspection',
  dueAt: '2020-01-01T14:00:00.000Z',
  lead: { id: 'lead_1', firstName: 'Maria', lastName: 'Gonzalez', status: 'lor_signed', assignedTo: 'usr_a' },
};

function renderDashboard(groups: Role[] = ['manager']) {
  const tokenManager = new TokenManager({ locks: null });
  tokenManager.setTokens(toSessionTokens(tokenReply({ username: 'alice', groups }))!);
  return renderRoutes([{ path: '/', element: <DashboardPage /> }, { path: '/leads', element: <p>leads page</p> }], ['/'], {
    tokenManager,
    auth: { status: 'authenticated', user: tokenManager.getUser(), expiresAt: tokenManager.getExpiresAt() },
  });
}

describe('DashboardPage', () => {
  let fetchMock: FetchMock;

  beforeEach(() => {
    fetchMock = installFetchMock();
    fetchMock.on('GET', '/api/v1/deadlines', (call) => {
      const due = new URL(call.url).searchParams.get('due');
      return { body: { items: due === 'overdue' ? [ROW] : [], nextCursor: null } };
    });
    fetchMock.on('GET', '/api/v1/calls/summary', {
      body: {
        scope: 'all',
        today: '2026-12-07',
        weekStart: '2026-12-01',
        days: [
          { date: '2026-12-06', inbound: 2, outbound: 1, answered: 2, inboundAnswered: 1, abandoned: 1 },
          { date: '2026-12-07', inbound: 3, outbound: 2, answered: 4, inboundAnswered: 3, abandoned: 0 },
        ],
        dispositions: { callback: 2, interested: 1 },
        withoutDisposition: 0,
        truncated: false,
      },
    });
  });

  it('shows the key numbers, the charts and what is due, for the whole office', async () => {
    fetchMock.on('GET', '/api/v1/leads/summary', { body: summary() });
    renderDashboard();
    expect(await screen.findByTestId('kpi-total')).toHaveTextContent('42');
    expect(screen.getByTestId('kpi-myOpenLeads')).toHaveTextContent('7');
    expect(screen.getByTestId('kpi-overdue')).toHaveTextContent('2');
    expect(
      within(screen.getByTestId('kpi-total').closest('li')!).getByText('All leads in the office'),
    ).toBeInTheDocument();
    expect(screen.getByText(/Showing the whole office/)).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Leads by status' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'New leads per week' })).toBeInTheDocument();
    expect(await screen.findByRole('heading', { name: 'Calls per day' })).toBeInTheDocument();
    expect(screen.getByText('5 in, 3 out in the last 14 days · 20% abandoned')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Dispositions this week' })).toBeInTheDocument();
    expect(screen.getByText('Call back: 2, Interested: 1')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Overdue deadlines/ })).toHaveAttribute(
      'href',
      '/deadlines?due=overdue',
    );

    const lead = await screen.findByRole('link', { name: /Maria Gonzalez/ });
    expect(lead).toHaveAttribute('href', '/leads/lead_1');
    expect(within(lead).getByText(/Reinspection/)).toBeInTheDocument();
    expect(screen.getByText('Nothing due today.')).toBeInTheDocument();

    const summaryCall = fetchMock.callsTo('/api/v1/leads/summary')[0]!;
    expect(new URL(summaryCall.url).searchParams.get('utcOffsetMinutes')).toBe(
      String(-new Date().getTimezoneOffset()),
    );
    const dues = fetchMock.callsTo('/api/v1/deadlines').map((c) => new URL(c.url).searchParams);
    expect(dues.map((p) => p.get('due')).sort()).toEqual(['overdue', 'today']);
    expect(dues.every((p) => p.get('limit') === '5')).toBe(true);
  });

  it('says the numbers are the agent’s own', async () => {
    fetchMock.on('GET', '/api/v1/leads/summary', { body: summary({ scope: 'mine' }) });
    renderDashboard(['agent']);
    const total = await screen.findByTestId('kpi-total');
    expect(within(total.closest('li')!).getByText('Leads assigned to you')).toBeInTheDocument();
    expect(screen.getByText(/Showing the leads assigned to you/)).toBeInTheDocument();
  });

  it('offers to add or import leads when there are none', async () => {
    fetchMock.on('GET', '/api/v1/leads/summary', {
      body: summary({ total: 0, byStatus: {}, myOpenLeads: 0, deadlines: { overdue: 0, dueToday: 0 } }),
    });
    renderDashboard();
    expect(await screen.findByRole('heading', { name: 'No leads yet' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Add a lead' })).toHaveAttribute('href', '/leads?new=1');
    expect(screen.getByRole('link', { name: 'Import CSV' })).toHaveAttribute('href', '/leads');
    expect(screen.queryByRole('heading', { name: 'Leads by status' })).not.toBeInTheDocument();
    expect(fetchMock.callsTo('/api/v1/deadlines')).toHaveLength(0);
  });

  it('shows the server’s problem with a way to retry', async () => {
    fetchMock.on('GET', '/api/v1/leads/summary', problem(503, 'Storage is unavailable.'));
    renderDashboard();
    expect(await screen.findByText('Storage is unavailable.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
