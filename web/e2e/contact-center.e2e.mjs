// A contact center call end to end in the browser, through every path Amazon Connect delivers
// by: the agent's screen pop by contact id waits for the call, the flow's lookup gives it the
// caller's number and lead, contact events make it live, a Kinesis Data Firehose batch (gzip)
// of CTRs completes it, the recording and the redacted Contact Lens file land in the recordings
// bucket (through the AWS SDK, as Connect writes to S3). On the lead's Calls tab the recording
// plays and seeks, with its transcript beside it following the playback. The dashboard counts
// the call. Another agent can open neither the call nor its recording.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as s3sdk from '@aws-sdk/client-s3';
import { api, createUser, newSession, panelShot, seriousViolations, shot, signIn, tokenFor, useServerAndBrowser } from './harness.mjs';

const KEY_ID = 'AKIDE2ECONNECT000001';
const SECRET = 'e2e-connect-secret-0123456789';
const suite = useServerAndBrowser({ env: { CCRM_BLOBS_ACCESS_KEY_ID: KEY_ID, CCRM_BLOBS_SECRET_ACCESS_KEY: SECRET } });
const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = (name) => JSON.parse(readFileSync(path.join(here, '../../server/tests/fixtures/connect', name), 'utf8'));
const CONTACT = '99999999-e2e0-4000-8000-000000000001';

/** A 30-second 8 kHz mono WAV of a soft tone: small, real, seekable. */
function wav(seconds = 30, rate = 8000) {
  const samples = seconds * rate;
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) data.writeInt16LE(Math.round(3000 * Math.sin((2 * Math.PI * 440 * i) / rate)), i * 2);
  const head = Buffer.alloc(44);
  head.write('RIFF', 0);
  head.writeUInt32LE(36 + data.length, 4);
  head.write('WAVEfmt ', 8);
  head.writeUInt32LE(16, 16);
  head.writeUInt16LE(1, 20);
  head.writeUInt16LE(1, 22);
  head.writeUInt32LE(rate, 24);
  head.writeUInt32LE(rate * 2, 28);
  head.writeUInt16LE(2, 32);
  head.writeUInt16LE(16, 34);
  head.write('data', 36);
  head.writeUInt32LE(data.length, 40);
  return Buffer.concat([head, data]);
}

function withContact(value) {
  return JSON.parse(JSON.stringify(value).replaceAll('22222222-bbbb-4ccc-8ddd-000000000001', CONTACT));
}

