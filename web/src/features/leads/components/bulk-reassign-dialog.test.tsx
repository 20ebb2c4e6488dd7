import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { toSessionTokens } from '@/lib/api-schema';
import type { Lead } from '@/lib/leads-api';
import { TokenManager } from '@/lib/token-manager';
import { installFetchMock, jsonResponse, problem, type FetchMock } from '@/test/fetch-mock';
import { renderWithProviders } from '@/test/render';
import { tokenReply } from '@/test/tokens';
import type { Assignees } from '../use-assignees';
import { BulkReassignDialog, runLimited } from './bulk-reassign-dialog';
import { setupUser } from '../test-setup';

function lead(n: number): Lead {
  return {
    id: `lead_${n}`,
    firstName: `First${n}`,
    lastName: `Last${n}`,
    status: 'new',
    legalHold: false,
    deadlines: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    createdBy: 'usr_me',
    updatedAt: '2026-01-01T00:00:00.000Z',
    version: 1,
  };
}

const assignees: Assignees = {
  canPick: true,
  options: [
    { id: 'usr_me', username: 'me', isSelf: true, enabled: true },
    { id: 'usr_dave', username: 'dave', isSelf: false, enabled: true },
    { id: 'usr_gone', username: 'gone', isSelf: false, enabled: false },
  ],
  directoryAvailable: true,
  directoryUnavailable: false,
  isLoading: false,
  nameOf: (id) => (id === 'usr_dave' ? 'dave' : id === 'usr_me' ? 'You' : String(id)),
};

function renderDialog(leads: Lead[]) {
  const tokenManager = new TokenManager({ locks: null });
  tokenManager.setTokens(toSessionTokens(tokenReply({ username: 'me', sub: 'usr_me', groups: ['manager'] }))!);
  const onClose = vi.fn();
  const onFinished = vi.fn();
  renderWithProviders(
    <BulkReassignDialog open leads={leads} assignees={assignees} onClose={onClose} onFinished={onFinished} />,
    { tokenManager, auth: { status: 'authenticated', user: tokenManager.getUser(), expiresAt: tokenManager.getExpiresAt() } },
  );
  return { onClose, onFinished };
}

describe('BulkReassignDialog', { timeout: 40_000 }, () => {
  let fetchMock: FetchMock;
  beforeEach(() => {
    fetchMock = installFetchMock();
  });

  it('patches each lead and lists every refusal with the server\'s words', async () => {
    const user = setupUser();
    fetchMock
      .on('PATCH', '/api/v1/leads/lead_1', () => jsonResponse(200, lead(1)))
      .on('PATCH', '/api/v1/leads/lead_2', problem(400, 'One or more fields are invalid.', [
        { field: 'assignedTo', message: 'is not an enabled user' },
      ]))
      .on('PATCH', '/api/v1/leads/lead_3', problem(409, 'The lead is on legal hold.'));
    const { onFinished, onClose } = renderDialog([lead(1), lead(2), lead(3)]);

    const dialog = screen.getByRole('dialog', { name: 'Reassign 3 leads' });
    expect(within(dialog).getByRole('button', { name: 'Reassign' })).toBeDisabled();
    await user.click(within(dialog).getByRole('combobox', { name: 'Assign to' }));
    const options = await screen.findAllByRole('option');
    // Unassigned first, oneself next; disabled users are not offered.
    expect(options.map((o) => o.textContent)).toEqual(['Unassigned', 'meyou', 'dave']);
    await user.click(screen.getByRole('option', { name: 'dave' }));
    await user.click(within(dialog).getByRole('button', { name: 'Reassign' }));

    expect(await screen.findByRole('dialog', { name: 'Reassignment finished with errors' })).toBeInTheDocument();
    expect(screen.getByText(/1 of 3 leads were reassigned to dave\. 2 were refused/)).toBeInTheDocument();
    const list = screen.getByRole('list', { name: 'Leads not reassigned' });
    const items = within(list).getAllByRole('listitem');
    expect(items[0]).toHaveTextContent('First2 Last2');
    expect(items[0]).toHaveTextContent('One or more fields are invalid. · assignedTo: is not an enabled user');
    expect(items[1]).toHaveTextContent('First3 Last3');
    expect(items[1]).toHaveTextContent('The lead is on legal hold.');
    expect(onFinished).toHaveBeenCalledWith(['lead_1']);
    expect(onClose).not.toHaveBeenCalled();

    // Trying again sends only the refused ones.
    fetchMock
      .on('PATCH', '/api/v1/leads/lead_2', () => jsonResponse(200, lead(2)))
      .on('PATCH', '/api/v1/leads/lead_3', () => jsonResponse(200, lead(3)));
    await user.click(screen.getByRole('button', { name: 'Try the 2 again' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(await screen.findByText('Reassigned 2 leads to dave.')).toBeInTheDocument();
    expect(fetchMock.callsTo('/api/v1/leads/lead_1')).toHaveLength(1);
    expect(fetchMock.callsTo('/api/v1/leads/lead_2')).toHaveLength(2);
  });

  it('unassigns with null', async () => {
    const user = setupUser();
    fetchMock.on('PATCH', '/api/v1/leads/lead_1', () => jsonResponse(200, lead(1)));
    renderDialog([lead(1)]);
    await user.click(screen.getByRole('combobox', { name: 'Assign to' }));
    await user.click(await screen.findByRole('option', { name: 'Unassigned' }));
    await user.click(screen.getByRole('button', { name: 'Reassign' }));
    expect(await screen.findByText('Unassigned 1 lead.')).toBeInTheDocument();
    expect(fetchMock.callsTo('/api/v1/leads/lead_1')[0]!.body).toEqual({ assignedTo: null });
  });
});

describe('runLimited', () => {
  it('runs every task with at most `limit` at once', async () => {
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    await runLimited([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      done.push(n);
      running -= 1;
    });
    expect(peak).toBe(3);
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});
