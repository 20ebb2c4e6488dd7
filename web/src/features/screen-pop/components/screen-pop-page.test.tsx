import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { renderPop as renderShared } from '../test/render-pop';
import { installFetchMock, problem, type FetchMock } from '@/test/fetch-mock';

function lead(id: string, first: string, last: string, updatedAt: string) {
  return {
    id,
    firstName: first,
    lastName: last,
    phones: [{ number: '(512) 555-0134', e164: '+15125550134', type: 'mobile' }],
    address: { line1: '4817 Ridgeview Dr', city: 'Austin', state: 'TX', postalCode: '78745' },
    status: 'lor_signed',
    assignedTo: 'usr_alice',
    legalHold: false,
    deadlines: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    createdBy: 'usr_alice',
    updatedAt,
    version: 3,
  };
}

function renderPop(path: string) {
  return renderShared(['/deadlines', path]);
}

function lookups(fetchMock: FetchMock) {
  return fetchMock.callsTo('/api/v1/leads/lookup').map((c) => new URL(c.url).searchParams.get('phone'));
}

describe('ScreenPopPage', () => {
  let fetchMock: FetchMock;

  beforeEach(() => {
    fetchMock = installFetchMock();
  });

  it('opens the one matching lead, replacing the screen pop in history', async () => {
    fetchMock.on('GET', '/api/v1/leads/lookup', {
      body: { items: [lead('lead_1', 'Maria', 'Gonzalez', '2026-01-02T00:00:00.000Z')] },
    });
    // The softphone sent the + unencoded: it arrives as a space.
    const { router } = renderPop('/screen-pop?phone=+15125550134');
    expect(await screen.findByRole('heading', { name: 'Lead page' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/leads/lead_1');
    expect(lookups(fetchMock)).toEqual(['+15125550134']);
    expect(router.state.historyAction).toBe('REPLACE');
    // Back goes to where the user was before the pop, not to the pop again.
    await router.navigate(-1);
    expect(router.state.location.pathname).toBe('/deadlines');
  });

  it('lists several matches to choose from, newest first', async () => {
    fetchMock.on('GET', '/api/v1/leads/lookup', {
      body: {
        items: [
          lead('lead_1', 'Maria', 'Gonzalez', '2026-01-02T00:00:00.000Z'),
          lead('lead_2', 'Jose', 'Gonzalez', '2026-03-02T00:00:00.000Z'),
        ],
      },
    });
    renderPop('/screen-pop?phone=512-555-0134');
    expect(await screen.findByRole('heading', { name: '2 leads with this number' })).toBeInTheDocument();
    const links = screen.getAllByRole('link', { name: /Gonzalez/ });
    expect(links.map((l) => l.getAttribute('href'))).toEqual(['/leads/lead_2', '/leads/lead_1']);
    expect(links[0]).toHaveTextContent('LOR signed');
    expect(links[0]).toHaveTextContent('4817 Ridgeview Dr, Austin, TX 78745');
    expect(links[0]).toHaveTextContent('Assigned to you');
    expect(screen.getByText('From (512) 555-0134')).toBeInTheDocument();
  });

  it('offers to create a lead when none matches, with the button focused', async () => {
    const user = userEvent.setup();
    fetchMock.on('GET', '/api/v1/leads/lookup', { body: { items: [] } });
    const { router } = renderPop('/screen-pop?phone=%2B15125550134');
    expect(await screen.findByRole('heading', { name: 'No lead with this number' })).toBeInTheDocument();
    const create = screen.getByRole('link', { name: 'Create a lead for (512) 555-0134' });
    expect(create).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('heading', { name: 'Leads page' })).toBeInTheDocument();
    expect(router.state.location.search).toBe('?new=1&phone=%2B15125550134');
  });

  it('explains a missing number and looks one up by hand', async () => {
    const user = userEvent.setup();
    fetchMock.on('GET', '/api/v1/leads/lookup', { body: { items: [] } });
    renderPop('/screen-pop');
    expect(await screen.findByRole('heading', { name: 'No phone number to look up' })).toBeInTheDocument();
    expect(fetchMock.callsTo('/api/v1/leads/lookup')).toHaveLength(0);
    await user.type(screen.getByLabelText('Phone number'), '512 555 0199');
    await user.click(screen.getByRole('button', { name: 'Look up' }));
    expect(await screen.findByRole('heading', { name: 'No lead with this number' })).toBeInTheDocument();
    expect(lookups(fetchMock)).toEqual(['512 555 0199']);
  });

  it('says so when the server does not take it for a phone number', async () => {
    fetchMock.on(
      'GET',
      '/api/v1/leads/lookup',
      problem(400, 'One or more fields are invalid.', [{ field: 'phone', message: 'is not a phone number' }]),
    );
    renderPop('/screen-pop?phone=12-34');
    expect(await screen.findByRole('alert')).toHaveTextContent('“12-34” is not a phone number.');
    expect(screen.getByLabelText('Phone number')).toHaveValue('12-34');
  });

  it('does not ask the server about text without a digit', async () => {
    renderPop('/screen-pop?phone=hello');
    expect(await screen.findByRole('alert')).toHaveTextContent('“hello” is not a phone number.');
    expect(fetchMock.callsTo('/api/v1/leads/lookup')).toHaveLength(0);
  });
});
