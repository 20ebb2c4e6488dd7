// Sign-in as a new office does it: the bootstrap admin's one-time password, a new password,
// MFA enrolment, sign-in with the code, a reload that keeps the session, sign-out and back in.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { field, launchBrowser, newSession, seriousViolations, shot, startServer, totp } from './harness.mjs';

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const NEW_PASSWORD = 'a-brand-new-office-passphrase';

test('first sign-in, new password, MFA, reload, sign-out and back in', async () => {
  const { context, page, problems } = await newSession(browser, server.url);
  await page.goto('/');
  await page.waitForURL(/\/sign-in/);
  assert.deepEqual(await seriousViolations(page), []);
  await shot(page, 'auth-01-sign-in');

  await field(page, 'Username').fill('admin');
  await field(page, 'Password').fill(server.bootstrapPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await field(page, 'New password').waitFor();
  await shot(page, 'auth-02-new-password');
  await field(page, 'New password').fill(NEW_PASSWORD);
  await field(page, 'Confirm new password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Set password and continue' }).click();
  await page.waitForURL((url) => url.pathname === '/');

  // A reload keeps the session (refresh cookie), no sign-in page.
  await page.reload();
  await page.waitForLoadState('networkidle');
  assert.equal(new URL(page.url()).pathname, '/');
  assert.ok(await page.getByRole('button', { name: /Account menu/ }).isVisible());

  // MFA enrolment on the profile page.
  await page.goto('/profile');
  await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
  const secret = (await page.getByTestId('totp-secret').textContent()).replace(/\s+/g, '');
  assert.match(secret, /^[A-Z2-7]{16,}$/);
  await shot(page, 'auth-03-mfa-enrolment');
  assert.deepEqual(await seriousViolations(page), []);
  await field(page, '6-digit code').fill(totp(secret));
  await page.getByRole('button', { name: /Verify|Turn on/ }).click();
  await page.getByText('On', { exact: true }).waitFor();

  // Sign out, then in again with the code (the next time step: a step is used once).
  await page.getByRole('button', { name: /Account menu/ }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await page.waitForURL(/\/sign-in/);
  await page.reload();
  await page.waitForURL(/\/sign-in/);  // signed out stays signed out
  await field(page, 'Username').fill('admin');
  await field(page, 'Password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await field(page, '6-digit code').waitFor();
  await shot(page, 'auth-04-mfa-challenge');
  await new Promise((r) => setTimeout(r, 30000 - (Date.now() % 30000) + 200));
  await field(page, '6-digit code').fill(totp(secret));
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  assert.deepEqual(problems, []);
  await context.close();
});
