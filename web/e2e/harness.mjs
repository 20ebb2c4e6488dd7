// The e2e harness: the real ccrm binary on a fresh data dir, Debian's Chromium driven by
// playwright-core, screenshots under $CCRM_E2E_SCREENSHOTS, axe-core on every page.
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const BINARY = process.env.CCRM_BINARY ?? path.resolve(here, '../../build/ccrm');
export const SHOTS = process.env.CCRM_E2E_SCREENSHOTS ?? path.resolve(here, '../../build/e2e-screenshots');
mkdirSync(SHOTS, { recursive: true });

/**
 * `ccrm serve` on 127.0.0.1:0 with a fresh data dir: resolves once it printed its URL (and the
 * bootstrap admin's one-time password when no CCRM_ADMIN_PASSWORD is given).
 */
export async function startServer({ adminPassword, env = {} } = {}) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ccrm-e2e-'));
  const child = spawn(BINARY, ['serve', '--listen', '127.0.0.1:0', '--data-dir', dataDir], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...(adminPassword ? { CCRM_ADMIN_PASSWORD: adminPassword } : {}),
      // For development: a build of web/ to serve instead of the one compiled in.
      ...(process.env.CCRM_E2E_WEB_DIR ? { CCRM_SERVER_WEB_DIR: process.env.CCRM_E2E_WEB_DIR } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const started = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ccrm did not start: ${err}`)), 20000);
    child.stdout.on('data', (d) => {
      out += d;
      const url = /ccrm listening on (http:\/\/\S+)/.exec(out);
      const needPassword = !adminPassword;
      const password = /bootstrap admin password: (\S+)/.exec(out);
      if (url && (!needPassword || password)) {
        clearTimeout(timer);
        resolve({ url: url[1], bootstrapPassword: password?.[1] });
      }
    });
    child.on('exit', (code) => reject(new Error(`ccrm exited (${code}): ${err}`)));
  });
  return {
    ...started,
    dataDir,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
        }, 10000);
        child.on('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A fresh browser context (its own cookies) at 1280×720 whose page records console errors,
 * warnings and failed requests, so a test can assert there were none.
 */
export async function newSession(browser, baseURL, { colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 720 }, colorScheme });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (message) => {
    // Chromium logs every 4xx reply as "Failed to load resource"; a refused request the app
    // handles (a 400 with field errors, a 404 for a lead that is not yours) is not an error of
    // the page's own.
    if (/Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())) {
      return;
    }
    if (message.type() === 'error' || message.type() === 'warning') {
      problems.push(`${message.type()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  return { context, page, problems };
}

/** Saves `<name>.png` under the screenshots folder. */
export async function shot(page, name) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: false });
}

/** axe-core on the page as it is: the serious and critical violations, described. */
export async function seriousViolations(page) {
  // A grid still loading (its overlay: a bar, or skeleton rows standing in for rows) is a
  // passing state that a loaded machine makes long: scan the page as it settles.
  // A reply still pending (`data-reply`) counts too: a debounced search may not have started
  // loading yet, and the grid can be between one page's rows and the next's.
  await page.waitForFunction(
    () =>
      !document.querySelector(
        '.MuiDataGrid-root .MuiLinearProgress-root, .MuiDataGrid-root .MuiSkeleton-root, [data-reply="pending"]',
      ),
    null,
    { timeout: 15000 },
  );
  // Let transitions end first: a dialog fading in has its colours blended with the page
  // behind, which axe would report as low contrast. Endless animations (spinners) never end.
  const settled = () =>
    page.waitForFunction(() =>
      document
        .getAnimations()
        .every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
    );
  const analyze = async () => {
    await settled();
    const results = await new AxeBuilder({ page }).analyze();
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  };
  const found = await analyze();
  if (found.length === 0) return found;
  // A toast that began to fade in after the wait above is scanned half-transparent (seen once
  // in CI: color-contrast on a success toast). What a page really violates is still there a
  // moment later; what a transition caused is not.
  await page.waitForTimeout(600);
  const again = await analyze();
  return again.filter((violation) => found.includes(violation));
}

/** RFC 6238 TOTP (SHA-1, 30 s, 6 digits) of a base32 secret, `offset` steps from now. */
export function totp(secret, offset = 0) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/=+$/, '').toUpperCase()) {
    bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  }
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30000) + offset));
  const mac = createHmac('sha1', key).update(counter).digest();
  const at = mac[mac.length - 1] & 0xf;
  const code = (mac.readUInt32BE(at) & 0x7fffffff) % 1000000;
  return String(code).padStart(6, '0');
}

/** JSON API calls outside the browser (set-up steps), with a bearer token. */
export async function api(baseURL, method, route, { token, body, headers = {} } = {}) {
  const response = await fetch(new URL(route, baseURL), {
    method,
    headers: {
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON (CSV, empty)
  }
  return { status: response.status, json, text, headers: response.headers };
}

/** The access token of a password sign-in (no challenge expected). */
export async function tokenFor(baseURL, username, password) {
  const reply = await api(baseURL, 'POST', '/api/v1/auth/login', { body: { username, password } });
  if (reply.status !== 200 || !reply.json?.accessToken) {
    throw new Error(`sign-in of ${username} failed: ${reply.status} ${reply.text}`);
  }
  return reply.json.accessToken;
}

/**
 * Creates a user through the API as `adminToken` (password `<username>-passphrase-long`, no
 * change due) and signs them in: {id, username, password, token}.
 */
export async function createUser(baseURL, adminToken, username, group) {
  const password = `${username}-passphrase-long`;
  const reply = await api(baseURL, 'POST', '/api/v1/users', {
    token: adminToken,
    body: { username, email: `${username}@example.com`, groups: [group], password },
  });
  if (reply.status !== 201) throw new Error(`creating ${username}: ${reply.status} ${reply.text}`);
  return { id: reply.json.id, username, password, token: await tokenFor(baseURL, username, password) };
}

/** Signs in through the app's sign-in page (no challenge expected). */
export async function signIn(page, username, password) {
  await page.goto('/sign-in');
  await field(page, 'Username').fill(username);
  await field(page, 'Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

/** The control labelled exactly `text` (a required field's label ends with " *"). */
export function field(page, text) {
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return page.getByLabel(new RegExp(`^${escaped}\\s*\\*?$`));
}

/**
 * For a test file: a server (its bootstrap admin's password set) and a browser, started before
 * the file's tests and stopped after them. The returned object gets `server`, `browser` and
 * `admin` (the admin's access token) once they are up; read them inside the tests.
 */
export function useServerAndBrowser({ adminPassword = 'e2e-admin-passphrase-long', env } = {}) {
  const suite = { adminPassword };
  before(async () => {
    suite.server = await startServer({ adminPassword, env });
    suite.browser = await launchBrowser();
    suite.admin = await tokenFor(suite.server.url, 'admin', adminPassword);
  });
  after(async () => {
    await suite.browser?.close();
    await suite.server?.stop();
  });
  return suite;
}

/** A screenshot of the lead page's tab panel, which sits below the lead's header. */
export async function panelShot(page, name) {
  await page.getByRole('tabpanel').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await shot(page, name);
}
