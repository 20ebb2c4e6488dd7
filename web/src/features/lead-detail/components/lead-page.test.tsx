import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '@/lib/api-schema';
import { toSessionTokens } from '@/lib/api-schema';
import type { Lead } from '@/lib/leads-api';
import { TokenManager } from '@/lib/token-manager';
import { installFetchMock, jsonResponse, problem, type FetchMock } from '@/test/fetch-mock';
import { renderRoutes } from '@/test/render';
import { tokenReply } from '@/test/tokens';
import { ADMIN_ID, LEAD_ID, makeLead } from '../test/fixtures';
import { LeadPage } from './lead-page';

// Whole-page tests under MUI and jsdom are slow on a shared two-core machine.
vi.setConfig({ testTimeout: 45_000 });

const LEAD_PATH = `/api/v1/leads/${LEAD_ID}`;
const USERS = [
  { id: ADMIN_ID, username: 'admin', groups: ['admin'], enabled: true },
  { id: 'usr_alex', username: 'alex', groups: ['agent'], enabled: true },
  { id: 'usr_bea', username: 'bea', groups: ['agent'], enabled: true },
];

function renderPage({ groups = ['admin'] as Role[], sub = ADMIN_ID, username = 'admin' } = {}) {
  const tokenManager = new TokenManager({ locks: null });
  tokenManager.setTokens(toSessionTokens(tokenReply({ username, sub, groups }))!);
  return renderRoutes(
    [
      { path: '/leads/:id', Component: LeadPage },
      { path: '/leads', element: <p>The leads list</p> },
    ],
    [`/leads/${LEAD_ID}`],
    {
      tokenManager,
      auth: { status: 'authenticated', user: tokenManager.getUser(), expiresAt: tokenManager.getExpiresAt() },
    },
  );
}

