import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '@/lib/api-schema';
import { toSessionTokens } from '@/lib/api-schema';
import { TokenManager } from '@/lib/token-manager';
import { installFetchMock, type FetchMock } from '@/test/fetch-mock';
import { renderRoutes } from '@/test/render';
import { tokenReply } from '@/test/tokens';
import { appRoutes } from './router';

function signedInManager(groups: Role[] = ['agent'], username = 'alice') {
  const tokenManager = new TokenManager({ locks: null });
  tokenManager.setTokens(toSessionTokens(tokenReply({ username, groups }))!);
  return tokenManager;
}

function renderApp(path: string, tokenManager?: TokenManager) {
  const tm = tokenManager ?? new TokenManager({ locks: null });
  const signedIn = tm.getStatus() === 'active';
  return renderRoutes(appRoutes, [path], {
    tokenManager: tm,
    auth: signedIn
      ? { status: 'authenticated', user: tm.getUser(), expiresAt: tm.getExpiresAt() }
      : { status: 'anonymous' },
  });
}

describe('app routes', () => {
  let fetchMock: FetchMock;

  beforeEach(() => {
    fetchMock = installFetchMock();
    fetchMock.on('GET', '/api/v1/users/me', {
      body: { id: 'usr_alice', username: 'alice', email: 'alice@example.com', groups: ['agent'], mfaEnabled: false },
    });
  });

  it('sends an anonymous user to sign-in, remembering where they were going', async () => {
    const { router } = renderApp('/screen-pop?phone=%2B15125550134');
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/sign-in');
    expect(router.state.location.search).toBe(
      `?next=${encodeURIComponent('/screen-pop?phone=%2B15125550134')}`,
    );
  });

  it('after signing in, continues to the page in ?next=', async () => {
    const user = userEvent.setup();
    fetchMock.on('POST', '/api/v1/auth/login', { body: tokenReply({ username: 'alice' }) });
    const { router } = renderApp('/sign-in?next=%2Fdeadlines');
    await user.type(await screen.findByLabelText(/Username/), 'alice');
    await user.type(screen.getByLabelText(/^Password/), 'correct-horse-battery');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { name: 'Deadlines', level: 1 })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/deadlines');
  });

  it('shows the shell with navigation to a signed-in agent, without the admin section', async () => {
    renderApp('/leads', signedInManager(['agent']));
    expect(await screen.findByRole('heading', { name: 'Leads', level: 1 })).toBeInTheDocument();
    const nav = screen.getAllByRole('navigation', { name: 'Main' })[0]!;
    for (const name of ['Dashboard', 'Leads', 'Board', 'Deadlines']) {
      expect(within(nav).getByRole('link', { name })).toBeInTheDocument();
    }
    expect(within(nav).getByRole('link', { name: 'Leads' })).toHaveAttribute('aria-current', 'page');
    expect(within(nav).queryByRole('link', { name: 'Users' })).not.toBeInTheDocument();
    expect(document.title).toBe('Leads · Claim Connectors CRM');
  });

  it('answers not-found for admin pages to a non-admin', async () => {
    renderApp('/admin/users', signedInManager(['manager']));
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
  });

  it('shows admin pages and their navigation to an admin', async () => {
    renderApp('/admin/users', signedInManager(['admin']));
    expect(await screen.findByRole('heading', { name: 'Users', level: 1 })).toBeInTheDocument();
    const nav = screen.getAllByRole('navigation', { name: 'Main' })[0]!;
    expect(within(nav).getByRole('link', { name: 'Audit log' })).toBeInTheDocument();
  });

  it('shows a 404 page for unknown routes', async () => {
    renderApp('/no/such/page', signedInManager());
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Go to the dashboard' })).toHaveAttribute('href', '/');
  });

  it('on expiry asks for a sign-in over the page, keeping what the user typed', async () => {
    const user = userEvent.setup();
    const tm = signedInManager(['agent'], 'alice');
    fetchMock.on('POST', '/api/v1/auth/login', { body: tokenReply({ username: 'alice' }) });
    renderApp('/profile', tm);

    const current = await screen.findByLabelText(/Current password/);
    await user.type(current, 'half-typed');

    tm.markExpired();

    const dialog = await screen.findByRole('dialog', { name: 'Your session has expired' });
    // The page underneath is still mounted, with its input.
    expect(current).toBeInTheDocument();
    expect(current).toHaveValue('half-typed');
    expect(within(dialog).getByLabelText(/Username/)).toHaveValue('alice');

    await user.type(within(dialog).getByLabelText(/^Password/), 'correct-horse-battery');
    await user.click(within(dialog).getByRole('button', { name: 'Sign in' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.getByLabelText(/Current password/)).toHaveValue('half-typed');
    expect(fetchMock.callsTo('/api/v1/auth/login')[0]!.body).toEqual({
      username: 'alice',
      password: 'correct-horse-battery',
      tokenDelivery: 'cookie',
    });
  });

  it('signs out from the user menu: logout, empty cache, sign-in page', async () => {
    const user = userEvent.setup();
    document.cookie = 'ccrm_csrf=c1; path=/';
    fetchMock.on('POST', '/api/v1/auth/logout', new Response(null, { status: 204 }));
    const { router, store } = renderApp('/board', signedInManager());
    await screen.findByRole('heading', { name: 'Board', level: 1 });

    await user.click(screen.getByRole('button', { name: /Account menu for alice/ }));
    await user.click(await screen.findByRole('menuitem', { name: 'Sign out' }));

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/sign-in');
    expect(fetchMock.callsTo('/api/v1/auth/logout')[0]!.headers.get('X-CSRF-Token')).toBe('c1');
    expect(store.getState().api.queries).toEqual({});
    expect(store.getState().auth.status).toBe('anonymous');
  });

  it('switches the colour mode and remembers it', async () => {
    const user = userEvent.setup();
    renderApp('/', signedInManager());
    await screen.findByRole('heading', { name: 'Dashboard', level: 1 });
    await user.click(screen.getByRole('button', { name: 'Theme: System' }));
    await user.click(await screen.findByRole('menuitemradio', { name: 'Dark' }));
    expect(localStorage.getItem('ccrm.colorMode')).toBe('dark');
    expect(await screen.findByRole('button', { name: 'Theme: Dark' })).toBeInTheDocument();
  });
});
