import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '@/lib/api-schema';
import { toSessionTokens } from '@/lib/api-schema';
import { TokenManager } from '@/lib/token-manager';
import { installFetchMock, problem, type FetchMock } from '@/test/fetch-mock';
import { renderRoutes } from '@/test/render';
import { tokenReply } from '@/test/tokens';
import { DeadlinesPage } from './deadlines-page';

const HOUR = 3_600_000;

function row(id: string, dueInHours: number, name: [string, string], extra: object = {}) {
  return {
    id,
    leadId: `lead_${id}`,
    kind: 'follow_up',
    dueAt: new Date(Date.now() + dueInHours * HOUR).toISOString(),
    note: `Call back ${name[0]}`,
    lead: { id: `lead_${id}`, firstName: name[0], lastName: name[1], status: 'contacted', assignedTo: 'usr_bob' },
    ...extra,
  };
}

const SUMMARY = {
  scope: 'all',
  total: 3,
  byStatus: {},
  newPerWeek: [],
  deadlines: { overdue: 2, dueToday: 1 },
  myOpenLeads: 1,
  generatedAt: new Date().toISOString(),
};

function renderPage(groups: Role[], path = '/deadlines') {
  const tokenManager = new TokenManager({ locks: null });
  tokenManager.setTokens(
    toSessionTokens(tokenReply({ username: 'alice', sub: 'usr_alice', groups }))!,
  );
  return renderRoutes([{ path: '/deadlines', element: <DeadlinesPage /> }], [path], {
    tokenManager,
    auth: { status: 'authenticated', user: tokenManager.getUser(), expiresAt: tokenManager.getExpiresAt() },
  });
}

function params(fetchMock: FetchMock) {
  return fetchMock.callsTo('/api/v1/deadlines').map((c) => new URL(c.url).searchParams);
}

