import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '@/lib/api-schema';
import { toSessionTokens } from '@/lib/api-schema';
import { TokenManager } from '@/lib/token-manager';
import { installFetchMock, jsonResponse, type FetchMock } from '@/test/fetch-mock';
import { renderRoutes } from '@/test/render';
import { tokenReply } from '@/test/tokens';
import { CommandMenu } from './command-menu';
import { matchStaticCommands } from './command-palette';

function lead(id: string, first: string, last: string) {
  return {
    id,
    firstName: first,
    lastName: last,
    phones: [{ number: '(512) 555-0134', e164: '+15125550134', type: 'mobile' }],
    address: { city: 'Austin', state: 'TX' },
    status: 'contacted',
    legalHold: false,
    deadlines: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    createdBy: 'usr_a',
    updatedAt: '2026-01-01T00:00:00.000Z',
    version: 1,
  };
}

function renderMenu(groups: Role[] = ['agent']) {
  const tokenManager = new TokenManager({ locks: null });
  tokenManager.setTokens(toSessionTokens(tokenReply({ username: 'alice', groups }))!);
  const page = (name: string) => <h1>{name}</h1>;
  return renderRoutes(
    [
      {
        path: '/',
        element: (
          <>
            <CommandMenu />
            <input aria-label="Somewhere else" />
          </>
        ),
        children: [],
      },
      { path: '/deadlines', element: page('Deadlines page') },
      { path: '/board', element: page('Board page') },
      { path: '/leads', element: page('Leads page') },
      { path: '/leads/:id', element: page('Lead page') },
      { path: '/admin/users', element: page('Users page') },
    ],
    ['/'],
    {
      tokenManager,
      auth: { status: 'authenticated', user: tokenManager.getUser(), expiresAt: tokenManager.getExpiresAt() },
    },
  );
}

function options() {
  return within(screen.getByRole('listbox')).getAllByRole('option');
}

function activeOption() {
  const input = screen.getByRole('combobox', { name: 'Search leads and pages' });
  const id = input.getAttribute('aria-activedescendant');
  return id ? document.getElementById(id) : null;
}

describe('matchStaticCommands', () => {
  it('matches word starts of labels and keywords, and hides admin pages from others', () => {
    expect(matchStaticCommands('', ['agent']).map((c) => c.label)).toEqual([
      'New lead', 'Dashboard', 'Leads', 'Board', 'Deadlines', 'Calls', 'Profile',
    ]);
    expect(matchStaticCommands('', ['admin']).map((c) => c.label)).toContain('Audit log');
    expect(matchStaticCommands('dead', ['agent']).map((c) => c.label)).toEqual(['Deadlines']);
    expect(matchStaticCommands('overdue', ['agent']).map((c) => c.label)).toEqual(['Deadlines']);
    expect(matchStaticCommands('unmatched', ['agent']).map((c) => c.label)).toEqual(['Calls']);
    expect(matchStaticCommands('audit', ['manager'])).toEqual([]);
    expect(matchStaticCommands('add lead', ['agent']).map((c) => c.to)).toEqual(['/leads?new=1']);
  });
});

