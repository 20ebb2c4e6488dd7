import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { toSessionTokens } from '@/lib/api-schema';
import { TokenManager } from '@/lib/token-manager';
import { installFetchMock, jsonResponse, type FetchMock } from '@/test/fetch-mock';
import { renderRoutes } from '@/test/render';
import { tokenReply } from '@/test/tokens';
import { ApiKeysPage } from './api-keys-page';

const KEY = {
  id: 'key_01',
  name: 'Amazon Connect',
  scopes: ['connect:ingest', 'connect:lookup'],
  createdAt: '2026-11-01T10:00:00.000Z',
  createdBy: 'usr_admin',
  lastUsedAt: null,
  revokedAt: null,
};

function renderKeys() {
  const tokenManager = new TokenManager({ locks: null });
  tokenManager.setTokens(toSessionTokens(tokenReply({ username: 'admin', sub: 'usr_admin', groups: ['admin'] }))!);
  return renderRoutes([{ path: '/admin/api-keys', element: <ApiKeysPage /> }], ['/admin/api-keys'], {
    tokenManager,
    auth: { status: 'authenticated', user: tokenManager.getUser(), expiresAt: tokenManager.getExpiresAt() },
  });
}

describe('ApiKeysPage', () => {
  let fetchMock: FetchMock;
  let keys: object[];

  beforeEach(() => {
    fetchMock = installFetchMock();
    keys = [KEY];
    fetchMock.on('GET', '/api/v1/api-keys', () => ({ body: { items: keys, nextCursor: null } }));
    fetchMock.on('GET', '/api/v1/users/directory', {
      body: { items: [{ id: 'usr_admin', username: 'admin', groups: ['admin'] }], nextCursor: null },
    });
  });

  it('lists keys with scopes, creator and use', async () => {
    renderKeys();
    const row = (await screen.findByText('Amazon Connect')).closest('tr')!;
    expect(within(row).getByText('Contact-center ingest')).toBeInTheDocument();
    expect(within(row).getByText('Screen pop lookup')).toBeInTheDocument();
    expect(within(row).getByText('Never')).toBeInTheDocument();
    expect(within(row).getByText('Active')).toBeInTheDocument();
    expect(await within(row).findByText('by You')).toBeInTheDocument();
  });

  it('creates a key with the chosen scopes and shows its secret once', async () => {
    const user = userEvent.setup({ delay: null });
    fetchMock.on('POST', '/api/v1/api-keys', (call) => {
      const body = call.body as { name: string; scopes: string[] };
      const apiKey = { ...KEY, id: 'key_02', name: body.name, scopes: body.scopes };
      keys = [apiKey, ...keys];
      return jsonResponse(201, { apiKey, secret: 'ccrm_key_02_s3cr3tS3cr3t' });
    });
    renderKeys();
    await screen.findByText('Amazon Connect');
    await user.click(screen.getByRole('button', { name: 'Create API key' }));
    const dialog = await screen.findByRole('dialog', { name: 'Create API key' });
    await user.click(within(dialog).getByRole('button', { name: 'Create key' }));
    expect(within(dialog).getByText('Choose at least one scope')).toBeInTheDocument();
    expect(fetchMock.callsTo('/api/v1/api-keys', 'POST')).toHaveLength(0);

    await user.type(within(dialog).getByLabelText(/Name/), 'Reporting');
    await user.click(within(dialog).getByRole('checkbox', { name: /Read leads/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Create key' }));

    const secret = await screen.findByRole('dialog', { name: 'API key “Reporting” created' });
    expect(fetchMock.callsTo('/api/v1/api-keys', 'POST')[0]!.body).toEqual({
      name: 'Reporting',
      scopes: ['leads:read'],
    });
    expect(within(secret).getByTestId('secret-value')).toHaveTextContent('ccrm_key_02_s3cr3tS3cr3t');
    await user.click(within(secret).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(await screen.findByText('Reporting')).toBeInTheDocument();
    expect(document.body.innerHTML).not.toContain('s3cr3tS3cr3t');
  });

  it('revokes a key after confirming', async () => {
    const user = userEvent.setup({ delay: null });
    fetchMock.on('DELETE', '/api/v1/api-keys/key_01', () => {
      keys = [{ ...KEY, revokedAt: '2026-12-01T00:00:00.000Z' }];
      return new Response(null, { status: 204 });
    });
    renderKeys();
    await user.click(await screen.findByRole('button', { name: 'Revoke Amazon Connect' }));
    const dialog = await screen.findByRole('dialog', { name: 'Revoke “Amazon Connect”?' });
    await user.click(within(dialog).getByRole('button', { name: 'Revoke key' }));
    expect(await screen.findByText('Revoked “Amazon Connect”.')).toBeInTheDocument();
    expect(fetchMock.callsTo('/api/v1/api-keys/key_01', 'DELETE')).toHaveLength(1);
    expect(await screen.findByText('Revoked')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Revoke Amazon Connect' })).not.toBeInTheDocument();
  });
});
