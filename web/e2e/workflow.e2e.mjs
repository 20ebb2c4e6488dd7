// An agent's day in the browser against the real server: a note and a deadline in the timeline,
// an edit that collides with another session's (the conflict dialog), a board move the stage
// gate refuses, a screen pop by another format of the number, an import with bad rows (dry run,
// progress, errors), an export, and the dashboard counting all of it. Then an admin adds an agent
// in the app, who signs in and cannot reach the first agent's lead by grid, search, URL or screen
// pop. Last, the main pages in dark mode. Every page passes axe without serious violations.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import {
  api,
  createUser,
  field,
  launchBrowser,
  newSession,
  seriousViolations,
  shot,
  signIn,
  startServer,
  tokenFor,
} from './harness.mjs';

const ADMIN_PASSWORD = 'e2e-admin-passphrase-long';
let server;
let browser;
let admin;
let amy;
let mona;
let rosa; // Amy's lead, at "LOR signed"

async function patchLead(token, id, body) {
  const current = await api(server.url, 'GET', `/api/v1/leads/${id}`, { token });
  assert.equal(current.status, 200, current.text);
  const reply = await api(server.url, 'PATCH', `/api/v1/leads/${id}`, {
    token,
    body,
    headers: { 'If-Match': `"${current.json.version}"`, 'Content-Type': 'application/merge-patch+json' },
  });
  assert.equal(reply.status, 200, reply.text);
  return reply.json;
}

const kpi = (page, key) => page.getByTestId(`kpi-${key}`);

