import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { toSessionTokens } from '@/lib/api-schema';
import { TokenManager } from '@/lib/token-manager';
import { installFetchMock, type FetchMock } from '@/test/fetch-mock';
import { renderRoutes } from '@/test/render';
import { tokenReply } from '@/test/tokens';
import { AuditLogPage } from './audit-log-page';

const HASH = 'a'.repeat(64);

function record(seq: number, extra: object = {}) {
  return {
    seq,
    at: '2026-12-07T02:32:38.492Z',
    actor: 'usr_admin',
    action: 'user.update',
    entity: 'user',
    entityId: 'usr_bob',
    requestId: `req-${seq}`,
    ip: '192.0.2.10',
    outcome: 'ok',
    changes: { groups: { old: ['agent'], new: ['manager'] }, passwordHash: { old: '***', new: '***' } },
    prevHash: HASH,
    hash: HASH,
    ...extra,
  };
}

function renderAudit(path = '/admin/audit') {
  const tokenManager = new TokenManager({ locks: null });
  tokenManager.setTokens(toSessionTokens(tokenReply({ username: 'admin', sub: 'usr_admin', groups: ['admin'] }))!);
  return renderRoutes([{ path: '/admin/audit', element: <AuditLogPage /> }], [path], {
    tokenManager,
    auth: { status: 'authenticated', user: tokenManager.getUser(), expiresAt: tokenManager.getExpiresAt() },
  });
}

function auditParams(fetchMock: FetchMock) {
  return fetchMock.callsTo('/api/v1/audit').map((c) => Object.fromEntries(new URL(c.url).searchParams));
}

describe('AuditLogPage', () => {
  let fetchMock: FetchMock;

  beforeEach(() => {
    fetchMock = installFetchMock();
    fetchMock.on('GET', '/api/v1/users/directory', {
      body: {
        items: [
          { id: 'usr_admin', username: 'admin', groups: ['admin'] },
          { id: 'usr_bob', username: 'bob', groups: ['agent'] },
        ],
        nextCursor: null,
      },
    });
  });

  it('shows records with actor names, entity links, and expands a row to its changes', async () => {
    const user = userEvent.setup({ delay: null });
    fetchMock.on('GET', '/api/v1/audit', {
      body: { items: [record(2), record(1, { entity: 'lead', entityId: 'lead_7', action: 'lead.create', actor: 'key_01' })], nextCursor: null },
    });
    renderAudit();
    const rows = await screen.findAllByRole('button', { name: /Show details of/ });
    expect(rows).toHaveLength(2);
    expect(await screen.findByRole('link', { name: 'admin' })).toHaveAttribute('href', '/admin/users?highlight=usr_admin');
    expect(screen.getByRole('link', { name: 'usr_bob' })).toHaveAttribute('href', '/admin/users?highlight=usr_bob');
    expect(screen.getByRole('link', { name: 'lead_7' })).toHaveAttribute('href', '/leads/lead_7');
    expect(screen.getByRole('link', { name: /API key key_01/ })).toHaveAttribute('href', '/admin/api-keys?highlight=key_01');

    await user.click(rows[0]!);
    const changes = await screen.findByRole('table', { name: 'Changes of record 2' });
    const groups = within(changes).getByText('groups').closest('tr')!;
    expect(groups).toHaveTextContent('agent→manager');
    expect(within(changes).getByText('passwordHash').closest('tr')).toHaveTextContent('***→***');
    expect(rows[0]).toHaveAttribute('aria-expanded', 'true');
  });

  it('sends the filters as query parameters and keeps them in the URL', async () => {
    const user = userEvent.setup({ delay: null });
    fetchMock.on('GET', '/api/v1/audit', { body: { items: [record(1)], nextCursor: null } });
    const { router } = renderAudit();
    await screen.findAllByRole('button', { name: /Show details of/ });
    expect(auditParams(fetchMock)[0]).toEqual({ limit: '50' });

    await user.click(screen.getByRole('combobox', { name: 'Entity' }));
    await user.click(await screen.findByRole('option', { name: 'User' }));
    await user.click(screen.getByLabelText('Entity ID'));
    await user.paste('usr_bob');
    await user.type(screen.getByRole('combobox', { name: 'Actor' }), 'admin');
    await user.click(screen.getByRole('combobox', { name: 'Action' }));
    await user.paste('user.update');
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-12-01T09:30' } });
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));

    await waitFor(() => expect(auditParams(fetchMock)).toHaveLength(2));
    expect(auditParams(fetchMock)[1]).toEqual({
      limit: '50',
      entity: 'user',
      entityId: 'usr_bob',
      actor: 'usr_admin',
      action: 'user.update',
      from: new Date(2026, 11, 1, 9, 30).toISOString(),
    });
    expect(new URLSearchParams(router.state.location.search).get('actor')).toBe('usr_admin');
    // The actor field shows the name, not the id.
    expect(screen.getByRole('combobox', { name: 'Actor' })).toHaveValue('admin');
  });

  it('opens with the filters of a link, and clears them', async () => {
    const user = userEvent.setup({ delay: null });
    fetchMock.on('GET', '/api/v1/audit', { body: { items: [], nextCursor: null } });
    renderAudit('/admin/audit?entity=user&entityId=usr_bob');
    expect(await screen.findByRole('heading', { name: 'No records match these filters' })).toBeInTheDocument();
    expect(auditParams(fetchMock)[0]).toEqual({ limit: '50', entity: 'user', entityId: 'usr_bob' });
    expect(screen.getByLabelText('Entity ID')).toHaveValue('usr_bob');
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(auditParams(fetchMock).at(-1)).toEqual({ limit: '50' }));
  });

  it('follows empty pages of a sparse filter, then loads more with the cursor', async () => {
    const user = userEvent.setup({ delay: null });
    fetchMock.on('GET', '/api/v1/audit', (call) => {
      const cursor = new URL(call.url).searchParams.get('cursor');
      if (!cursor) return { body: { items: [], nextCursor: 'c1' } };
      if (cursor === 'c1') return { body: { items: [record(5)], nextCursor: 'c2' } };
      return { body: { items: [record(4)], nextCursor: null } };
    });
    renderAudit('/admin/audit?action=user.update');
    expect(await screen.findAllByRole('button', { name: /Show details of/ })).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(screen.getAllByRole('button', { name: /Show details of/ })).toHaveLength(2));
    expect(auditParams(fetchMock).map((p) => p.cursor)).toEqual([undefined, 'c1', 'c2']);
    expect(screen.getByText('All 2 matching records shown.')).toBeInTheDocument();
  });
});
