import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { toSessionTokens } from '@/lib/api-schema';
import { TokenManager } from '@/lib/token-manager';
import { installFetchMock, jsonResponse, problem, type FetchMock } from '@/test/fetch-mock';
import { renderRoutes } from '@/test/render';
import { tokenReply } from '@/test/tokens';
import { UsersPage } from './users-page';

const ADMIN = {
  id: 'usr_admin',
  username: 'admin',
  email: 'admin@example.com',
  groups: ['admin'],
  enabled: true,
  mfaEnabled: true,
  external: null,
  createdAt: '2026-01-01T00:00:00.000Z',
};
const BOB = { ...ADMIN, id: 'usr_bob', username: 'bob', email: 'bob@example.com', groups: ['agent'], mfaEnabled: false };
const EXT = {
  ...ADMIN,
  id: 'usr_ext',
  username: 'carol',
  email: '',
  groups: ['manager'],
  external: { issuer: 'https://idp.example.com', subject: 'abc' },
};

function renderUsers(path = '/admin/users') {
  const tokenManager = new TokenManager({ locks: null });
  tokenManager.setTokens(toSessionTokens(tokenReply({ username: 'admin', sub: 'usr_admin', groups: ['admin'] }))!);
  return renderRoutes([{ path: '/admin/users', element: <UsersPage /> }], [path], {
    tokenManager,
    auth: { status: 'authenticated', user: tokenManager.getUser(), expiresAt: tokenManager.getExpiresAt() },
  });
}