describe('CommandMenu', () => {
  let fetchMock: FetchMock;

  beforeEach(() => {
    fetchMock = installFetchMock();
  });

  it('opens with Ctrl+K from anywhere, as a combobox over a listbox', async () => {
    const user = userEvent.setup();
    renderMenu();
    await user.click(screen.getByLabelText('Somewhere else'));
    await user.keyboard('{Control>}k{/Control}');
    const input = await screen.findByRole('combobox', { name: 'Search leads and pages' });
    expect(input).toHaveFocus();
    expect(input).toHaveAttribute('aria-expanded', 'true');
    expect(input).toHaveAttribute('aria-controls', screen.getByRole('listbox').id);
    expect(options().map((o) => o.textContent)).toEqual([
      'New leadAdd a lead↵', 'Dashboard', 'Leads', 'Board', 'Deadlines', 'Calls', 'Profile',
    ]);
    expect(within(screen.getByRole('listbox')).getByRole('group', { name: 'Pages' })).toBeInTheDocument();
    expect(options()[0]).toHaveAttribute('aria-selected', 'true');
    expect(activeOption()).toBe(options()[0]);

    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('moves with the arrow keys, wrapping around, and opens the choice with Enter', async () => {
    const user = userEvent.setup();
    const { router } = renderMenu();
    await user.click(screen.getByRole('button', { name: /Search leads and pages/ }));
    await screen.findByRole('combobox');
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(activeOption()).toHaveTextContent('Leads');
    expect(options()[2]).toHaveAttribute('aria-selected', 'true');
    expect(options()[0]).toHaveAttribute('aria-selected', 'false');
    await user.keyboard('{ArrowUp}{ArrowUp}{ArrowUp}');
    expect(activeOption()).toHaveTextContent('Profile');
    await user.keyboard('{ArrowDown}');
    expect(activeOption()).toHaveTextContent('New lead');
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}{Enter}');
    expect(await screen.findByRole('heading', { name: 'Board page' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/board');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('shows admin pages to admins only', async () => {
    const user = userEvent.setup();
    renderMenu(['admin']);
    await user.keyboard('{Meta>}k{/Meta}');
    await user.type(await screen.findByRole('combobox'), 'users');
    await waitFor(() => expect(options().map((o) => o.textContent?.replace('↵', ''))).toContain('UsersAdmin'));
  });

  it('searches leads as one types (debounced) and opens one', async () => {
    const user = userEvent.setup();
    fetchMock.on('GET', '/api/v1/leads', (call) => {
      const q = new URL(call.url).searchParams.get('q');
      return { body: { items: q === 'gonz' ? [lead('lead_1', 'Maria', 'Gonzalez')] : [], nextCursor: null } };
    });
    const { router } = renderMenu();
    await user.keyboard('{Control>}k{/Control}');
    await user.type(await screen.findByRole('combobox'), 'gonz');
    const option = await screen.findByRole('option', { name: /Maria Gonzalez/ });
    expect(option).toHaveTextContent('Contacted · (512) 555-0134 · Austin, TX');
    // One request for the whole word: typing faster than the debounce sends no partial queries.
    const calls = fetchMock.callsTo('/api/v1/leads').map((c) => new URL(c.url).searchParams);
    expect(calls.map((p) => p.get('q'))).toEqual(['gonz']);
    expect(calls[0]!.get('limit')).toBe('8');
    expect(activeOption()).toBe(option);
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('heading', { name: 'Lead page' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/leads/lead_1');
  });

  it('says when no lead matches', async () => {
    const user = userEvent.setup();
    fetchMock.on('GET', '/api/v1/leads', { body: { items: [], nextCursor: null } });
    renderMenu();
    await user.keyboard('{Control>}k{/Control}');
    await user.type(await screen.findByRole('combobox'), 'zzz');
    expect(await screen.findByText('No leads match “zzz”')).toBeInTheDocument();
  });

  it('never shows the reply to an older query', async () => {
    const user = userEvent.setup();
    let releaseOld: (() => void) | null = null;
    fetchMock.on('GET', '/api/v1/leads', (call) => {
      const q = new URL(call.url).searchParams.get('q');
      if (q === 'mar') {
        return new Promise((resolve) => {
          releaseOld = () =>
            resolve(jsonResponse(200, { items: [lead('lead_old', 'Mark', 'Stale')], nextCursor: null }));
        });
      }
      return { body: { items: [lead('lead_new', 'Maria', 'Fresh')], nextCursor: null } };
    });
    renderMenu();
    await user.keyboard('{Control>}k{/Control}');
    const input = await screen.findByRole('combobox');
    await user.type(input, 'mar');
    await waitFor(() => expect(releaseOld).not.toBeNull());
    await user.type(input, 'ia');
    expect(await screen.findByRole('option', { name: /Maria Fresh/ })).toBeInTheDocument();
    await act(async () => {
      releaseOld!();
      await new Promise((r) => setTimeout(r, 50));
    });
    expect(screen.queryByRole('option', { name: /Mark Stale/ })).not.toBeInTheDocument();
    expect(screen.getByRole('option', { name: /Maria Fresh/ })).toBeInTheDocument();
  });
});
