import { act, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { toSessionTokens } from '@/lib/api-schema';
import type { Lead } from '@/lib/leads-api';
import { TokenManager } from '@/lib/token-manager';
import { installFetchMock, jsonResponse, type FetchMock, type RecordedCall } from '@/test/fetch-mock';
import { renderRoutes } from '@/test/render';
import { tokenReply } from '@/test/tokens';
import { prefsKey } from '../grid-prefs';
import { LeadsPage } from './leads-page';
import { setupUser } from '../test-setup';

const ME = 'usr_me';

function lead(n: number, patch: Partial<Lead> = {}): Lead {
  return {
    id: `lead_${String(n).padStart(3, '0')}`,
    firstName: `First${n}`,
    lastName: `Last${n}`,
    status: 'new',
    legalHold: false,
    deadlines: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    createdBy: ME,
    updatedAt: '2026-01-02T00:00:00.000Z',
    version: 1,
    assignedTo: ME,
    ...patch,
  };
}

function page(items: Lead[], nextCursor: string | null = null) {
  return { items, nextCursor };
}

function query(call: RecordedCall): Record<string, string> {
  return Object.fromEntries(new URL(call.url).searchParams);
}

function renderPage(url = '/leads', groups = ['manager']) {
  const tokenManager = new TokenManager({ locks: null });
  tokenManager.setTokens(toSessionTokens(tokenReply({ username: 'me', sub: ME, groups }))!);
  return renderRoutes(
    [
      { path: '/leads', element: <LeadsPage /> },
      { path: '/leads/import', element: <p>Import page</p> },
      { path: '/leads/:id', element: <p>Lead page</p> },
    ],
    [url],
    {
      tokenManager,
      auth: { status: 'authenticated', user: tokenManager.getUser(), expiresAt: tokenManager.getExpiresAt() },
    },
  );
}

describe('LeadsPage', { timeout: 40_000 }, () => {
  let fetchMock: FetchMock;
  beforeEach(() => {
    fetchMock = installFetchMock();
  });

  it('shows a page of leads with names, status and "You" for oneself', async () => {
    fetchMock.on('GET', '/api/v1/leads', {
      body: page([lead(1, { status: 'lor_signed', phones: [{ number: '(512) 555-0134', type: 'mobile' }] }), lead(2, { assignedTo: 'usr_01m975gy7fcf7qggad1z41zd8s' })], 'c1'),
    });
    fetchMock.on('GET', '/api/v1/users/directory', {
      body: { items: [{ id: 'usr_01m975gy7fcf7qggad1z41zd8s', username: 'dana', groups: ['agent'], enabled: true }], nextCursor: null },
    });
    renderPage();
    expect(await screen.findByRole('link', { name: 'First1 Last1' })).toHaveAttribute('href', '/leads/lead_001');
    expect(screen.getByText('LOR signed')).toBeInTheDocument();
    expect(screen.getByText('(512) 555-0134')).toBeInTheDocument();
    expect(screen.getByText('You')).toBeInTheDocument();
    // A manager reads the user directory: others show by name.
    expect(await screen.findByText('dana')).toBeInTheDocument();
    expect(fetchMock.callsTo('/api/v1/users/directory')).toHaveLength(1);
    expect(query(fetchMock.callsTo('/api/v1/leads')[0]!)).toEqual({ sort: '-updatedAt', limit: '25' });
  });

  it('pages with the cursors the server gives', async () => {
    const user = setupUser();
    fetchMock.on('GET', '/api/v1/leads', (call) => {
      const cursor = query(call).cursor;
      if (!cursor) return { body: page([lead(1)], 'c1') };
      if (cursor === 'c1') return { body: page([lead(2)], 'c2') };
      return { body: page([lead(3)]) };
    });
    renderPage();
    await screen.findByText('First1 Last1');
    await user.click(screen.getByRole('button', { name: 'Go to next page' }));
    expect(await screen.findByText('First2 Last2')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Go to next page' }));
    expect(await screen.findByText('First3 Last3')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Go to next page' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Go to previous page' }));
    expect(await screen.findByText('First2 Last2')).toBeInTheDocument();
    const cursors = fetchMock.callsTo('/api/v1/leads').map((c) => query(c).cursor ?? null);
    expect(cursors).toEqual([null, 'c1', 'c2']);
  });

  it('reads filters from the URL, writes changes back and starts over at page 0', async () => {
    const user = setupUser();
    fetchMock.on('GET', '/api/v1/leads', { body: page([lead(1)]) });
    const { router } = renderPage('/leads?status=qualified&lossType=hail&tag=roof');
    await screen.findByText('First1 Last1');
    expect(query(fetchMock.callsTo('/api/v1/leads')[0]!)).toEqual({
      status: 'qualified',
      lossType: 'hail',
      tag: 'roof',
      sort: '-updatedAt',
      limit: '25',
    });
    await user.click(screen.getByRole('combobox', { name: 'Status' }));
    await user.click(await screen.findByRole('option', { name: 'Settled' }));
    await waitFor(() => expect(router.state.location.search).toContain('status=settled'));
    await waitFor(() => expect(query(fetchMock.calls.at(-1)!).status).toBe('settled'));

    await user.click(screen.getByRole('button', { name: /Clear filters/ }));
    await waitFor(() => expect(router.state.location.search).toBe(''));
    await waitFor(() => expect(query(fetchMock.calls.at(-1)!)).toEqual({ sort: '-updatedAt', limit: '25' }));
  });

  it('searches as one types (debounced), ranked by relevance, ignoring stale replies', async () => {
    const user = setupUser();
    let releaseSlow: (() => void) | null = null;
    fetchMock.on('GET', '/api/v1/leads', (call) => {
      const q = query(call).q;
      if (q === 'mar') {
        // The reply for the shorter search comes last: it must not replace the newer one.
        return new Promise((resolve) => {
          releaseSlow = () => resolve({ body: page([lead(9, { firstName: 'Stale' })]) });
        });
      }
      if (q === 'maria') return { body: page([lead(5, { firstName: 'Maria' })]) };
      return { body: page([lead(1)]) };
    });
    const { router } = renderPage();
    await screen.findByText('First1 Last1');
    const search = screen.getByRole('searchbox', { name: 'Search leads' });
    await user.type(search, 'mar');
    await waitFor(() => expect(fetchMock.calls.some((c) => query(c).q === 'mar')).toBe(true));
    await user.type(search, 'ia');
    expect(await screen.findByText('Maria Last5')).toBeInTheDocument();
    await act(async () => releaseSlow?.());
    expect(screen.queryByText('Stale Last9')).not.toBeInTheDocument();
    expect(screen.getByText('Maria Last5')).toBeInTheDocument();

    const searches = fetchMock.calls.map(query).filter((q) => q.q);
    expect(searches.map((q) => q.q)).toEqual(['mar', 'maria']);
    // Relevance: no sort goes with a search.
    expect(searches.every((q) => q.sort === undefined)).toBe(true);
    expect(router.state.location.search).toBe('?q=maria');
    expect(screen.getByText('Best matches first')).toBeInTheDocument();
  });

  it('focuses the search box when / is pressed outside an input', async () => {
    const user = setupUser();
    fetchMock.on('GET', '/api/v1/leads', { body: page([lead(1)]) });
    renderPage();
    await screen.findByText('First1 Last1');
    await user.click(screen.getByRole('heading', { name: 'Leads' }));
    await user.keyboard('/');
    expect(screen.getByRole('searchbox', { name: 'Search leads' })).toHaveFocus();
    expect(screen.getByRole('searchbox', { name: 'Search leads' })).toHaveValue('');
  });

  it('says what to do when nothing matches, and when there are no leads at all', async () => {
    const user = setupUser();
    fetchMock.on('GET', '/api/v1/leads', { body: page([]) });
    const { router } = renderPage('/leads?tag=nothing');
    expect(await screen.findByText('No leads match these filters')).toBeInTheDocument();
    const clear = screen.getAllByRole('button', { name: /Clear filters/ });
    await user.click(clear[clear.length - 1]!);
    await waitFor(() => expect(router.state.location.search).toBe(''));
    expect(await screen.findByRole('heading', { name: 'No leads yet' })).toBeInTheDocument();
    const empty = screen.getByRole('heading', { name: 'No leads yet' }).parentElement!;
    expect(within(empty).getByRole('button', { name: 'New lead' })).toBeInTheDocument();
    expect(within(empty).getByRole('link', { name: 'Import CSV' })).toHaveAttribute('href', '/leads/import');
  });

  it('reads past empty pages that still have a cursor, then says nothing matches', async () => {
    fetchMock.on('GET', '/api/v1/leads', (call) => {
      const cursor = query(call).cursor;
      if (!cursor) return { body: page([], 's1') };
      if (cursor === 's1') return { body: page([], 's2') };
      return { body: page([]) };
    });
    renderPage('/leads?tag=rare');
    expect(await screen.findByText('No leads match these filters', undefined, { timeout: 8000 })).toBeInTheDocument();
    expect(fetchMock.callsTo('/api/v1/leads').map((c) => query(c).cursor ?? null)).toEqual([null, 's1', 's2']);
  });

  it('hides the assignee filter and reassigning from agents', async () => {
    const user = setupUser();
    fetchMock.on('GET', '/api/v1/leads', { body: page([lead(1), lead(2)]) });
    renderPage('/leads?assignedTo=usr_other', ['agent']);
    await screen.findByText('First1 Last1');
    expect(screen.queryByRole('combobox', { name: 'Assigned to' })).not.toBeInTheDocument();
    expect(query(fetchMock.callsTo('/api/v1/leads')[0]!).assignedTo).toBeUndefined();
    await user.click(screen.getAllByRole('checkbox', { name: 'Select row' })[0]!);
    expect(await screen.findByText('1 selected')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Export selection' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Reassign' })).not.toBeInTheDocument();
  });

  it('opens the new-lead dialog from ?new=1 with the phone prefilled', async () => {
    fetchMock.on('GET', '/api/v1/leads', { body: page([lead(1)]) });
    renderPage('/leads?new=1&phone=512-555-0134');
    const dialog = await screen.findByRole('dialog', { name: 'New lead' });
    expect(within(dialog).getByRole('textbox', { name: 'Phone' })).toHaveValue('512-555-0134');
  });

  it('keeps the density per user', async () => {
    const user = setupUser();
    fetchMock.on('GET', '/api/v1/leads', { body: page([lead(1)]) });
    renderPage();
    await screen.findByText('First1 Last1');
    await user.click(screen.getByRole('button', { name: 'Density' }));
    await user.click(await screen.findByRole('menuitemradio', { name: 'Comfortable' }));
    await waitFor(() =>
      expect(JSON.parse(localStorage.getItem(prefsKey(ME)) ?? '{}')).toMatchObject({ density: 'comfortable' }),
    );
  });

  it('opens a lead from its row', async () => {
    const user = setupUser();
    fetchMock.on('GET', '/api/v1/leads', { body: page([lead(1, { email: 'one@example.com' })]) });
    const { router } = renderPage();
    await user.click(await screen.findByText('one@example.com'));
    await waitFor(() => expect(router.state.location.pathname).toBe('/leads/lead_001'));
  });

  it('opens a lead with Enter on its focused row', async () => {
    const user = setupUser();
    fetchMock.on('GET', '/api/v1/leads', { body: page([lead(1, { email: 'one@example.com' }), lead(2, { email: 'two@example.com' })]) });
    const { router } = renderPage();
    const cell = (await screen.findByText('two@example.com')).closest('[role="gridcell"]') as HTMLElement;
    cell.focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(router.state.location.pathname).toBe('/leads/lead_002'));
  });

  it("shows the server's problem when the list fails, and tries again", async () => {
    const user = setupUser();
    fetchMock.sequence('GET', '/api/v1/leads', [
      jsonResponse(400, { title: 'Validation failed', status: 400, detail: 'One or more fields are invalid.', errors: [{ field: 'cursor', message: 'belongs to another query' }] }),
      { body: page([lead(1)]) },
    ]);
    renderPage();
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('One or more fields are invalid.');
    expect(screen.getByText('The leads could not be loaded')).toBeInTheDocument();
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('First1 Last1')).toBeInTheDocument();
  });

  it('reassigns the selected leads for an admin, choosing from the user directory', async () => {
    const user = setupUser();
    fetchMock
      .on('GET', '/api/v1/leads', { body: page([lead(1), lead(2)]) })
      .on('GET', '/api/v1/users/directory', {
        body: { items: [{ id: ME, username: 'me', enabled: true }, { id: 'usr_dave', username: 'dave', enabled: true }], nextCursor: null },
      })
      .on('PATCH', '/api/v1/leads/lead_001', () => jsonResponse(200, lead(1, { assignedTo: 'usr_dave' })))
      .on('PATCH', '/api/v1/leads/lead_002', () => jsonResponse(200, lead(2, { assignedTo: 'usr_dave' })));
    renderPage('/leads', ['admin']);
    await screen.findByText('First1 Last1');
    await user.click(screen.getByRole('checkbox', { name: 'Select all rows' }));
    await user.click(await screen.findByRole('button', { name: 'Reassign' }));
    const dialog = await screen.findByRole('dialog', { name: 'Reassign 2 leads' });
    await user.click(within(dialog).getByRole('combobox', { name: 'Assign to' }));
    await user.click(await screen.findByRole('option', { name: 'dave' }));
    await user.click(within(dialog).getByRole('button', { name: 'Reassign' }));
    expect(await screen.findByText('Reassigned 2 leads to dave.')).toBeInTheDocument();
    const patches = fetchMock.calls.filter((c) => c.method === 'PATCH');
    expect(patches.map((c) => c.path).sort()).toEqual(['/api/v1/leads/lead_001', '/api/v1/leads/lead_002']);
    expect(patches[0]!.body).toEqual({ assignedTo: 'usr_dave' });
    expect(patches[0]!.headers.get('Content-Type')).toBe('application/merge-patch+json');
  });
});