describe('LeadPage', () => {
  let fetchMock: FetchMock;
  let lead: Lead;

  beforeEach(() => {
    lead = makeLead();
    fetchMock = installFetchMock();
    fetchMock
      .on('GET', LEAD_PATH, () => jsonResponse(200, lead, { ETag: `"${lead.version}"` }))
      .on('GET', `${LEAD_PATH}/activity`, {
        body: {
          items: [
            { id: 'act_2', leadId: LEAD_ID, at: '2025-06-09T19:03:44.207Z', actor: ADMIN_ID, type: 'note', text: 'Spoke with Maria.' },
            { id: 'act_1', leadId: LEAD_ID, at: '2025-06-02T16:20:31.512Z', actor: ADMIN_ID, type: 'created', status: 'new' },
          ],
          nextCursor: null,
        },
      })
      .on('GET', '/api/v1/users/directory', { body: { items: USERS, nextCursor: null } });
  });

  it('shows the lead: header, stage, fields and activity', async () => {
    renderPage();
    expect(await screen.findByRole('heading', { level: 1, name: 'Maria Gonzalez' })).toBeInTheDocument();
    expect(screen.getByText('LOR signed', { selector: '.MuiStepLabel-label *, .MuiStepLabel-label' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'maria.gonzalez@example.com' })).toHaveAttribute('href', 'mailto:maria.gonzalez@example.com');
    expect(screen.getByText('$2,500.00')).toBeInTheDocument();
    expect(await screen.findByText('Spoke with Maria.')).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Assignee' })).toHaveValue('admin (me)');
    expect(screen.getByRole('switch', { name: 'Legal hold' })).not.toBeChecked();
  });

  it('marks a phone a call found to be a wrong number', async () => {
    lead = makeLead();
    lead.phones = [
      { number: '(512) 555-0134', e164: '+15125550134', type: 'mobile', wrongNumber: true },
      { number: '(512) 555-0135', e164: '+15125550135', type: 'home' },
    ];
    renderPage();
    const wrong = await screen.findByRole('link', { name: '(512) 555-0134' });
    expect(within(wrong.closest('li')!).getByText('Wrong number')).toBeInTheDocument();
    const fine = screen.getByRole('link', { name: '(512) 555-0135' });
    expect(within(fine.closest('li')!).queryByText('Wrong number')).not.toBeInTheDocument();
  });

  it('tells an agent the lead does not exist or is not theirs (404)', async () => {
    fetchMock.on('GET', LEAD_PATH, problem(404, 'The resource does not exist.'));
    renderPage({ groups: ['agent'], sub: 'usr_alex', username: 'alex' });
    expect(await screen.findByRole('heading', { name: 'This lead does not exist or is not yours' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Go to leads' })).toHaveAttribute('href', '/leads');
  });

  it('gives an agent no backward moves, no reassigning, no legal hold, and no user list', async () => {
    lead = makeLead({ assignedTo: 'usr_alex' });
    renderPage({ groups: ['agent'], sub: 'usr_alex', username: 'alex' });
    await screen.findByRole('heading', { level: 1, name: 'Maria Gonzalez' });
    expect(screen.queryByRole('button', { name: /^Move back to/ })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Move to Claim filed' })).toBeInTheDocument();
    expect(screen.queryByRole('combobox', { name: 'Assignee' })).not.toBeInTheDocument();
    expect(screen.getByText('alex')).toBeInTheDocument();
    expect(screen.queryByRole('switch', { name: 'Legal hold' })).not.toBeInTheDocument();
    expect(fetchMock.callsTo('/api/v1/users/directory')).toHaveLength(0);
  });

  it('offers a manager the backward moves', async () => {
    renderPage({ groups: ['manager'], sub: 'usr_mona', username: 'mona' });
    await screen.findByRole('heading', { level: 1, name: 'Maria Gonzalez' });
    expect(screen.getByRole('button', { name: 'Move back to Qualified' })).toBeInTheDocument();
  });

  it('saves a group as a merge patch with If-Match and puts field errors on their inputs', async () => {
    const user = userEvent.setup();
    fetchMock.sequence('PATCH', LEAD_PATH, [
      problem(400, 'One or more fields are invalid.', [
        { field: 'email', message: 'must be an email address such as name@example.com' },
        { field: 'phones[0].number', message: 'is not a phone number' },
      ]),
      () => {
        lead = makeLead({ email: 'maria@example.com', version: 8 });
        return jsonResponse(200, lead);
      },
    ]);
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'Edit contact' }));
    const form = screen.getByRole('form', { name: 'Edit contact' });
    const email = within(form).getByRole('textbox', { name: 'Email' });
    await user.clear(email);
    await user.type(email, 'maria@example');
    await user.click(within(form).getByRole('button', { name: 'Save' }));

    expect(await within(form).findByText('must be an email address such as name@example.com')).toBeInTheDocument();
    expect(email).toHaveAccessibleDescription('must be an email address such as name@example.com');
    expect(within(form).getByRole('textbox', { name: 'Phone 1' })).toHaveAccessibleDescription('is not a phone number');
    const first = fetchMock.callsTo(LEAD_PATH, 'PATCH')[0]!;
    expect(first.body).toEqual({ email: 'maria@example' });
    expect(first.headers.get('If-Match')).toBe('"7"');
    expect(first.headers.get('Content-Type')).toBe('application/merge-patch+json');

    await user.clear(email);
    await user.type(email, 'maria@example.com');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Contact saved.')).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'Edit contact' })).not.toBeInTheDocument();
  });

  it('edits money in dollars and sends cents', async () => {
    const user = userEvent.setup();
    fetchMock.on('PATCH', LEAD_PATH, () => jsonResponse(200, lead));
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'Edit money' }));
    const form = screen.getByRole('form', { name: 'Edit money' });
    await user.type(within(form).getByRole('textbox', { name: 'Carrier estimate' }), '14,620.50');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(fetchMock.callsTo(LEAD_PATH, 'PATCH')).toHaveLength(1));
    expect(fetchMock.callsTo(LEAD_PATH, 'PATCH')[0]!.body).toEqual({ claim: { carrierEstimateCents: 1462050 } });
  });

  it('on 412 keeps the edits, shows what changed on the server, and overwrites with the new version', async () => {
    const user = userEvent.setup();
    fetchMock.sequence('PATCH', LEAD_PATH, [
      () => {
        // Someone else saved meanwhile.
        lead = makeLead({ email: 'maria.g@work.example', source: 'Referral', version: 9 });
        return problem(412, 'The lead changed since version 7; it is now at version 9.');
      },
      () => {
        lead = makeLead({ email: 'maria@home.example', source: 'Referral', version: 10 });
        return jsonResponse(200, lead);
      },
    ]);
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'Edit contact' }));
    const form = screen.getByRole('form', { name: 'Edit contact' });
    const email = within(form).getByRole('textbox', { name: 'Email' });
    await user.clear(email);
    await user.type(email, 'maria@home.example');
    await user.click(within(form).getByRole('button', { name: 'Save' }));

    const dialog = await screen.findByRole('dialog', { name: 'Someone else changed this lead' });
    const rows = within(dialog).getAllByRole('row');
    expect(rows.map((r) => r.textContent)).toEqual([
      'FieldWhen you startedOn the server nowYour edit',
      'Emailmaria.gonzalez@example.commaria.g@work.examplemaria@home.example',
      'Lead sourceStorm canvassReferral—',
    ]);
    expect(within(dialog).getByText(/One field you edited was also changed/)).toBeInTheDocument();
    expect(email).toHaveValue('maria@home.example');

    await user.click(within(dialog).getByRole('button', { name: 'Overwrite with mine' }));
    expect(await screen.findByText('Contact saved.')).toBeInTheDocument();
    const second = fetchMock.callsTo(LEAD_PATH, 'PATCH')[1]!;
    expect(second.headers.get('If-Match')).toBe('"9"');
    expect(second.body).toEqual({ email: 'maria@home.example' });
  });

  it('on 412 can reload the server version and discard the edits', async () => {
    const user = userEvent.setup();
    fetchMock.on('PATCH', LEAD_PATH, () => {
      lead = makeLead({ email: 'maria.g@work.example', version: 9 });
      return problem(412, 'The lead changed since version 7; it is now at version 9.');
    });
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'Edit contact' }));
    const form = screen.getByRole('form', { name: 'Edit contact' });
    await user.clear(within(form).getByRole('textbox', { name: 'Email' }));
    await user.type(within(form).getByRole('textbox', { name: 'Email' }), 'maria@home.example');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    const dialog = await screen.findByRole('dialog', { name: 'Someone else changed this lead' });
    await user.click(within(dialog).getByRole('button', { name: 'Reload (discard mine)' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.queryByRole('form', { name: 'Edit contact' })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'maria.g@work.example' })).toBeInTheDocument();
    expect(fetchMock.callsTo(LEAD_PATH, 'PATCH')).toHaveLength(1);
  });

  it('shows the stage gate refusal under the stepper, naming the missing documents', async () => {
    const user = userEvent.setup();
    fetchMock.on('PATCH', LEAD_PATH, () =>
      jsonResponse(409, {
        type: 'about:blank',
        title: 'Conflict',
        status: 409,
        detail: 'A lead enters "claim_filed" only with an available lor document and an available policy or declarations_page document; missing: a lor document and a policy or declarations_page document.',
        errors: [{ field: 'status', message: 'A lead enters "claim_filed" only with …' }],
        missingDocuments: ['lor', 'policy or declarations_page'],
      }),
    );
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'Move to Claim filed' }));
    const confirm = screen.getByRole('dialog', { name: 'Move to Claim filed?' });
    await user.click(within(confirm).getByRole('button', { name: 'Move' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent("Can't move to Claim filed yet");
    expect(within(alert).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'a signed letter of representation (LOR)',
      'the policy or its declarations page',
    ]);
    const call = fetchMock.callsTo(LEAD_PATH, 'PATCH')[0]!;
    expect(call.body).toEqual({ status: 'claim_filed' });
    expect(call.headers.get('If-Match')).toBe('"7"');
  });

  it('marks lost and reopens through confirmations', async () => {
    const user = userEvent.setup();
    fetchMock.on('PATCH', LEAD_PATH, (call) => {
      lead = makeLead({ ...(call.body as object), version: lead.version + 1 });
      return jsonResponse(200, lead);
    });
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'Mark lost' }));
    await user.click(within(screen.getByRole('dialog', { name: 'Mark this lead lost?' })).getByRole('button', { name: 'Mark lost' }));
    expect(await screen.findByText('This lead is lost. Reopening puts it back at Contacted.')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await user.click(screen.getByRole('button', { name: 'Reopen' }));
    await user.click(within(screen.getByRole('dialog', { name: 'Reopen this lead?' })).getByRole('button', { name: 'Reopen' }));
    await waitFor(() => expect(fetchMock.callsTo(LEAD_PATH, 'PATCH')).toHaveLength(2));
    expect(fetchMock.callsTo(LEAD_PATH, 'PATCH').map((c) => c.body)).toEqual([{ status: 'lost' }, { status: 'contacted' }]);
    expect(fetchMock.callsTo(LEAD_PATH, 'PATCH')[1]!.headers.get('If-Match')).toBe('"8"');
  });

  it('warns before leaving with unsaved edits', async () => {
    const user = userEvent.setup();
    const { router } = renderPage();
    await user.click(await screen.findByRole('button', { name: 'Edit property address' }));
    await user.type(screen.getByRole('textbox', { name: 'City' }), ' North');
    await user.click(screen.getByRole('link', { name: 'Leads' }));
    const dialog = await screen.findByRole('dialog', { name: 'Leave without saving?' });
    expect(dialog).toHaveTextContent('Your edits to property address are not saved.');
    await user.click(within(dialog).getByRole('button', { name: 'Stay' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(router.state.location.pathname).toBe(`/leads/${LEAD_ID}`);
    expect(screen.getByRole('textbox', { name: 'City' })).toHaveValue('Austin North');
    await user.click(screen.getByRole('link', { name: 'Leads' }));
    await user.click(within(await screen.findByRole('dialog', { name: 'Leave without saving?' })).getByRole('button', { name: 'Leave' }));
    expect(await screen.findByText('The leads list')).toBeInTheDocument();
  });

  it('reassigns (admins) and adds a tag, each with If-Match', async () => {
    const user = userEvent.setup();
    fetchMock.on('PATCH', LEAD_PATH, (call) => {
      lead = makeLead({ ...lead, ...(call.body as object), version: lead.version + 1 });
      return jsonResponse(200, lead);
    });
    renderPage();
    await user.click(await screen.findByRole('combobox', { name: 'Assignee' }));
    await user.click(await screen.findByRole('option', { name: 'bea' }));
    expect(await screen.findByText('Assigned to bea.')).toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: 'Add a tag (Enter adds it)' }), 'storm{Enter}');
    await waitFor(() => expect(fetchMock.callsTo(LEAD_PATH, 'PATCH')).toHaveLength(2));
    const [assign, tag] = fetchMock.callsTo(LEAD_PATH, 'PATCH');
    expect(assign!.body).toEqual({ assignedTo: 'usr_bea' });
    expect(tag!.body).toEqual({ tags: ['hail-2025', 'roof', 'storm'] });
    expect(tag!.headers.get('If-Match')).toBe('"8"');
  });

  it('shows why a delete is refused (legal hold)', async () => {
    const user = userEvent.setup();
    fetchMock.on('DELETE', LEAD_PATH, problem(409, 'The lead is under legal hold and cannot be deleted.'));
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'Delete' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete this lead?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('The lead is under legal hold and cannot be deleted.');
  });

  it('lets an admin restore a deleted lead, read-only meanwhile', async () => {
    const user = userEvent.setup();
    lead = makeLead({ deletedAt: '2025-06-10T10:00:00.000Z' });
    fetchMock.on('POST', `${LEAD_PATH}/restore`, () => {
      lead = makeLead({ version: 9 });
      return jsonResponse(200, lead);
    });
    renderPage();
    expect(await screen.findByText(/This lead was deleted/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Edit contact' })).not.toBeInTheDocument();
    expect(screen.getByText('Hidden while the lead is deleted')).toBeInTheDocument();
    expect(fetchMock.callsTo(`${LEAD_PATH}/activity`)).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Restore' }));
    expect(await screen.findByText('Maria Gonzalez was restored.')).toBeInTheDocument();
    expect(await screen.findByRole('button', { name: 'Edit contact' })).toBeInTheDocument();
  });

  it('adds a note from its tab', async () => {
    const user = userEvent.setup();
    fetchMock.on('POST', `${LEAD_PATH}/notes`, {
      status: 201,
      body: { type: 'note', text: 'x', leadId: LEAD_ID, actor: ADMIN_ID },
    });
    renderPage();
    await user.click(await screen.findByRole('tab', { name: 'Notes' }));
    expect(await screen.findByText('Spoke with Maria.')).toBeInTheDocument();
    expect(screen.queryByText(/created the lead/)).not.toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: 'New note' }), 'Adjuster visit on Friday.');
    await user.click(screen.getByRole('button', { name: 'Add note' }));
    expect(await screen.findByText('Note added.')).toBeInTheDocument();
    expect(fetchMock.callsTo(`${LEAD_PATH}/notes`)[0]!.body).toEqual({ text: 'Adjuster visit on Friday.' });
    expect(screen.getByRole('textbox', { name: 'New note' })).toHaveValue('');
  });

  it('adds a deadline from its tab', async () => {
    const user = userEvent.setup();
    fetchMock.on('POST', `${LEAD_PATH}/deadlines`, (call) => {
        lead = makeLead({ deadlines: [{ id: 'dl_1', ...(call.body as { kind: 'follow_up'; dueAt: string }) }], version: 8 });
        return jsonResponse(201, lead);
      });
    renderPage();
    await user.click(await screen.findByRole('tab', { name: 'Deadlines' }));
    const date = screen.getByLabelText(/Due date/);
    await user.clear(date);
    await user.type(date, '2031-03-14');
    await user.click(screen.getByRole('button', { name: 'Add deadline' }));
    await waitFor(() => expect(fetchMock.callsTo(`${LEAD_PATH}/deadlines`)).toHaveLength(1));
    const body = fetchMock.callsTo(`${LEAD_PATH}/deadlines`)[0]!.body as { kind: string; dueAt: string };
    expect(body.kind).toBe('follow_up');
    expect(new Date(body.dueAt).getTime()).toBe(new Date('2031-03-14T09:00').getTime());
    expect(await screen.findByRole('checkbox', { name: /Mark Follow-up due .* done/ })).toBeInTheDocument();
  });
});