test('a Connect call: screen pop, lookup, events, Firehose CTRs, recording and Contact Lens; plays with its transcript', async () => {
  const { server, browser, admin } = suite;
  const agent = await createUser(server.url, admin, 'agent.lens', 'agent');
  const other = await createUser(server.url, admin, 'agent.other', 'agent');
  const agentToken = await tokenFor(server.url, agent.username, agent.password);
  const created = await api(server.url, 'POST', '/api/v1/leads', {
    token: agentToken,
    body: { firstName: 'Hollis', lastName: 'Hail', phones: [{ number: '(512) 555-0134' }], address: { line1: '4817 Ridgeview Dr', city: 'Austin', state: 'TX', postalCode: '78745' } },
  });
  assert.equal(created.status, 201);
  const leadId = created.json.id;
  const ingest = await api(server.url, 'POST', '/api/v1/api-keys', { token: admin, body: { name: 'Connect', scopes: ['connect:ingest'] } });
  const lookupKey = await api(server.url, 'POST', '/api/v1/api-keys', { token: admin, body: { name: 'Flow', scopes: ['connect:lookup'] } });
  const post = (route, key, body, headers = {}) =>
    fetch(`${server.url}${route}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers, ...(key ? { 'X-Api-Key': key } : {}) }, body });

  // The softphone pops the page before anything about the contact arrived.
  const { page, problems } = await newSession(browser, server.url);
  await signIn(page, agent.username, agent.password);
  await page.goto(`/screen-pop?contactId=${CONTACT}`);
  await page.getByRole('status', { name: 'Waiting for the call' }).waitFor();

  // The flow's lookup (the caller's number), then the events up to the agent.
  const flow = withContact(fixture('flow-event.json'));
  const found = await (await post('/api/v1/integrations/connect/lookup', lookupKey.json.secret, JSON.stringify(flow))).json();
  assert.equal(found.found, 'true');
  assert.equal(found.leadId, leadId);
  const events = withContact(fixture('contact-events.json'));
  assert.equal((await post('/api/v1/integrations/connect/events', ingest.json.secret, JSON.stringify(events.slice(0, 3)))).status, 200);
  const live = page.getByRole('region', { name: 'Live call' });
  await live.getByText('Connected').waitFor();
  assert.match(await live.textContent(), /From \(512\) 555-0134/);
  assert.deepEqual(await seriousViolations(page), []);
  await shot(page, 'contact-center-01-screen-pop');

  // The rest of the events, then the CTR as a Firehose delivery, gzip.
  assert.equal((await post('/api/v1/integrations/connect/events', ingest.json.secret, JSON.stringify(events.slice(3)))).status, 200);
  const ctr = withContact({ ...fixture('ctr-inbound.json'), ContactId: '22222222-bbbb-4ccc-8ddd-000000000001' });
  ctr.Agent.Username = agent.username;
  ctr.Recording.Location = `recordings/connect/acme/CallRecordings/2026/12/01/${CONTACT}_20261201T15:00_UTC.wav`;
  const delivery = { requestId: 'e2e-firehose-1', timestamp: Date.now(), records: [{ data: Buffer.from(JSON.stringify(ctr) + '\n').toString('base64') }] };
  const firehose = await post('/api/v1/integrations/connect/ctr', null, gzipSync(JSON.stringify(delivery)), {
    'Content-Encoding': 'gzip',
    'X-Amz-Firehose-Protocol-Version': '1.0',
    'X-Amz-Firehose-Request-Id': 'e2e-firehose-1',
    'X-Amz-Firehose-Access-Key': ingest.json.secret,
  });
  assert.equal(firehose.status, 200);
  assert.equal((await firehose.json()).requestId, 'e2e-firehose-1');
  await live.getByText('Ended').waitFor();

  // The recording and the redacted analysis, written to the recordings bucket as Connect does.
  const s3 = new s3sdk.S3Client({ endpoint: `${server.url}/s3`, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: KEY_ID, secretAccessKey: SECRET } });
  await s3.send(new s3sdk.PutObjectCommand({ Bucket: 'recordings', Key: `connect/acme/CallRecordings/2026/12/01/${CONTACT}_20261201T15:00_UTC.wav`, Body: wav(), ContentType: 'audio/wav' }));
  await s3.send(new s3sdk.PutObjectCommand({
    Bucket: 'recordings',
    Key: `connect/acme/Analysis/Voice/Redacted/2026/12/01/${CONTACT}_analysis_redacted_2026-12-01T15:07:30Z.json`,
    Body: JSON.stringify(fixture('contact-lens-analysis-redacted.json')),
    ContentType: 'application/json',
  }));

  // The lead's Calls tab: play with the transcript; seeking moves the transcript along.
  await page.getByRole('link', { name: 'Open the lead' }).click();
  await page.waitForURL(new RegExp(`/leads/${leadId}`));
  const open = page.getByRole('button', { name: 'Play with transcript' });
  for (let i = 0; i < 50 && !(await open.isVisible()); i++) {
    await page.goto(`/leads/${leadId}?tab=calls`);
    await page.getByRole('tabpanel').getByRole('listitem').first().waitFor();
    if (!(await open.isVisible())) await page.waitForTimeout(200);
  }
  await open.click();
  const transcript = page.getByRole('list', { name: 'Transcript' });
  await transcript.getByRole('listitem').nth(5).waitFor();
  const player = page.getByLabel('Call recording');
  await player.waitFor();
  await page.waitForFunction(() => document.querySelector('audio')?.readyState >= 1);
  assert.equal(Math.round(await player.evaluate((a) => a.duration)), 30);
  await player.evaluate((a) => {
    a.muted = true;
    a.currentTime = 15.5;
  });
  await page.waitForFunction(() => Math.abs(document.querySelector('audio').currentTime - 15.5) < 0.5);
  await transcript.locator('[aria-current="true"]').filter({ hasText: 'It is [PII].' }).waitFor();
  // A click on a turn seeks the recording to it.
  await transcript.getByRole('listitem').nth(4).click();
  await page.waitForFunction(() => Math.abs(document.querySelector('audio').currentTime - 19.1) < 1);
  await page.getByRole('textbox', { name: 'Search the transcript' }).fill('roof');
  await page.getByText('2 turns mention “roof”').waitFor();
  await page.getByText('Customer +1.2').waitFor();
  assert.deepEqual(await seriousViolations(page), []);
  await panelShot(page, 'contact-center-02-transcript');

  // The dashboard counts it.
  await page.goto('/');
  await page.getByRole('heading', { name: 'Calls per day' }).waitFor();
  await page.getByRole('heading', { name: 'Dispositions this week' }).scrollIntoViewIfNeeded();
  await page.waitForTimeout(1000); // the bars' grow-in animation
  await shot(page, 'contact-center-03-dashboard');
  assert.deepEqual(problems, []);

  // Another agent: neither the call nor its recording exists for them.
  const calls = await api(server.url, 'GET', `/api/v1/leads/${leadId}/calls`, { token: agentToken });
  const callId = calls.json.items[0].id;
  const otherToken = await tokenFor(server.url, other.username, other.password);
  assert.equal((await api(server.url, 'GET', `/api/v1/calls/${callId}`, { token: otherToken })).status, 404);
  assert.equal((await api(server.url, 'GET', `/api/v1/calls/${callId}/recording`, { token: otherToken })).status, 404);
  assert.equal((await api(server.url, 'GET', `/api/v1/calls/${callId}/transcript`, { token: otherToken })).status, 404);
});
