// Documents in the browser: an agent drops a PDF and a photo on the lead's Documents tab
// (one progress bar each, categories guessed), sees them checked and available, previews
// them, sees the stage gate let the lead be filed; an executable renamed .pdf is rejected with
// the reason; another agent reaches neither the documents nor their download URLs.
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
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

function pdf(text) {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n` +
      `3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
  );
}

// A real 24x16 PNG (a blue-green gradient), built by hand: signature, IHDR, IDAT, IEND.
function png() {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const width = 24;
  const height = 16;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2; // truecolour
  const rows = [];
  for (let y = 0; y < height; y++) {
    rows.push(0);
    for (let x = 0; x < width; x++) rows.push(20, 90 + x * 6, 160 + y * 5);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function executable() {
  const exe = Buffer.alloc(1024, 0x90);
  exe.write('MZ', 0);
  exe.fill(0, 2, 0x40);
  exe.writeUInt32LE(0x40, 0x3c);
  exe.write('PE\0\0', 0x40, 'binary');
  return exe;
}

test('upload, check, preview, gate; a renamed executable is rejected; other agents see nothing', async () => {
  const { server, browser, admin } = suite;
  const agent = await createUser(server.url, admin, 'agent.dana', 'agent');
  const other = await createUser(server.url, admin, 'agent.eli', 'agent');
  const agentToken = await tokenFor(server.url, agent.username, agent.password);
  const created = await api(server.url, 'POST', '/api/v1/leads', {
    token: agentToken,
    body: { firstName: 'Delia', lastName: 'Documents', status: 'lor_signed' },
  });
  assert.equal(created.status, 201);
  const leadId = created.json.id;

  const { page } = await newSession(browser, server.url);
  await signIn(page, agent.username, agent.password);
  await page.goto(`/leads/${leadId}?tab=documents`);
  await page.getByText('No documents yet').waitFor();
  assert.deepEqual(await seriousViolations(page), []);
  await panelShot(page, 'documents-01-empty');

  // Two files at once: categories guessed from their names, one progress bar each.
  await page.getByLabel('Choose files to upload').setInputFiles([
    { name: 'LOR signed.pdf', mimeType: 'application/pdf', buffer: pdf('letter of representation') },
    { name: 'Dec page.pdf', mimeType: 'application/pdf', buffer: pdf('declarations page') },
    { name: 'roof north.png', mimeType: 'image/png', buffer: png() },
  ]);
  const staged = page.getByTestId('staged-file');
  assert.equal(await staged.count(), 3);
  assert.match(await staged.nth(0).getByRole('combobox').textContent(), /Letter of representation/);
  assert.match(await staged.nth(1).getByRole('combobox').textContent(), /Declarations page/);
  assert.match(await staged.nth(2).getByRole('combobox').textContent(), /Photo/);
  await panelShot(page, 'documents-02-staged');
  await page.getByRole('button', { name: 'Upload 3 files' }).click();
  await page.locator('[data-testid="document-row"][data-status="available"]').nth(2).waitFor({ timeout: 15000 });
  assert.equal(await page.locator('[data-testid="document-row"][data-status="available"]').count(), 3);
  await page.getByText('Claim documents complete').waitFor();
  assert.deepEqual(await seriousViolations(page), []);
  await panelShot(page, 'documents-03-available');

  // Previews: the photo in the page, the PDF in a frame.
  await page.getByRole('button', { name: 'Preview roof north.png' }).click();
  await page.getByRole('img', { name: 'Preview of roof north.png' }).waitFor();
  const loaded = await page
    .getByRole('img', { name: 'Preview of roof north.png' })
    .evaluate((img) => img.complete && img.naturalWidth === 24);
  assert.ok(loaded, 'the preview image decoded');
  await shot(page, 'documents-04-preview-photo');
  await page.getByRole('button', { name: 'Close the preview' }).click();
  await page.getByRole('button', { name: 'Preview LOR signed.pdf' }).click();
  await page.locator('iframe[data-testid="document-preview"]').waitFor();
  await page.getByRole('button', { name: 'Close the preview' }).click();

  // The stage gate lets the lead be filed now.
  const filed = await api(server.url, 'PATCH', `/api/v1/leads/${leadId}`, {
    token: agentToken,
    body: JSON.stringify({ status: 'claim_filed' }),
    headers: { 'Content-Type': 'application/merge-patch+json' },
  });
  assert.equal(filed.status, 200, filed.text);

  // An executable called policy.pdf: rejected, with the reason, and no download.
  await page.getByLabel('Choose files to upload').setInputFiles([
    { name: 'policy.pdf', mimeType: 'application/pdf', buffer: executable() },
  ]);
  await page.getByRole('button', { name: 'Upload' }).click();
  const rejected = page.locator('[data-testid="document-row"][data-status="rejected"]');
  await rejected.waitFor({ timeout: 15000 });
  await rejected.getByText(/type not allowed/).waitFor();
  assert.equal(await rejected.getByRole('button', { name: /Download/ }).count(), 0);
  assert.deepEqual(await seriousViolations(page), []);
  await panelShot(page, 'documents-05-rejected');

  // The timeline tells it.
  await page.goto(`/leads/${leadId}?tab=activity`);
  await page.getByText('which was rejected').waitFor();
  await panelShot(page, 'documents-06-timeline');

  // Another agent: no documents, no URLs.
  const otherToken = await tokenFor(server.url, other.username, other.password);
  const list = await api(server.url, 'GET', `/api/v1/leads/${leadId}/documents`, { token: otherToken });
  assert.equal(list.status, 404);
  const mine = await api(server.url, 'GET', `/api/v1/leads/${leadId}/documents`, { token: agentToken });
  for (const document of mine.json.items) {
    const download = await api(server.url, 'GET', `/api/v1/documents/${document.id}/download`, { token: otherToken });
    assert.equal(download.status, 404);
  }
  const { page: otherPage } = await newSession(browser, server.url);
  await signIn(otherPage, other.username, other.password);
  await otherPage.goto(`/leads/${leadId}?tab=documents`);
  await otherPage.getByText('Lead not found').first().waitFor();
});
