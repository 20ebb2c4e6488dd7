import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { toSessionTokens } from '@/lib/api-schema';
import { TokenManager } from '@/lib/token-manager';
import { installFetchMock, jsonResponse, problem, type FetchMock } from '@/test/fetch-mock';
import { renderWithProviders } from '@/test/render';
import { tokenReply } from '@/test/tokens';
import { NewLeadDialog } from './new-lead-dialog';
import { setupUser } from '../test-setup';

function renderDialog(props: Partial<React.ComponentProps<typeof NewLeadDialog>> = {}) {
  const tokenManager = new TokenManager({ locks: null });
  tokenManager.setTokens(toSessionTokens(tokenReply({ username: 'alice', groups: ['agent'] }))!);
  const onClose = vi.fn();
  const onCreated = vi.fn();
  const result = renderWithProviders(
    <NewLeadDialog open onClose={onClose} onCreated={onCreated} {...props} />,
    {
      tokenManager,
      auth: { status: 'authenticated', user: tokenManager.getUser(), expiresAt: tokenManager.getExpiresAt() },
    },
  );
  return { ...result, onClose, onCreated };
}

function field(name: string): HTMLElement {
  return screen.getByRole('textbox', { name });
}

/** Types by pasting: the same events for the form, without a keystroke per character. */
async function fill(user: ReturnType<typeof setupUser>, name: string, value: string) {
  await user.click(field(name));
  await user.paste(value);
}

describe('NewLeadDialog', { timeout: 40_000 }, () => {
  let fetchMock: FetchMock;
  beforeEach(() => {
    fetchMock = installFetchMock();
  });

  it('prefills the phone and asks for the names before sending anything', async () => {
    const user = setupUser();
    renderDialog({ initialPhone: '512-555-0134' });
    expect(field('Phone')).toHaveValue('512-555-0134');
    await user.click(screen.getByRole('button', { name: 'Create lead' }));
    expect(await screen.findByText('Enter a first name.')).toBeInTheDocument();
    expect(screen.getByText('Enter a last name.')).toBeInTheDocument();
    expect(field('First name')).toHaveFocus();
    expect(fetchMock.calls).toHaveLength(0);
  });

  it("shows the server's field errors on the right inputs, focuses the first and keeps the input", async () => {
    const user = setupUser();
    fetchMock.on(
      'POST',
      '/api/v1/leads',
      problem(400, 'One or more fields are invalid.', [
        { field: 'claim.adjuster.email', message: 'is not an email address' },
        { field: 'phones[0].number', message: 'is not a phone number' },
        { field: 'claim.dateOfLoss', message: 'must be a real calendar date' },
        { field: 'email', message: 'must be an email address such as name@example.com' },
        { field: 'claim.dateReported', message: 'must not be before dateOfLoss' },
      ]),
    );
    const { onCreated } = renderDialog();
    await fill(user, 'First name', 'Maria');
    await fill(user, 'Last name', 'Gonzalez');
    await fill(user, 'Email', 'maria@bad');
    // The first phone row stays blank: the body's phones[0] is the form's second row.
    await user.click(screen.getByRole('button', { name: 'Add phone' }));
    await fill(user, 'Phone 2', 'call me');
    await fill(user, 'Adjuster email', 'nope');
    await user.click(screen.getByRole('button', { name: 'Create lead' }));

    expect(await screen.findByText('is not a phone number')).toBeInTheDocument();
    expect(fetchMock.callsTo('/api/v1/leads', 'POST')[0]!.body).toEqual({
      firstName: 'Maria',
      lastName: 'Gonzalez',
      email: 'maria@bad',
      phones: [{ number: 'call me', type: 'mobile' }],
      claim: { adjuster: { email: 'nope' } },
    });

    expect(field('Email')).toHaveAccessibleDescription('must be an email address such as name@example.com');
    expect(field('Email')).toHaveAttribute('aria-invalid', 'true');
    expect(field('Phone 2')).toHaveAccessibleDescription('is not a phone number');
    expect(field('Phone 1')).toHaveAttribute('aria-invalid', 'false');
    expect(field('Adjuster email')).toHaveAccessibleDescription('is not an email address');
    expect(screen.getByLabelText('Date of loss')).toHaveAccessibleDescription('must be a real calendar date');
    // A field no input shows is listed in the alert, with the problem's detail.
    const alert = screen.getByRole('alert', { name: '' });
    expect(within(alert).getByText(/One or more fields are invalid/)).toBeInTheDocument();
    expect(alert).toHaveTextContent('claim.dateReported: must not be before dateOfLoss');
    expect(alert).not.toHaveTextContent('is not a phone number');
    // The first input at fault, in form order, has the focus; what was typed is still there.
    expect(field('Email')).toHaveFocus();
    expect(field('First name')).toHaveValue('Maria');
    expect(field('Adjuster email')).toHaveValue('nope');
    expect(onCreated).not.toHaveBeenCalled();

    // Editing a field clears its message.
    await fill(user, 'Email', '.com');
    expect(field('Email')).toHaveAttribute('aria-invalid', 'false');
  });

  it('creates the lead, says so, and hands it over', async () => {
    const user = setupUser();
    const lead = { id: 'lead_01', firstName: 'Maria', lastName: 'Gonzalez', status: 'new' };
    fetchMock.on('POST', '/api/v1/leads', () => jsonResponse(201, lead));
    const { onCreated } = renderDialog();
    await fill(user, 'First name', 'Maria');
    await fill(user, 'Last name', 'Gonzalez');
    await user.type(screen.getByRole('combobox', { name: 'Tags' }), 'roof,hail{enter}');
    await user.click(screen.getByRole('button', { name: 'Create lead' }));
    await waitFor(() => expect(onCreated).toHaveBeenCalledWith(lead));
    expect(await screen.findByText('Lead Maria Gonzalez created.')).toBeInTheDocument();
    expect(fetchMock.callsTo('/api/v1/leads', 'POST')[0]!.body).toEqual({
      firstName: 'Maria',
      lastName: 'Gonzalez',
      tags: ['roof', 'hail'],
    });
  });

  it('asks before discarding what was typed', async () => {
    const user = setupUser();
    const { onClose } = renderDialog();
    await fill(user, 'First name', 'Maria');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    const confirm = await screen.findByRole('dialog', { name: 'Discard this lead?' });
    await user.click(within(confirm).getByRole('button', { name: 'Keep editing' }));
    expect(onClose).not.toHaveBeenCalled();
    // The form is back (out of aria-hidden) once the confirmation has faded out.
    expect(await screen.findByRole('textbox', { name: 'First name' }, { timeout: 4000 })).toHaveValue('Maria');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    await user.click(within(await screen.findByRole('dialog', { name: 'Discard this lead?' })).getByRole('button', { name: 'Discard' }));
    expect(onClose).toHaveBeenCalled();
  });
});