before(async () => {
  server = await startServer({ adminPassword: ADMIN_PASSWORD });
  browser = await launchBrowser();
  admin = await tokenFor(server.url, 'admin', ADMIN_PASSWORD);
  amy = await createUser(server.url, admin, 'agent.amy', 'agent');
  mona = await createUser(server.url, admin, 'mona', 'manager');
  const created = await api(server.url, 'POST', '/api/v1/leads', {
    token: amy.token,
    body: {
      firstName: 'Rosa',
      lastName: 'Vega',
      email: 'rosa.vega@example.com',
      phones: [{ number: '(512) 555-0142', type: 'mobile' }],
      claim: { lossType: 'hail' },
    },
  });
  assert.equal(created.status, 201, created.text);
  rosa = await patchLead(amy.token, created.json.id, { status: 'lor_signed' });
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test("an agent's day: timeline, conflict, stage gate, screen pop, import, export, dashboard", async () => {
  const { context, page, problems } = await newSession(browser, server.url);
  await signIn(page, amy.username, amy.password);

  // A note and a deadline, both in the timeline.
  await page.goto(`/leads/${rosa.id}`);
  await page.getByRole('heading', { level: 1, name: 'Rosa Vega' }).waitFor();
  await page.getByRole('tab', { name: 'Notes' }).click();
  await field(page, 'New note').fill('Adjuster visit on Friday at 10.');
  await page.getByRole('button', { name: 'Add note' }).click();
  await page.getByText('Adjuster visit on Friday at 10.').first().waitFor();
  await page.getByRole('tab', { name: /^Deadlines/ }).click();
  const tomorrow = new Date(Date.now() + 86_400_000);
  const date = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}`;
  await field(page, 'Due date').fill(date);
  await field(page, 'Note').fill('Send the proof of loss');
  await page.getByRole('button', { name: 'Add deadline' }).click();
  await page.getByText('Send the proof of loss').first().waitFor();
  await page.getByRole('tab', { name: 'Activity' }).click();
  const timeline = page.getByRole('tabpanel');
  await timeline.getByText('Adjuster visit on Friday at 10.').waitFor();
  await timeline.getByText(/Send the proof of loss/).first().waitFor();
  assert.deepEqual(await seriousViolations(page), []);
  await shot(page, 'workflow-01-timeline');

  // An edit while someone else saved the lead: the conflict dialog, then "overwrite with mine".
  await page.getByRole('button', { name: 'Edit contact' }).click();
  const form = page.getByRole('form', { name: 'Edit contact' });
  await form.getByRole('textbox', { name: 'Email' }).fill('rosa@home.example');
  await patchLead(mona.token, rosa.id, { email: 'rosa.v@work.example' });
  await form.getByRole('button', { name: 'Save' }).click();
  const conflict = page.getByRole('dialog', { name: 'Someone else changed this lead' });
  await conflict.getByText('rosa.v@work.example').waitFor();
  assert.ok(await conflict.getByText('rosa@home.example').isVisible());
  assert.deepEqual(await seriousViolations(page), []);
  await shot(page, 'workflow-02-conflict');
  await conflict.getByRole('button', { name: 'Overwrite with mine' }).click();
  await page.getByText('Contact saved.').waitFor();
  const saved = await api(server.url, 'GET', `/api/v1/leads/${rosa.id}`, { token: amy.token });
  assert.equal(saved.json.email, 'rosa@home.example');

  // The board: dragging the card to "Claim filed" is refused by the stage gate and rolled back.
  await page.goto('/board');
  const column = (name) => page.locator(`[data-board-column="${name}"]`);
  const card = column('lor_signed').getByText('Rosa Vega');
  await card.waitFor();
  // The board scrolls sideways: bring the two columns into view (they are side by side).
  await column('claim_filed').scrollIntoViewIfNeeded();
  const from = await card.boundingBox();
  const to = await column('claim_filed').boundingBox();
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  for (let step = 1; step <= 12; step++) {
    await page.mouse.move(
      from.x + ((to.x + to.width / 2 - from.x) * step) / 12,
      from.y + from.height / 2 + ((to.y + 120 - from.y) * step) / 12,
    );
  }
  await page.mouse.up();
  const refusal = page.getByRole('alert').filter({ hasText: "Couldn't move Rosa Vega to Claim filed" });
  await refusal.waitFor();
  assert.match(await refusal.textContent(), /missing: a lor document/);
  await column('lor_signed').getByText('Rosa Vega').waitFor();
  assert.equal(await column('claim_filed').getByText('Rosa Vega').count(), 0);
  assert.deepEqual(await seriousViolations(page), []);
  await shot(page, 'workflow-03-board-stage-gate');
  const unmoved = await api(server.url, 'GET', `/api/v1/leads/${rosa.id}`, { token: amy.token });
  assert.equal(unmoved.json.status, 'lor_signed');

  // A softphone opens the screen pop with the number in E.164: the lead, stored as (512) …
  await page.goto('/screen-pop?phone=%2B15125550142');
  await page.waitForURL(new RegExp(`/leads/${rosa.id}$`));
  await page.getByRole('heading', { level: 1, name: 'Rosa Vega' }).waitFor();

  // Import: a dry run shows the bad row, then the import runs with progress to its summary.
  await page.goto('/leads/import');
  const csv = [
    'firstName,lastName,email,phone',
    'Omar,Haddad,omar.haddad@example.com,(737) 555-0101',
    'Lena,Park,lena.park@example.com,(737) 555-0102',
    'Bad,Row,not-an-email,(737) 555-0103',
  ].join('\n');
  await page.getByLabel('CSV file').setInputFiles({
    name: 'storm-week.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`${csv}\n`),
  });
  await page.getByRole('button', { name: 'Check file' }).click();
  await page.getByText('Dry run: nothing was written').waitFor({ timeout: 20000 });
  const errors = page.getByRole('table', { name: 'Rows with errors' });
  await errors.getByText('not-an-email').or(errors.getByText(/email/)).first().waitFor();
  assert.deepEqual(await seriousViolations(page), []);
  await shot(page, 'workflow-04-import-dry-run');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download errors as CSV' }).click();
  const errorsCsv = await readFile(await (await download).path(), 'utf8');
  assert.match(errorsCsv, /email/);
  await page.getByRole('button', { name: 'Import 2 leads' }).click();
  await page.getByText('Import finished', { exact: true }).waitFor({ timeout: 30000 });
  await page.getByText('Import finished: 2 created, 0 updated.').waitFor();
  await shot(page, 'workflow-05-import-finished');

  // Export: the file holds the agent's leads.
  await page.goto('/leads');
  await page.getByRole('grid', { name: 'Leads' }).getByText('Omar Haddad').waitFor();
  const exported = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const exportCsv = await readFile(await (await exported).path(), 'utf8');
  const lines = exportCsv.trim().split(/\r?\n/);
  assert.equal(lines.length, 4, exportCsv); // header + Rosa + the two imported
  assert.match(exportCsv, /Rosa/);
  assert.match(exportCsv, /Lena/);

  // The dashboard counts it all: three open leads, one deadline due tomorrow (none overdue).
  await page.goto('/');
  await page.getByText('My open leads').waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid="kpi-total"]')?.textContent === '3');
  assert.equal(await kpi(page, 'myOpenLeads').textContent(), '3');
  assert.equal(await kpi(page, 'overdue').textContent(), '0');
  assert.deepEqual(await seriousViolations(page), []);
  await shot(page, 'workflow-06-dashboard');
  assert.deepEqual(problems, []);
  await context.close();
});

test('an admin adds an agent in the app, who signs in and cannot reach another agent’s lead', async () => {
  const { context, page, problems } = await newSession(browser, server.url);
  await signIn(page, 'admin', ADMIN_PASSWORD);
  await page.goto('/admin/users');
  await page.getByRole('button', { name: 'Add user' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add user' });
  await dialog.getByLabel(/Username/).fill('agent.bo');
  await dialog.getByLabel(/Email/).fill('bo@example.com');
  await dialog.getByRole('checkbox', { name: /Agent/ }).check();
  await dialog.getByRole('button', { name: 'Add user' }).click();
  const secret = page.getByRole('dialog', { name: 'agent.bo was added' });
  const temporary = (await secret.getByTestId('secret-value').textContent()).trim();
  assert.ok(temporary.length >= 12, temporary);
  assert.deepEqual(await seriousViolations(page), []);
  await shot(page, 'workflow-07-user-added');
  await secret.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('table', { name: 'Users' }).getByText('agent.bo').waitFor();
  assert.deepEqual(problems, []);
  await context.close();

  // Bo signs in with the temporary password and chooses a new one.
  const bo = await newSession(browser, server.url);
  await bo.page.goto('/sign-in');
  await field(bo.page, 'Username').fill('agent.bo');
  await field(bo.page, 'Password').fill(temporary);
  await bo.page.getByRole('button', { name: 'Sign in' }).click();
  await field(bo.page, 'New password').fill('bo-chose-this-passphrase');
  await field(bo.page, 'Confirm new password').fill('bo-chose-this-passphrase');
  await bo.page.getByRole('button', { name: 'Set password and continue' }).click();
  await bo.page.waitForURL((url) => url.pathname === '/');

  // Not in the grid, not by search, not by URL, not by screen pop.
  await bo.page.goto('/leads');
  await bo.page.getByText(/No leads (match|yet)/).first().waitFor();
  assert.equal(await bo.page.getByText('Rosa Vega').count(), 0);
  const boToken = await tokenFor(server.url, 'agent.bo', 'bo-chose-this-passphrase');
  const searched = await api(server.url, 'GET', '/api/v1/leads?q=ros', { token: boToken });
  assert.deepEqual(searched.json.items, []);
  await bo.page.goto(`/leads/${rosa.id}`);
  await bo.page.getByText(/does not exist or is not yours/).waitFor();
  await bo.page.goto('/screen-pop?phone=512-555-0142');
  await bo.page.getByRole('heading', { name: 'No lead with this number' }).waitFor();
  assert.deepEqual(await seriousViolations(bo.page), []);
  await shot(bo.page, 'workflow-08-other-agent-screen-pop');
  assert.deepEqual(bo.problems, []);
  await bo.context.close();
});

test('the main pages in dark mode', async () => {
  const { context, page, problems } = await newSession(browser, server.url, { colorScheme: 'dark' });
  await signIn(page, mona.username, mona.password);
  const pages = [
    ['/', 'My open leads', 'dark-01-dashboard'],
    ['/leads', 'Rosa Vega', 'dark-02-leads'],
    [`/leads/${rosa.id}`, 'Rosa Vega', 'dark-03-lead'],
    ['/board', 'Rosa Vega', 'dark-04-board'],
    ['/deadlines?due=week', 'Rosa Vega', 'dark-05-deadlines'],
  ];
  for (const [route, text, name] of pages) {
    await page.goto(route);
    await page.getByText(text).first().waitFor();
    assert.deepEqual(await seriousViolations(page), [], route);
    await shot(page, name);
  }
  assert.deepEqual(problems, []);
  await context.close();
});