describe('UsersPage', () => {
  let fetchMock: FetchMock;
  let users: object[];

  beforeEach(() => {
    fetchMock = installFetchMock();
    users = [ADMIN, BOB, EXT];
    fetchMock.on('GET', '/api/v1/users', () => ({ body: { items: users, nextCursor: null } }));
  });

  it('lists users with their groups, status, and external users marked', async () => {
    renderUsers();
    const bob = (await screen.findByText('bob')).closest('tr')!;
    expect(within(bob).getByText('Agent')).toBeInTheDocument();
    expect(within(bob).getByText('Enabled')).toBeInTheDocument();
    const admin = screen.getByText('admin', { selector: 'p' }).closest('tr')!;
    expect(within(admin).getByText('You')).toBeInTheDocument();
    expect(within(admin).getByText('MFA')).toBeInTheDocument();
    const carol = screen.getByText('carol').closest('tr')!;
    expect(within(carol).getByText('External')).toBeInTheDocument();
  });

  it('adds a user and shows the temporary password once', async () => {
    const user = userEvent.setup({ delay: null });
    fetchMock.on('POST', '/api/v1/users', (call) => {
      const body = call.body as { username: string; email: string; groups: string[] };
      const created = { ...BOB, id: 'usr_dana', username: body.username, email: body.email, groups: body.groups };
      users = [...users, created];
      return jsonResponse(201, { ...created, temporaryPassword: 'q3Zk1v_8mX2cR0pL9sT4wY7a' });
    });
    renderUsers();
    await screen.findByText('bob');
    await user.click(screen.getByRole('button', { name: 'Add user' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add user' });

    // Checked here before anything is sent.
    await user.click(within(dialog).getByRole('button', { name: 'Add user' }));
    expect(within(dialog).getByText(/3–64 characters/)).toBeInTheDocument();
    expect(fetchMock.callsTo('/api/v1/users', 'POST')).toHaveLength(0);

    await user.type(within(dialog).getByLabelText(/Username/), 'Dana');
    await user.click(within(dialog).getByLabelText(/Email/));
    await user.paste('dana@example.com');
    await user.click(within(dialog).getByRole('checkbox', { name: /Manager/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Add user' }));

    const secret = await screen.findByRole('dialog', { name: 'dana was added' });
    expect(fetchMock.callsTo('/api/v1/users', 'POST')[0]!.body).toEqual({
      username: 'dana',
      email: 'dana@example.com',
      groups: ['manager', 'agent'],
    });
    expect(within(secret).getByTestId('secret-value')).toHaveTextContent('q3Zk1v_8mX2cR0pL9sT4wY7a');
    expect(within(secret).getByText(/only time the temporary password is shown/)).toBeInTheDocument();
    await user.click(within(secret).getByRole('button', { name: 'Copy temporary password' }));
    expect(await navigator.clipboard.readText()).toBe('q3Zk1v_8mX2cR0pL9sT4wY7a');
    expect(within(secret).getByRole('button', { name: 'Copied' })).toBeInTheDocument();

    await user.click(within(secret).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    // Gone for good: nowhere on the page, and the new user is listed.
    expect(await screen.findByText('dana')).toBeInTheDocument();
    expect(screen.queryByText('q3Zk1v_8mX2cR0pL9sT4wY7a')).not.toBeInTheDocument();
    expect(document.body.innerHTML).not.toContain('q3Zk1v_8mX2cR0pL9sT4wY7a');
  });

  it('shows the server’s field errors in the form', async () => {
    const user = userEvent.setup({ delay: null });
    fetchMock.on('POST', '/api/v1/users', problem(409, 'The username is already in use.'));
    renderUsers();
    await screen.findByText('bob');
    await user.click(screen.getByRole('button', { name: 'Add user' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add user' });
    await user.type(within(dialog).getByLabelText(/Username/), 'bob');
    await user.click(within(dialog).getByLabelText(/Email/));
    await user.paste('bob2@example.com');
    await user.click(within(dialog).getByRole('button', { name: 'Add user' }));
    expect(await within(dialog).findByText('The username is already in use.')).toBeInTheDocument();
  });

  it('shows the last-admin 409 where the demotion was tried', async () => {
    const user = userEvent.setup({ delay: null });
    fetchMock.on('PATCH', '/api/v1/users/usr_admin', problem(409, 'The last enabled admin cannot be demoted or disabled.'));
    renderUsers();
    await user.click(await screen.findByRole('button', { name: 'Actions for admin' }));
    await user.click(screen.getByRole('menuitem', { name: 'Change groups' }));
    const dialog = await screen.findByRole('dialog', { name: 'Groups of admin' });
    await user.click(within(dialog).getByRole('checkbox', { name: /Admin/ }));
    await user.click(within(dialog).getByRole('checkbox', { name: /Manager/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Save groups' }));
    expect(await within(dialog).findByText('The last enabled admin cannot be demoted or disabled.')).toBeInTheDocument();
    expect(fetchMock.callsTo('/api/v1/users/usr_admin', 'PATCH')[0]!.body).toEqual({ groups: ['manager'] });
  });

  it('disables a user after confirming', async () => {
    const user = userEvent.setup({ delay: null });
    fetchMock.on('PATCH', '/api/v1/users/usr_bob', (call) => {
      users = users.map((u) => (u === BOB ? { ...BOB, enabled: false } : u));
      return { body: { ...BOB, ...(call.body as object) } };
    });
    renderUsers();
    await user.click(await screen.findByRole('button', { name: 'Actions for bob' }));
    await user.click(screen.getByRole('menuitem', { name: 'Disable' }));
    const dialog = await screen.findByRole('dialog', { name: 'Disable bob?' });
    await user.click(within(dialog).getByRole('button', { name: 'Disable' }));
    expect(await screen.findByText('Disabled bob.')).toBeInTheDocument();
    expect(fetchMock.callsTo('/api/v1/users/usr_bob', 'PATCH')[0]!.body).toEqual({ enabled: false });
    await waitFor(() =>
      expect(within(screen.getByText('bob').closest('tr')!).getByText('Disabled')).toBeInTheDocument(),
    );
  });

  it('resets a password and shows the temporary one', async () => {
    const user = userEvent.setup({ delay: null });
    fetchMock.on('POST', '/api/v1/users/usr_bob/reset-password', { body: { temporaryPassword: 'tmp-Reset-Passw0rd' } });
    renderUsers();
    await user.click(await screen.findByRole('button', { name: 'Actions for bob' }));
    await user.click(screen.getByRole('menuitem', { name: 'Reset password' }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Reset password' }));
    const secret = await screen.findByRole('dialog', { name: 'New temporary password for bob' });
    expect(within(secret).getByTestId('secret-value')).toHaveTextContent('tmp-Reset-Passw0rd');
  });

  it('keeps the groups of an external user read-only and offers no password reset', async () => {
    const user = userEvent.setup({ delay: null });
    renderUsers();
    await user.click(await screen.findByRole('button', { name: 'Actions for carol' }));
    expect(screen.queryByRole('menuitem', { name: 'Reset password' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('menuitem', { name: /View groups/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Groups of carol' });
    expect(within(dialog).getByRole('checkbox', { name: /Manager/ })).toBeDisabled();
    expect(within(dialog).queryByRole('button', { name: 'Save groups' })).not.toBeInTheDocument();
  });

  it('highlights the user named in the URL, loading pages until found', async () => {
    fetchMock.on('GET', '/api/v1/users', (call) =>
      new URL(call.url).searchParams.get('cursor') === 'p2'
        ? { body: { items: [EXT], nextCursor: null } }
        : { body: { items: [ADMIN, BOB], nextCursor: 'p2' } },
    );
    renderUsers('/admin/users?highlight=usr_ext');
    const row = (await screen.findByText('carol')).closest('tr')!;
    expect(row).toHaveAttribute('aria-current', 'true');
  });
});
