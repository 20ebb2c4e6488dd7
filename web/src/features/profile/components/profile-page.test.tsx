import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { toSessionTokens } from '@/lib/api-schema';
import { TokenManager } from '@/lib/token-manager';
import { installFetchMock, problem, type FetchMock } from '@/test/fetch-mock';
import { renderWithProviders } from '@/test/render';
import { tokenReply } from '@/test/tokens';
import { ProfilePage } from './profile-page';

const ME = {
  id: 'usr_alice',
  username: 'alice',
  email: 'alice@example.com',
  groups: ['manager', 'agent'],
  mfaEnabled: false,
  external: null,
};

function renderProfile() {
  const tokenManager = new TokenManager({ locks: null });
  tokenManager.setTokens(toSessionTokens(tokenReply({ username: 'alice', groups: ['manager'] }))!);
  return renderWithProviders(<ProfilePage />, {
    tokenManager,
    auth: { status: 'authenticated', user: tokenManager.getUser(), expiresAt: tokenManager.getExpiresAt() },
  });
}

describe('ProfilePage', () => {
  let fetchMock: FetchMock;

  beforeEach(() => {
    fetchMock = installFetchMock();
    fetchMock.on('GET', '/api/v1/users/me', { body: ME });
  });

  it('shows username, email and groups', async () => {
    renderProfile();
    expect(await screen.findByText('alice@example.com', { selector: 'dd' })).toBeInTheDocument();
    expect(screen.getByText('Manager')).toBeInTheDocument();
    expect(screen.getByText('Agent')).toBeInTheDocument();
  });

  it('changes the password and shows field errors from the server', async () => {
    const user = userEvent.setup();
    fetchMock.sequence('POST', '/api/v1/users/me/password', [
      problem(400, 'One or more fields are invalid.', [
        { field: 'currentPassword', message: 'is not your current password' },
      ]),
      new Response(null, { status: 204 }),
    ]);
    renderProfile();
    await user.type(await screen.findByLabelText(/Current password/), 'old-long-passphrase');
    await user.type(screen.getByLabelText(/^New password/), 'new-long-passphrase');
    await user.type(screen.getByLabelText(/Confirm new password/), 'new-long-passphrase');
    await user.click(screen.getByRole('button', { name: 'Change password' }));

    expect(await screen.findByText('is not your current password')).toBeInTheDocument();
    expect(fetchMock.callsTo('/api/v1/users/me/password')[0]!.body).toEqual({
      currentPassword: 'old-long-passphrase',
      newPassword: 'new-long-passphrase',
    });

    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText('Your password was changed.')).toBeInTheDocument();
    expect(screen.getByLabelText(/Current password/)).toHaveValue('');
  });

  it('enrols an authenticator: QR code, secret, then a code to turn MFA on', async () => {
    const user = userEvent.setup();
    fetchMock
      .on('POST', '/api/v1/users/me/mfa/totp', {
        body: {
          secret: 'JBSWY3DPEHPK3PXP',
          otpauthUri:
            'otpauth://totp/Claim%20Connectors%20CRM%3Aalice?secret=JBSWY3DPEHPK3PXP&issuer=Claim%20Connectors%20CRM',
        },
      })
      .on('POST', '/api/v1/users/me/mfa/totp/verify', () => {
        fetchMock.on('GET', '/api/v1/users/me', { body: { ...ME, mfaEnabled: true } });
        return { body: { ...ME, mfaEnabled: true } };
      });
    renderProfile();

    await user.click(await screen.findByRole('button', { name: 'Set up an authenticator app' }));

    const qr = await screen.findByRole('img', { name: /QR code/ });
    expect(qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    expect(screen.getByTestId('totp-secret')).toHaveTextContent('JBSW Y3DP EHPK 3PXP');

    const code = screen.getByLabelText(/6-digit code/);
    expect(code).toHaveAttribute('autocomplete', 'one-time-code');
    await user.type(code, '654321');
    await user.click(screen.getByRole('button', { name: 'Turn on' }));

    expect(await screen.findByText('Two-step verification is on.')).toBeInTheDocument();
    expect(fetchMock.callsTo('/api/v1/users/me/mfa/totp/verify')[0]!.body).toEqual({ code: '654321' });
    // The user record is fetched again (tag invalidation) and shows MFA on.
    await waitFor(() => expect(fetchMock.callsTo('/api/v1/users/me')).toHaveLength(2));
    expect(await screen.findByText('On')).toBeInTheDocument();
  });
});
