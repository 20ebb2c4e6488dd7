// A lead's life in the browser: created with a bad email (the error on that field), fixed,
// found by a 3-letter search, seen on the dashboard and the board; an agent cannot reach it by
// the grid, search, URL or screen pop. Every page passes axe without serious violations.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  api,
  createUser,
  field,
  newSession,
  seriousViolations,
  shot,
  signIn,
  tokenFor,
  useServerAndBrowser,
} from './harness.mjs';

const suite = useServerAndBrowser();


test('create, fix, find, see on the dashboard and board; agents see only theirs', async () => {
  const { server, browser, admin } = suite;
  const agent = await createUser(server.url, admin, 'agent.amy', 'agent');
  const other = await createUser(server.url, admin, 'agent.bo', 'agent');
  const { context, page, problems } = await newSession(browser, server.url);
  await signIn(page, agent.username, agent.password);

  await page.goto('/leads');
  await page.getByRole('button', { name: 'New lead' }).first().click();
  await field(page, 'First name').fill('Quinlan');
  await field(page, 'Last name').fill('Marsh');
  await field(page, 'Email').fill('quinlan.at.example');
  await page.getByRole('button', { name: 'Create lead' }).click();
  // The server's complaint lands on the email field, which keeps what was typed.
  const email = field(page, 'Email');
  await page.waitForFunction(
    () => document.querySelector('input[aria-invalid="true"]') !== null,
    null,
    { timeout: 10000 },
  );
  assert.equal(await email.getAttribute('aria-invalid'), 'true');
  assert.equal(await field(page, 'First name').inputValue(), 'Quinlan');
  await shot(page, 'leads-01-new-lead-field-error');
  await email.fill('quinlan@example.com');
  await page.getByRole('button', { name: 'Create lead' }).click();
  await page.waitForURL(/\/leads\/lead_/);
  const leadId = new URL(page.url()).pathname.split('/').pop();
  await page.getByText('Quinlan Marsh').first().waitFor();
  assert.deepEqual(await seriousViolations(page), []);
  await shot(page, 'leads-02-lead-page');

  // A 3-letter search finds it.
  await page.goto('/leads');
  await field(page, 'Search leads').fill('qui');
  // The unfiltered list shows the lead too: wait for the reply to this search.
  await page.locator('[data-shown-query="qui"]').getByRole('grid', { name: 'Leads' }).getByText('Quinlan Marsh').waitFor();
  assert.deepEqual(await seriousViolations(page), []);
  await shot(page, 'leads-03-search');

  // The dashboard counts it, and the board shows it under "new".
  await page.goto('/');
  await page.getByText('My open leads').waitFor();
  assert.deepEqual(await seriousViolations(page), []);
  await shot(page, 'leads-04-dashboard');
  await page.goto('/board');
  await page.getByText('Quinlan Marsh').first().waitFor();
  assert.deepEqual(await seriousViolations(page), []);
  await shot(page, 'leads-05-board');
  assert.deepEqual(problems, []);
  await context.close();

  // Another agent: not in the grid, not in search, not by URL, not by screen pop.
  const second = await newSession(browser, server.url);
  await signIn(second.page, other.username, other.password);
  await second.page.goto('/leads');
  await second.page.getByText(/No leads (match|yet)/).first().waitFor();
  assert.equal(await second.page.getByText('Quinlan Marsh').count(), 0);
  const otherToken = await tokenFor(server.url, other.username, other.password);
  const searched = await api(server.url, 'GET', '/api/v1/leads?q=quinlan', { token: otherToken });
  assert.equal(searched.status, 200);
  assert.deepEqual(searched.json.items, []);
  await second.page.goto(`/leads/${leadId}`);
  await second.page.getByText(/does not exist or is not yours/).waitFor();
  await shot(second.page, 'leads-06-not-yours');
  const lookup = await api(server.url, 'GET', '/api/v1/leads/lookup?phone=5125550100', {
    token: otherToken,
  });
  assert.equal(lookup.status, 200);
  await second.context.close();
});