describe('DeadlinesPage', () => {
  let fetchMock: FetchMock;

  beforeEach(() => {
    fetchMock = installFetchMock();
    fetchMock.on('GET', '/api/v1/leads/summary', { body: SUMMARY });
    fetchMock.on('GET', '/api/v1/users/directory', {
      body: {
        items: [
          { id: 'usr_alice', username: 'alice', groups: ['admin'], enabled: true },
          { id: 'usr_bob', username: 'bob', groups: ['agent'], enabled: true },
        ],
        nextCursor: null,
      },
    });
  });

  it('lists overdue deadlines in red with their lead, kind, note and assignee', async () => {
    fetchMock.on('GET', '/api/v1/deadlines', {
      body: { items: [row('1', -26, ['Maria', 'Gonzalez'])], nextCursor: null },
    });
    renderPage(['admin']);
    const link = await screen.findByRole('link', { name: 'Maria Gonzalez' });
    expect(link).toHaveAttribute('href', '/leads/lead_1');
    const tr = link.closest('tr')!;
    expect(within(tr).getByText('Follow-up')).toBeInTheDocument();
    expect(within(tr).getByText('Call back Maria')).toBeInTheDocument();
    const due = within(tr).getByText(/^(yesterday|\d+ hours ago)$/, { ignore: 'span' }).closest('p')!;
    // Red, and "Overdue" for screen readers (the colour alone says nothing to them).
    expect(due).toHaveTextContent(/^Overdue, (yesterday|\d+ hours ago)$/);
    expect(await within(tr).findByText('bob')).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: /Overdue/, selected: true })).toBeInTheDocument();
    const p = params(fetchMock)[0]!;
    expect(p.get('due')).toBe('overdue');
    expect(p.get('utcOffsetMinutes')).toBe(String(-new Date().getTimezoneOffset()));
    expect(p.has('assignedTo')).toBe(false);
  });

  it('switches tabs and filters by assignee through the query', async () => {
    const user = userEvent.setup();
    fetchMock.on('GET', '/api/v1/deadlines', { body: { items: [], nextCursor: null } });
    const { router } = renderPage(['admin']);
    expect(await screen.findByRole('heading', { name: 'Nothing overdue' })).toBeInTheDocument();

    await user.click(screen.getByRole('tab', { name: /This week/ }));
    expect(await screen.findByRole('heading', { name: 'Nothing due this week' })).toBeInTheDocument();
    expect(params(fetchMock).at(-1)!.get('due')).toBe('week');
    expect(router.state.location.search).toBe('?due=week');

    await user.click(screen.getByRole('combobox', { name: 'Assignee' }));
    await user.click(await screen.findByRole('option', { name: 'bob' }));
    await waitFor(() => expect(params(fetchMock).at(-1)!.get('assignedTo')).toBe('usr_bob'));

    await user.click(screen.getByRole('combobox', { name: 'Assignee' }));
    await user.click(await screen.findByRole('option', { name: 'Me' }));
    await waitFor(() => expect(params(fetchMock).at(-1)!.get('assignedTo')).toBe('usr_alice'));
  });

  it('loads more with the cursor', async () => {
    const user = userEvent.setup();
    fetchMock.on('GET', '/api/v1/deadlines', (call) =>
      new URL(call.url).searchParams.get('cursor') === 'c2'
        ? { body: { items: [row('2', 2, ['Ann', 'Lee'])], nextCursor: null } }
        : { body: { items: [row('1', 1, ['Maria', 'Gonzalez'])], nextCursor: 'c2' } },
    );
    renderPage(['manager'], '/deadlines?due=today');
    await screen.findByRole('link', { name: 'Maria Gonzalez' });
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByRole('link', { name: 'Ann Lee' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Maria Gonzalez' })).toBeInTheDocument();
  });

  it('marks a deadline done, and undoes it from the toast', async () => {
    const user = userEvent.setup();
    let done = false;
    fetchMock.on('GET', '/api/v1/deadlines', () => ({
      body: { items: done ? [] : [row('1', -2, ['Maria', 'Gonzalez'])], nextCursor: null },
    }));
    fetchMock.on('PATCH', '/api/v1/leads/lead_1/deadlines/1', (call) => {
      done = (call.body as { doneAt: string | null }).doneAt !== null;
      return { body: { id: 'lead_1' } };
    });
    renderPage(['agent']);
    await user.click(await screen.findByRole('button', { name: 'Mark follow-up for Maria Gonzalez done' }));

    const patches = fetchMock.callsTo('/api/v1/leads/lead_1/deadlines/1', 'PATCH');
    expect(patches).toHaveLength(1);
    const doneAt = (patches[0]!.body as { doneAt: string }).doneAt;
    expect(Math.abs(Date.parse(doneAt) - Date.now())).toBeLessThan(60_000);
    expect(patches[0]!.headers.has('If-Match')).toBe(false);

    expect(await screen.findByText('Marked the follow-up for Maria Gonzalez done.')).toBeInTheDocument();
    expect(await screen.findByRole('heading', { name: 'Nothing overdue' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() =>
      expect(fetchMock.callsTo('/api/v1/leads/lead_1/deadlines/1', 'PATCH')[1]?.body).toEqual({ doneAt: null }),
    );
    expect(await screen.findByRole('link', { name: 'Maria Gonzalez' })).toBeInTheDocument();
  });

  it('shows the server’s refusal when Done fails', async () => {
    const user = userEvent.setup();
    fetchMock.on('GET', '/api/v1/deadlines', {
      body: { items: [row('1', -2, ['Maria', 'Gonzalez'])], nextCursor: null },
    });
    fetchMock.on('PATCH', '/api/v1/leads/lead_1/deadlines/1', problem(404, 'No such deadline.'));
    renderPage(['agent']);
    await user.click(await screen.findByRole('button', { name: /Mark follow-up/ }));
    expect(await screen.findByText('No such deadline.')).toBeInTheDocument();
  });

  it('gives agents no assignee filter or column', async () => {
    fetchMock.on('GET', '/api/v1/deadlines', {
      body: { items: [row('1', 1, ['Maria', 'Gonzalez'])], nextCursor: null },
    });
    renderPage(['agent'], '/deadlines?due=today');
    await screen.findByRole('link', { name: 'Maria Gonzalez' });
    expect(screen.queryByRole('combobox', { name: 'Assignee' })).not.toBeInTheDocument();
    expect(screen.queryByRole('columnheader', { name: 'Assignee' })).not.toBeInTheDocument();
    expect(fetchMock.callsTo('/api/v1/users/directory')).toHaveLength(0);
    expect(params(fetchMock)[0]!.has('assignedTo')).toBe(false);
    expect(screen.getByText(/Open deadlines on your leads/)).toBeInTheDocument();
  });
});
