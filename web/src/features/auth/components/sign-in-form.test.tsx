import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { installFetchMock, jsonResponse, problem, type FetchMock } from '@/test/fetch-mock';
import { renderWithProviders } from '@/test/render';
import { tokenReply } from '@/test/tokens';
import { SignInForm } from './sign-in-form';

describe('SignInForm', () => {
  let fetchMock: FetchMock;

  beforeEach(() => {
    fetchMock = installFetchMock();
  });

  it('signs in through password → NEW_PASSWORD_REQUIRED → SOFTWARE_TOKEN_MFA', async () => {
    const user = userEvent.setup();
    const onSignedIn = vi.fn();
    const reply = tokenReply({ username: 'alice', groups: ['manager'] });
    fetchMock
      .on('POST', '/api/v1/auth/login', {
        body: { challenge: 'NEW_PASSWORD_REQUIRED', session: 'sess-1' },
      })
      .on('POST', '/api/v1/auth/new-password', {
        body: { challenge: 'SOFTWARE_TOKEN_MFA', session: 'sess-2' },
      })
      .on('POST', '/api/v1/auth/mfa', { body: reply });

    const { store } = renderWithProviders(<SignInForm onSignedIn={onSignedIn} />);

    // Step 1: username and password.
    expect(screen.getByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    await user.type(screen.getByLabelText(/Username/), '  alice ');
    await user.type(screen.getByLabelText(/^Password/), 'temporary-pass');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    // Step 2: a new password.
    expect(await screen.findByRole('heading', { name: 'Choose a new password' })).toBeInTheDocument();
    expect(fetchMock.callsTo('/api/v1/auth/login')[0]!.body).toEqual({
      username: 'alice',
      password: 'temporary-pass',
      tokenDelivery: 'cookie',
    });
    expect(screen.getByText(/At least 12 characters/)).toBeInTheDocument();
    const newPassword = screen.getByLabelText(/^New password/);
    expect(newPassword).toHaveFocus();
    await user.type(newPassword, 'a-long-new-passphrase');
    await user.type(screen.getByLabelText(/Confirm new password/), 'a-long-new-passphrase');
    await user.click(screen.getByRole('button', { name: 'Set password and continue' }));

    // Step 3: the TOTP code.
    expect(await screen.findByRole('heading', { name: 'Two-step verification' })).toBeInTheDocument();
    expect(screen.getByText('Your new password is set.')).toBeInTheDocument();
    expect(fetchMock.callsTo('/api/v1/auth/new-password')[0]!.body).toEqual({
      session: 'sess-1',
      newPassword: 'a-long-new-passphrase',
      tokenDelivery: 'cookie',
    });
    const code = screen.getByLabelText(/6-digit code/);
    expect(code).toHaveAttribute('autocomplete', 'one-time-code');
    expect(code).toHaveAttribute('inputmode', 'numeric');
    expect(code).toHaveFocus();
    await user.type(code, '12 34-56');
    expect(code).toHaveValue('123456');
    await user.click(screen.getByRole('button', { name: 'Verify' }));

    // Signed in.
    await waitFor(() => expect(onSignedIn).toHaveBeenCalledTimes(1));
    expect(fetchMock.callsTo('/api/v1/auth/mfa')[0]!.body).toEqual({
      session: 'sess-2',
      code: '123456',
      tokenDelivery: 'cookie',
    });
    expect(onSignedIn).toHaveBeenCalledWith(
      expect.objectContaining({ username: 'alice', groups: ['manager'] }),
    );
    expect(store.getState().auth.status).toBe('authenticated');
    expect(store.tokenManager.getAccessToken()).toBe(reply.accessToken);
    // Public endpoints: never a bearer token.
    expect(fetchMock.calls.every((c) => c.headers.get('Authorization') === null)).toBe(true);
  });

  it('signs in with the password alone when no challenge follows', async () => {
    const user = userEvent.setup();
    fetchMock.on('POST', '/api/v1/auth/login', { body: tokenReply({ username: 'bob' }) });
    const { store } = renderWithProviders(<SignInForm />);
    await user.type(screen.getByLabelText(/Username/), 'bob');
    await user.type(screen.getByLabelText(/^Password/), 'correct-horse-battery');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(store.getState().auth.status).toBe('authenticated'));
    expect(store.getState().auth.user?.username).toBe('bob');
  });

  it("shows the server's problem detail under the form and keeps the user on the step", async () => {
    const user = userEvent.setup();
    fetchMock.on('POST', '/api/v1/auth/login', problem(401, 'Incorrect username or password.'));
    const { store } = renderWithProviders(<SignInForm />);
    await user.type(screen.getByLabelText(/Username/), 'alice');
    await user.type(screen.getByLabelText(/^Password/), 'wrong-password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Incorrect username or password.');
    expect(screen.getByLabelText(/^Password/)).toHaveValue('');
    expect(store.getState().auth.status).not.toBe('authenticated');
  });

  it("maps the problem's errors[].field to the matching input", async () => {
    const user = userEvent.setup();
    fetchMock
      .on('POST', '/api/v1/auth/login', { body: { challenge: 'NEW_PASSWORD_REQUIRED', session: 's' } })
      .on(
        'POST',
        '/api/v1/auth/new-password',
        problem(400, 'One or more fields are invalid.', [
          { field: 'newPassword', message: 'is too common' },
        ]),
      );
    renderWithProviders(<SignInForm />);
    await user.type(screen.getByLabelText(/Username/), 'alice');
    await user.type(screen.getByLabelText(/^Password/), 'temporary-pass');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByRole('heading', { name: 'Choose a new password' });
    await user.type(screen.getByLabelText(/^New password/), 'password1234');
    await user.type(screen.getByLabelText(/Confirm new password/), 'password1234');
    await user.click(screen.getByRole('button', { name: 'Set password and continue' }));

    const input = screen.getByLabelText(/^New password/);
    await waitFor(() => expect(input).toHaveAttribute('aria-invalid', 'true'));
    expect(screen.getByText('is too common')).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('One or more fields are invalid.');
  });

  it('checks the password policy and the confirmation before asking the server', async () => {
    const user = userEvent.setup();
    fetchMock.on('POST', '/api/v1/auth/login', {
      body: { challenge: 'NEW_PASSWORD_REQUIRED', session: 's' },
    });
    renderWithProviders(<SignInForm />);
    await user.type(screen.getByLabelText(/Username/), 'alice');
    await user.type(screen.getByLabelText(/^Password/), 'temporary-pass');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByRole('heading', { name: 'Choose a new password' });

    await user.type(screen.getByLabelText(/^New password/), 'short');
    await user.click(screen.getByRole('button', { name: 'Set password and continue' }));
    expect(screen.getByText('Use at least 12 characters.')).toBeInTheDocument();

    await user.type(screen.getByLabelText(/^New password/), '-but-now-long');
    await user.type(screen.getByLabelText(/Confirm new password/), 'something-else');
    await user.click(screen.getByRole('button', { name: 'Set password and continue' }));
    expect(screen.getByText("The passwords don't match.")).toBeInTheDocument();
    expect(fetchMock.callsTo('/api/v1/auth/new-password')).toHaveLength(0);
  });

  it('asks for username and password before sending anything', async () => {
    const user = userEvent.setup();
    renderWithProviders(<SignInForm />);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getByText('Enter your username.')).toBeInTheDocument();
    expect(screen.getByText('Enter your password.')).toBeInTheDocument();
    expect(fetchMock.calls).toHaveLength(0);
  });

  it('clears a wrong MFA code and lets the user start over', async () => {
    const user = userEvent.setup();
    fetchMock
      .on('POST', '/api/v1/auth/login', { body: { challenge: 'SOFTWARE_TOKEN_MFA', session: 's' } })
      .on('POST', '/api/v1/auth/mfa', problem(401, 'The code is wrong or was already used.'));
    renderWithProviders(<SignInForm />);
    await user.type(screen.getByLabelText(/Username/), 'alice');
    await user.type(screen.getByLabelText(/^Password/), 'correct-horse-battery');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByRole('heading', { name: 'Two-step verification' });

    await user.click(screen.getByRole('button', { name: 'Verify' }));
    expect(screen.getByText('Enter the 6 digits your authenticator app shows.')).toBeInTheDocument();

    await user.type(screen.getByLabelText(/6-digit code/), '000000');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The code is wrong or was already used.');
    expect(screen.getByLabelText(/6-digit code/)).toHaveValue('');

    await user.click(screen.getByRole('button', { name: 'Start over' }));
    expect(screen.getByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.getByLabelText(/Username/)).toHaveValue('alice');
  });

  it('explains a network failure', async () => {
    const user = userEvent.setup();
    fetchMock.on('POST', '/api/v1/auth/login', () => {
      throw new TypeError('Failed to fetch');
    });
    renderWithProviders(<SignInForm />);
    await user.type(screen.getByLabelText(/Username/), 'alice');
    await user.type(screen.getByLabelText(/^Password/), 'correct-horse-battery');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent("Can't reach the server");
  });

  it('fixes the username when signing in again after expiry', async () => {
    const user = userEvent.setup();
    fetchMock.on('POST', '/api/v1/auth/login', jsonResponse(200, tokenReply({ username: 'alice' })));
    renderWithProviders(<SignInForm lockedUsername="alice" />);
    const username = screen.getByLabelText(/Username/);
    expect(username).toHaveValue('alice');
    expect(username).toHaveAttribute('readonly');
    expect(screen.getByLabelText(/^Password/)).toHaveFocus();
    await user.type(screen.getByLabelText(/^Password/), 'correct-horse-battery');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() =>
      expect(fetchMock.callsTo('/api/v1/auth/login')[0]!.body).toMatchObject({ username: 'alice' }),
    );
  });
});
