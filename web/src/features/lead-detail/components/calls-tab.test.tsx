import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { toSessionTokens } from '@/lib/api-schema';
import { TokenManager } from '@/lib/token-manager';
import { installFetchMock, jsonResponse, problem, type FetchMock } from '@/test/fetch-mock';
import { renderRoutes } from '@/test/render';
import { tokenReply } from '@/test/tokens';
import type { LeadCall } from '../calls-api';
import { ADMIN_ID, LEAD_ID, makeLead } from '../test/fixtures';
import { CallsTab } from './calls-tab';

vi.setConfig({ testTimeout: 45_000 });

const LIST = `/api/v1/leads/${LEAD_ID}/calls`;

function call(overrides: Partial<LeadCall>): LeadCall {
  return {
    id: 'call_01jdb3k9m2q7r4s8t6v5w3x2y1',
    leadId: LEAD_ID,
    direction: 'inbound',
    customerNumber: '+15125550134',
    startedAt: '2025-06-09T19:03:44.207Z',
    durationSeconds: 270,
    agent: 'alex',
    recording: null,
    attributes: {},
    createdAt: '2025-06-09T19:03:44.207Z',
    updatedAt: '2025-06-09T19:03:44.207Z',
    version: 1,
    ...overrides,
  } as LeadCall;
}

function renderTab({ readOnly = false } = {}) {
  const tokenManager = new TokenManager({ locks: null });
  tokenManager.setTokens(toSessionTokens(tokenReply({ username: 'admin', sub: ADMIN_ID, groups: ['admin'] }))!);
  return renderRoutes([{ path: '/', element: <CallsTab lead={makeLead()} readOnly={readOnly} /> }], ['/'], {
    tokenManager,
    auth: { status: 'authenticated', user: tokenManager.getUser(), expiresAt: tokenManager.getExpiresAt() },
  });
}

