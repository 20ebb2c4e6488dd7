// Figures for the web app at scale, not a test: run against a server holding many leads
// (e.g. 1,000,000) and print timings measured in headless Chromium on loopback.
//
//   CCRM_URL=http://127.0.0.1:18200 CCRM_USER=manager1 CCRM_PASSWORD=… node e2e/perf/measure.mjs
//
// 1. Navigation to /leads until the first grid page's rows are rendered (cold, then warm).
// 2. Search as you type: for each keystroke, the time until the grid shows the reply for the
//    new text (p50/p95 over the keystrokes of several words).
// 3. Navigation to /board until every column shows its cards.
import { field, launchBrowser, newSession, signIn } from '../harness.mjs';

const url = process.env.CCRM_URL;
const user = process.env.CCRM_USER;
const password = process.env.CCRM_PASSWORD;
if (!url || !user || !password) {
  console.error('set CCRM_URL, CCRM_USER and CCRM_PASSWORD');
  process.exit(2);
}

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

const browser = await launchBrowser();
try {
  const { page } = await newSession(browser, url);
  await signIn(page, user, password);
  const gridRows = page.locator('[role="grid"][aria-label="Leads"] [role="row"][data-rowindex]');

  for (const label of ['cold', 'warm', 'warm']) {
    await page.goto('/');
    await page.waitForLoadState('networkidle');
    const start = Date.now();
    await page.goto('/leads');
    await gridRows.first().waitFor();
    console.log(`grid first page rendered (${label}): ${Date.now() - start} ms`);
  }

  const search = field(page, 'Search leads');
  const samples = [];
  for (const word of ['mar', 'smith', 'austin', 'hail', 'gonz', '512 55']) {
    await search.fill('');
    await page.waitForTimeout(400);
    for (let i = 1; i <= word.length; i++) {
      // The box searches for the trimmed text: a keystroke that adds a space starts no search.
      const text = word.slice(0, i).trim();
      if (text === word.slice(0, i - 1).trim()) {
        await search.pressSequentially(word[i - 1]);
        continue;
      }
      const before = await page.evaluate(() => performance.now());
      // A reply for `text` is rendered when the grid's first row changed or the status says so;
      // the grid carries the query it shows in data-query (set by the leads page).
      await search.pressSequentially(word[i - 1]);
      try {
        await page.waitForFunction(
          (q) => document.querySelector('[data-shown-query]')?.getAttribute('data-shown-query') === q,
          text,
          { timeout: 10000 },
        );
      } catch (error) {
        const shown = await page.evaluate(() =>
          document.querySelector('[data-shown-query]')?.getAttribute('data-shown-query'));
        throw new Error(`waiting for the reply to "${text}" (shown: "${shown}", at ${page.url()})`, { cause: error });
      }
      const after = await page.evaluate(() => performance.now());
      samples.push(after - before);
      await page.waitForTimeout(120);  // a typist's pace
    }
  }
  console.log(`search as you type: ${samples.length} keystrokes, p50 ${quantile(samples, 0.5).toFixed(0)} ms, ` +
    `p95 ${quantile(samples, 0.95).toFixed(0)} ms, max ${Math.max(...samples).toFixed(0)} ms ` +
    '(includes the 70 ms debounce)');

  for (const label of ['cold', 'warm']) {
    await page.goto('/');
    await page.waitForLoadState('networkidle');
    const start = Date.now();
    await page.goto('/board');
    await page.waitForFunction(() => {
      const columns = document.querySelectorAll('[data-board-column]');
      return columns.length >= 9 && [...columns].every((c) => c.getAttribute('data-loaded') === 'true');
    }, null, { timeout: 30000 });
    console.log(`board opened (${label}): ${Date.now() - start} ms`);
  }
} finally {
  await browser.close();
}
