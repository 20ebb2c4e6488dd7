import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { renderPop as renderShared } from '../test/render-pop';
import { installFetchMock, type FetchMock } from '@/test/fetch-mock';
import type { LiveCall } from '../live-call-api';
import { callStage, queueLabel } from './live-call-page';

vi.setConfig({ testTimeout: 30_000 });

const CONTACT = '5ca32fbd-8f92-46af-92a5-6b0f970f0efe';

function liveCall(overrides: Partial<LiveCall> = {}): LiveCall {
  return {
    id: 'call_1',
    leadId: null,
    contactId: CONTACT,
    direction: 'inbound',
    customerNumber: '+15125550134',
    startedAt: '2026-12-07T15:00:00.000Z',
    queue: 'Claims intake',
    recording: null,
    attributes: { claimType: 'hail' },
    createdAt: '2026-12-07T15:00:00.000Z',
    updatedAt: '2026-12-07T15:00:00.000Z',
    version: 1,
    ...overrides,
  } as LiveCall;
}

function renderPop(path: string) {
  return renderShared([path]);
}

describe('LiveCallPage', () => {
  let fetchMock: FetchMock;
  beforeEach(() => {
    fetchMock = installFetchMock();
  });

  it('waits for the first event, then shows the live call and opens its lead', async () => {
    let answer: LiveCall[] = [];
    fetchMock.on('GET', '/api/v1/calls', () => ({ body: { items: answer, nextCursor: null } }));
    renderPop(`/screen-pop?contactId=${CONTACT}`);
    expect(await screen.findByRole('status', { name: 'Waiting for the call' })).toBeInTheDocument();
    expect(new URL(fetchMock.callsTo('/api/v1/calls')[0]!.url).searchParams.get('contactId')).toBe(CONTACT);
    answer = [liveCall({ leadId: 'lead_1', connectedAt: '2026-12-07T15:00:20.000Z', agent: 'alice', otherLeadIds: ['lead_2'] })];
    const card = await screen.findByRole('region', { name: 'Live call' }, { timeout: 5000 });
    expect(card).toHaveTextContent('From (512) 555-0134');
    expect(card).toHaveTextContent('Connected');
    expect(card).toHaveTextContent('Claims intake');
    expect(card).toHaveTextContent('claimType: hail');
    expect(screen.getByText(/1 more lead has this number/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('link', { name: 'Open the lead' }));
    expect(await screen.findByRole('heading', { name: 'Lead page' })).toBeInTheDocument();
  });

  it('offers the number lookup when no lead has it', async () => {
    fetchMock.on('GET', '/api/v1/calls', { body: { items: [liveCall()], nextCursor: null } });
    renderPop(`/screen-pop?contactId=${CONTACT}`);
    const lookup = await screen.findByRole('link', { name: 'Look up (512) 555-0134' });
    expect(lookup).toHaveAttribute('href', '/screen-pop?phone=%2B15125550134');
    expect(screen.getByText('Ringing or queued')).toBeInTheDocument();
  });

  it('names a queue known only by its ARN by its id', () => {
    expect(queueLabel('Claims intake')).toBe('Claims intake');
    expect(queueLabel('arn:aws:connect:us-east-1:1:instance/i/queue/q1')).toBe('Queue q1');
    expect(queueLabel('arn:aws:connect:us-east-1:1:instance/i/queue/af6342c3-1111-2222')).toBe('Queue af6342c3…');
    expect(queueLabel(undefined)).toBeUndefined();
  });

  it('names each stage of a call', () => {
    expect(callStage(liveCall()).label).toBe('Ringing or queued');
    expect(callStage(liveCall({ direction: 'outbound' })).label).toBe('Dialing');
    expect(callStage(liveCall({ connectedAt: '2026-12-07T15:00:20.000Z' })).label).toBe('Connected');
    expect(callStage(liveCall({ connectedAt: 'x', endedAt: '2026-12-07T15:05:00.000Z' })).label).toBe('Ended');
  });
});