describe('CallsTab', () => {
  let fetchMock: FetchMock;
  let calls: LeadCall[];

  beforeEach(() => {
    calls = [
      call({
        id: 'call_01jdb3k9m2q7r4s8t6v5w3x2y2',
        direction: 'outbound',
        disposition: 'callback',
        callbackAt: '2025-06-11T16:00:00.000Z',
        notes: 'Wants the adjuster there.',
        queue: 'Claims intake',
        recording: { status: 'available', key: 'connect/x/CallRecordings/c.wav' },
      }),
      call({}),
    ];
    fetchMock = installFetchMock();
    fetchMock.on('GET', LIST, () => jsonResponse(200, { items: calls }));
  });

  it('lists the calls with direction, length, agent, queue and disposition', async () => {
    renderTab();
    const items = await screen.findAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(within(items[0]!).getByRole('img', { name: 'Outbound' })).toBeInTheDocument();
    expect(items[0]).toHaveTextContent('To +15125550134');
    expect(items[0]).toHaveTextContent('Call back');
    expect(items[0]).toHaveTextContent('4:30 · alex · Claims intake');
    expect(items[0]).toHaveTextContent('Wants the adjuster there.');
    expect(items[1]).toHaveTextContent('From +15125550134');
    expect(items[1]).toHaveTextContent('No disposition');
  });

  it('shows an empty state, and nothing to change for a deleted lead', async () => {
    calls = [];
    renderTab({ readOnly: true });
    expect(await screen.findByText('No calls yet')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Log a call' })).not.toBeInTheDocument();
  });

  it('plays a recording through a fresh presigned URL', async () => {
    fetchMock.on('GET', `/api/v1/calls/${calls[0]!.id}/recording`, {
      body: { url: 'http://127.0.0.1:8080/s3/recordings/connect/x/CallRecordings/c.wav?X-Amz-Signature=ab', expiresAt: '2025-06-09T19:08:44Z' },
    });
    renderTab();
    await userEvent.click(await screen.findByRole('button', { name: 'Play recording' }));
    const player = await screen.findByLabelText('Call recording');
    expect(player).toHaveAttribute('src', expect.stringContaining('/s3/recordings/'));
    expect(screen.queryAllByRole('button', { name: 'Play recording' })).toHaveLength(0);
  });

  it('shows the transcript beside the player, following the playback, with a search', async () => {
    calls[0] = call({
      ...calls[0],
      analysis: { redacted: true, language: 'en-US', sentiment: { CUSTOMER: 1.2, AGENT: -1.5 }, categories: ['RoofDamage'], turns: 3, summary: 'Hail on the roof.' },
    });
    fetchMock.on('GET', `/api/v1/calls/${calls[0]!.id}/recording`, {
      body: { url: 'http://127.0.0.1:8080/s3/recordings/c.wav?X-Amz-Signature=ab', expiresAt: '2025-06-09T19:08:44Z' },
    });
    fetchMock.on('GET', `/api/v1/calls/${calls[0]!.id}/transcript`, {
      body: {
        redacted: true,
        sentiment: {},
        categories: [],
        turns: [
          { participant: 'AGENT', content: 'Claim Connectors, this is Dana.', beginMs: 0, endMs: 3000, sentiment: 'NEUTRAL' },
          { participant: 'CUSTOMER', content: 'Hail went through my roof.', beginMs: 3500, endMs: 8000, sentiment: 'NEGATIVE' },
          { participant: 'AGENT', content: 'An adjuster can see the roof Thursday.', beginMs: 8500, endMs: 12000, sentiment: 'POSITIVE' },
        ],
      },
    });
    renderTab();
    await userEvent.click(await screen.findByRole('button', { name: 'Play with transcript' }));
    const transcript = await screen.findByRole('list', { name: 'Transcript' });
    const turns = within(transcript).getAllByRole('listitem');
    expect(turns).toHaveLength(3);
    expect(turns[1]).toHaveTextContent('Customer · 0:03');
    expect(within(turns[1]!).getByRole('img', { name: 'Negative sentiment' })).toBeInTheDocument();
    expect(screen.getByText('Customer +1.2')).toBeInTheDocument();
    expect(screen.getByText('Agent −1.5')).toBeInTheDocument();
    expect(screen.getByText('RoofDamage')).toBeInTheDocument();
    expect(screen.getByText('Hail on the roof.')).toBeInTheDocument();

    const player = await screen.findByLabelText<HTMLAudioElement>('Call recording');
    Object.defineProperty(player, 'currentTime', { value: 9.2, configurable: true });
    fireEvent.timeUpdate(player);
    expect(turns[2]).toHaveAttribute('aria-current', 'true');
    expect(turns[0]).not.toHaveAttribute('aria-current');

    await userEvent.type(screen.getByRole('textbox', { name: 'Search the transcript' }), 'roof');
    expect(screen.getByText('2 turns mention “roof”')).toBeInTheDocument();
  });

  it('says when the recording was deleted under the retention rules', async () => {
    calls = [call({ recording: { status: 'expired', key: 'connect/x/CallRecordings/c.wav' } })];
    renderTab();
    expect(await screen.findByText('Recording deleted under the retention rules.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Play/ })).not.toBeInTheDocument();
  });

  it('logs a call, putting a refused field on its input', async () => {
    fetchMock.sequence('POST', '/api/v1/calls', [
      problem(400, 'One or more fields are invalid.', [{ field: 'customerNumber', message: 'is not a phone number' }]),
      () => jsonResponse(201, call({ id: 'call_01jdb3k9m2q7r4s8t6v5w3x2y9' })),
    ]);
    renderTab();
    await userEvent.click(await screen.findByRole('button', { name: 'Log a call' }));
    const dialog = await screen.findByRole('dialog', { name: 'Log a call' });
    const number = within(dialog).getByRole('textbox', { name: 'Number' });
    expect(number).toHaveValue('(512) 555-0134'); // the lead's first phone
    await userEvent.clear(number);
    await userEvent.type(number, 'nope');
    await userEvent.click(within(dialog).getByRole('combobox', { name: 'Disposition' }));
    await userEvent.click(await screen.findByRole('option', { name: 'Interested' }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Log call' }));
    expect(await within(dialog).findByText('is not a phone number')).toBeInTheDocument();
    await userEvent.clear(number);
    await userEvent.type(number, '512 555 0134');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Log call' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const sent = fetchMock.callsTo('/api/v1/calls', 'POST').at(-1)!;
    expect(sent.body).toMatchObject({
      leadId: LEAD_ID,
      direction: 'outbound',
      customerNumber: '512 555 0134',
      disposition: 'interested',
    });
  });

  it('sets a callback with its time, conditional on the version', async () => {
    fetchMock.on('PATCH', `/api/v1/calls/${calls[1]!.id}`, () => jsonResponse(200, call({ disposition: 'callback', version: 2 })));
    renderTab();
    const items = await screen.findAllByRole('listitem');
    await userEvent.click(within(items[1]!).getByRole('button', { name: /Update the call/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Update the call' });
    await userEvent.click(within(dialog).getByRole('combobox', { name: 'Disposition' }));
    await userEvent.click(await screen.findByRole('option', { name: 'Call back' }));
    const when = within(dialog).getByLabelText('Call back at');
    await userEvent.type(when, '2025-06-12T10:30');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const sent = fetchMock.callsTo(`/api/v1/calls/${calls[1]!.id}`, 'PATCH')[0]!;
    expect(sent.headers.get('if-match')).toBe('"1"');
    expect(sent.body).toMatchObject({ disposition: 'callback' });
    expect(typeof (sent.body as { callbackAt?: string }).callbackAt).toBe('string');
  });
});
