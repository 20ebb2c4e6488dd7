// Calls in the browser: an agent logs a call on the lead's Calls tab with a callback, sees the
// follow-up deadline appear and the call in the timeline; setting "appointment set" moves the
// lead to Inspection scheduled at once; a call the contact center delivered shows with its
// queue and agent; another agent sees none of it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  api,
  createUser,
  newSession,
  panelShot,
  seriousViolations,
  shot,
  signIn,
  tokenFor,
  useServerAndBrowser,
} from './harness.mjs';

const suite = useServerAndBrowser();

/** POST one contact trace record with the ingest key, as Connect's forwarder would. */
async function postCtr(serverUrl, key, record) {
  const reply = await fetch(`${serverUrl}/api/v1/integrations/connect/ctr`, {
    method: 'POST',
    headers: { 'X-Api-Key': key, 'Content-Type': 'application/json' },
    body: JSON.stringify({ Channel: 'VOICE', InitiationMethod: 'INBOUND', ...record }),
  });
  assert.equal(reply.status, 200);
}

test('log a call with a callback, set an appointment, see contact center calls; others see nothing', async () => {
  const { server, browser, admin } = suite;
  const agent = await createUser(server.url, admin, 'agent.cole', 'agent');
  const other = await createUser(server.url, admin, 'agent.dee', 'agent');
  const agentToken = await tokenFor(server.url, agent.username, agent.password);
  const created = await api(server.url, 'POST', '/api/v1/leads', {
    token: agentToken,
    body: { firstName: 'Carla', lastName: 'Caller', phones: [{ number: '(512) 555-0161' }] },
  });
  assert.equal(created.status, 201);
  const leadId = created.json.id;

  // A call the contact center delivered (its CTR), matched to the lead by its number.
  const key = await api(server.url, 'POST', '/api/v1/api-keys', {
    token: admin,
    body: { name: 'Connect', scopes: ['connect:ingest'] },
  });
  assert.equal(key.status, 201);
  await postCtr(server.url, key.json.secret, {
    ContactId: 'e2e-contact-1',
    InitiationTimestamp: '2026-12-01T15:00:00Z',
    DisconnectTimestamp: '2026-12-01T15:03:05Z',
    LastUpdateTimestamp: '2026-12-01T15:04:00Z',
    CustomerEndpoint: { Address: '+15125550161', Type: 'TELEPHONE_NUMBER' },
    Agent: { Username: agent.username, ConnectedToAgentTimestamp: '2026-12-01T15:00:20Z' },
    Queue: { Name: 'Claims intake' },
  });

  const { page, problems } = await newSession(browser, server.url);
  await signIn(page, agent.username, agent.password);
  await page.goto(`/leads/${leadId}?tab=calls`);
  const rows = page.getByRole('tabpanel').getByRole('listitem');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 1);
  assert.match(await rows.first().textContent(), /From \+15125550161.*3:05.*Claims intake/);

  // Log a call: outbound, the lead's number, a callback tomorrow.
  await page.getByRole('button', { name: 'Log a call' }).click();
  const dialog = page.getByRole('dialog', { name: 'Log a call' });
  assert.equal(await dialog.getByRole('textbox', { name: 'Number' }).inputValue(), '(512) 555-0161');
  await dialog.getByRole('combobox', { name: 'Disposition' }).click();
  await page.getByRole('option', { name: 'Call back' }).click();
  const tomorrow = new Date(Date.now() + 24 * 3600 * 1000);
  const local = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}T10:30`;
  await dialog.getByLabel('Call back at').fill(local);
  await dialog.getByLabel('Notes').fill('Wants the adjuster at the inspection.');
  await shot(page, 'calls-01-log-dialog');
  await dialog.getByRole('button', { name: 'Log call' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByRole('tabpanel').getByText('Wants the adjuster at the inspection.').waitFor();
  assert.equal(await rows.count(), 2);
  assert.deepEqual(await seriousViolations(page), []);
  await panelShot(page, 'calls-02-list');
  // The follow-up deadline is there at once.
  await page.getByRole('tab', { name: /Deadlines/ }).click();
  await page.getByRole('tabpanel').getByText('Follow-up').first().waitFor();

  // appointment_set on the contact center's call: the stepper moves to Inspection scheduled.
  await page.getByRole('tab', { name: 'Calls' }).click();
  await rows.nth(1).getByRole('button', { name: /Update the call/ }).click();
  const update = page.getByRole('dialog', { name: 'Update the call' });
  await update.getByRole('combobox', { name: 'Disposition' }).click();
  await page.getByRole('option', { name: 'Appointment set' }).click();
  await update.getByRole('button', { name: 'Save' }).click();
  await update.waitFor({ state: 'hidden' });
  const lead = await api(server.url, 'GET', `/api/v1/leads/${leadId}`, { token: agentToken });
  assert.equal(lead.json.status, 'inspection_scheduled');
  await page.getByRole('tab', { name: 'Activity' }).click();
  await page.getByRole('tabpanel').getByText(/logged an outbound call to/).first().waitFor();
  await panelShot(page, 'calls-03-timeline');
  assert.deepEqual(problems, []);

  // Dark theme.
  const dark = await newSession(browser, server.url, { colorScheme: 'dark' });
  await signIn(dark.page, agent.username, agent.password);
  await dark.page.goto(`/leads/${leadId}?tab=calls`);
  await dark.page.getByRole('tabpanel').getByRole('listitem').first().waitFor();
  await panelShot(dark.page, 'calls-04-dark');

  // A manager's calls page: a call from a number no lead has, given a lead made from it.
  await postCtr(server.url, key.json.secret, {
    ContactId: 'e2e-contact-2',
    InitiationTimestamp: '2026-12-02T09:00:00Z',
    DisconnectTimestamp: '2026-12-02T09:01:10Z',
    LastUpdateTimestamp: '2026-12-02T09:02:00Z',
    CustomerEndpoint: { Address: '+15125550188', Type: 'TELEPHONE_NUMBER' },
    Queue: { Name: 'Claims intake' },
  });
  const manager = await createUser(server.url, admin, 'manager.moe', 'manager');
  const desk = await newSession(browser, server.url);
  await signIn(desk.page, manager.username, manager.password);
  await desk.page.goto('/calls');
  await desk.page.getByRole('table', { name: 'Calls' }).waitFor();
  await desk.page.getByRole('link', { name: 'Open lead' }).first().waitFor();
  await desk.page.getByRole('switch', { name: 'Only calls without a lead' }).click();
  // The filtered list has come when the matched calls are gone.
  await desk.page.getByRole('link', { name: 'Open lead' }).first().waitFor({ state: 'detached' });
  assert.equal(await desk.page.getByRole('table', { name: 'Calls' }).getByRole('row').count(), 2);
  assert.deepEqual(await seriousViolations(desk.page), []);
  await shot(desk.page, 'calls-05-unmatched');
  await desk.page.getByRole('button', { name: 'Create lead' }).first().click();
  await desk.page.waitForURL(/\/leads\/lead_/);
  assert.deepEqual(desk.problems, []);

  // Another agent: the lead's calls do not exist for them.
  const otherToken = await tokenFor(server.url, other.username, other.password);
  const theirs = await api(server.url, 'GET', `/api/v1/leads/${leadId}/calls`, { token: otherToken });
  assert.equal(theirs.status, 404);
  const listed = await api(server.url, 'GET', '/api/v1/calls', { token: otherToken });
  assert.equal(listed.json.items.length, 0);
});
