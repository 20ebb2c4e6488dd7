// The S3-compatible endpoint against the real AWS SDK for JavaScript: @aws-sdk/client-s3 with
// header signing (put, head, get whole and ranged, delete, S3's error codes) and URLs presigned
// by @aws-sdk/s3-request-presigner used with fetch, and refused once altered in any part, used
// for another method, key or signed header value, expired, or not signed at all.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const web = path.resolve(here, '../../../web');
const require = createRequire(path.join(web, 'package.json'));
const s3sdk = require('@aws-sdk/client-s3');
const { getSignedUrl } = require('@aws-sdk/s3-request-presigner');
const { startServer } = await import(path.join(web, 'e2e/harness.mjs'));

const KEY = 'AKIDCCRMPEERTEST0001';
const SECRET = 'peer-test-secret-0123456789abcdef';
const BUCKET = 'recordings';  // documents takes only uploads a document waits for

let server;
let s3;

before(async () => {
  server = await startServer({
    adminPassword: 'Peer-Test-Password-42!',
    env: { CCRM_BLOBS_ACCESS_KEY_ID: KEY, CCRM_BLOBS_SECRET_ACCESS_KEY: SECRET },
  });
  s3 = new s3sdk.S3Client({
    endpoint: `${server.url}/s3`,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: KEY, secretAccessKey: SECRET },
  });
});

after(async () => {
  s3?.destroy();
  await server?.stop();
});

async function bodyBytes(output) {
  return Buffer.from(await output.Body.transformToByteArray());
}

async function s3Error(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('the request succeeded');
}

async function xmlCode(response) {
  assert.equal(response.headers.get('content-type'), 'application/xml');
  const text = await response.text();
  return /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
}

test('client-s3 puts, heads, gets (whole and ranged) and deletes, byte for byte', async () => {
  const key = 'leads/L-1/policy – déclaration (1).pdf';
  const content = randomBytes(300_001);
  const put = await s3.send(
    new s3sdk.PutObjectCommand({ Bucket: BUCKET, Key: key, Body: content, ContentType: 'application/pdf' }),
  );
  assert.match(put.ETag, /^".+"$/);
  assert.equal(put.ServerSideEncryption, 'AES256');

  const head = await s3.send(new s3sdk.HeadObjectCommand({ Bucket: BUCKET, Key: key }));
  assert.equal(head.ContentLength, content.length);
  assert.equal(head.ContentType, 'application/pdf');
  assert.equal(head.ETag, put.ETag);
  assert.equal(head.AcceptRanges, 'bytes');

  const whole = await s3.send(new s3sdk.GetObjectCommand({ Bucket: BUCKET, Key: key }));
  assert.equal(whole.ContentLength, content.length);
  assert.ok((await bodyBytes(whole)).equals(content));

  const ranged = await s3.send(
    new s3sdk.GetObjectCommand({ Bucket: BUCKET, Key: key, Range: 'bytes=65530-131100' }),
  );
  assert.equal(ranged.ContentRange, `bytes 65530-131100/${content.length}`);
  assert.ok((await bodyBytes(ranged)).equals(content.subarray(65530, 131101)));

  const suffix = await s3.send(new s3sdk.GetObjectCommand({ Bucket: BUCKET, Key: key, Range: 'bytes=-10' }));
  assert.ok((await bodyBytes(suffix)).equals(content.subarray(content.length - 10)));

  const unsatisfiable = await s3Error(
    s3.send(new s3sdk.GetObjectCommand({ Bucket: BUCKET, Key: key, Range: `bytes=${content.length}-` })),
  );
  assert.equal(unsatisfiable.name, 'InvalidRange');
  assert.equal(unsatisfiable.$metadata.httpStatusCode, 416);

  await s3.send(new s3sdk.DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
  const missing = await s3Error(s3.send(new s3sdk.GetObjectCommand({ Bucket: BUCKET, Key: key })));
  assert.equal(missing.name, 'NoSuchKey');
  assert.equal(missing.$metadata.httpStatusCode, 404);
  const noBucket = await s3Error(s3.send(new s3sdk.GetObjectCommand({ Bucket: 'elsewhere', Key: key })));
  assert.equal(noBucket.name, 'NoSuchBucket');
});

test('a wrong secret is SignatureDoesNotMatch and an unknown key InvalidAccessKeyId', async () => {
  const wrong = new s3sdk.S3Client({
    endpoint: `${server.url}/s3`,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: KEY, secretAccessKey: 'not-the-secret-at-all-0000' },
  });
  const stranger = new s3sdk.S3Client({
    endpoint: `${server.url}/s3`,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'AKIDSTRANGER00000000', secretAccessKey: SECRET },
  });
  const command = () => new s3sdk.PutObjectCommand({ Bucket: BUCKET, Key: 'x', Body: 'x' });
  assert.equal((await s3Error(wrong.send(command()))).name, 'SignatureDoesNotMatch');
  assert.equal((await s3Error(stranger.send(command()))).name, 'InvalidAccessKeyId');
  wrong.destroy();
  stranger.destroy();
  const head = await s3Error(s3.send(new s3sdk.HeadObjectCommand({ Bucket: BUCKET, Key: 'x' })));
  assert.equal(head.$metadata.httpStatusCode, 404); // nothing was stored
});

test('presigned URLs work with fetch, for their method, key and headers only', async () => {
  const key = 'leads/L-2/photo 1.jpg';
  const content = randomBytes(200_000);
  const putUrl = await getSignedUrl(
    s3,
    new s3sdk.PutObjectCommand({ Bucket: BUCKET, Key: key, ContentType: 'image/jpeg' }),
    { expiresIn: 60, signableHeaders: new Set(['content-type']) },
  );
  assert.ok(putUrl.startsWith(`${server.url}/s3/${BUCKET}/`), putUrl);

  // Refused before anything is stored: another signed header value, another method, another key.
  const other = await fetch(putUrl, { method: 'PUT', body: content, headers: { 'content-type': 'text/html' } });
  assert.equal(other.status, 403);
  assert.equal(await xmlCode(other), 'SignatureDoesNotMatch');
  const asGet = await fetch(putUrl);
  assert.equal(asGet.status, 403);
  assert.equal(await xmlCode(asGet), 'SignatureDoesNotMatch');
  const url = new URL(putUrl);
  const elsewhere = new URL(putUrl);
  elsewhere.pathname = url.pathname.replace('L-2', 'L-3');
  const moved = await fetch(elsewhere, { method: 'PUT', body: content, headers: { 'content-type': 'image/jpeg' } });
  assert.equal(moved.status, 403);

  // Any one byte of the query changed.
  for (const name of ['X-Amz-Signature', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-Credential', 'X-Amz-SignedHeaders']) {
    const altered = new URL(putUrl);
    const value = altered.searchParams.get(name);
    const at = value.length - 1;
    altered.searchParams.set(name, value.slice(0, at) + (value[at] === '1' ? '2' : '1'));
    const r = await fetch(altered, { method: 'PUT', body: content, headers: { 'content-type': 'image/jpeg' } });
    assert.ok(r.status === 403 || r.status === 400, `${name}: ${r.status}`);
  }
  assert.equal((await s3Error(s3.send(new s3sdk.HeadObjectCommand({ Bucket: BUCKET, Key: key })))).$metadata.httpStatusCode, 404);

  const put = await fetch(putUrl, { method: 'PUT', body: content, headers: { 'content-type': 'image/jpeg' } });
  assert.equal(put.status, 200, await put.text());
  assert.equal(put.headers.get('x-amz-server-side-encryption'), 'AES256');

  const getUrl = await getSignedUrl(s3, new s3sdk.GetObjectCommand({
    Bucket: BUCKET, Key: key, ResponseContentDisposition: 'attachment; filename="photo 1.jpg"',
  }), { expiresIn: 60 });
  const got = await fetch(getUrl);
  assert.equal(got.status, 200);
  assert.equal(got.headers.get('content-type'), 'image/jpeg');
  assert.equal(got.headers.get('content-disposition'), 'attachment; filename="photo 1.jpg"');
  assert.ok(Buffer.from(await got.arrayBuffer()).equals(content));
  const range = await fetch(getUrl, { headers: { range: 'bytes=100-199' } });
  assert.equal(range.status, 206);
  assert.ok(Buffer.from(await range.arrayBuffer()).equals(content.subarray(100, 200)));
  const asDelete = await fetch(getUrl, { method: 'DELETE' });
  assert.equal(asDelete.status, 403);

  // Not signed at all.
  const unsigned = await fetch(`${server.url}/s3/${BUCKET}/${encodeURIComponent(key)}`);
  assert.equal(unsigned.status, 403);
  assert.equal(await xmlCode(unsigned), 'AccessDenied');
});

test('a presigned URL stops working when it expires', async () => {
  await s3.send(new s3sdk.PutObjectCommand({ Bucket: BUCKET, Key: 'brief', Body: 'soon gone' }));
  const url = await getSignedUrl(s3, new s3sdk.GetObjectCommand({ Bucket: BUCKET, Key: 'brief' }), { expiresIn: 1 });
  assert.equal((await fetch(url)).status, 200);
  await new Promise((resolve) => setTimeout(resolve, 2100));
  const expired = await fetch(url);
  assert.equal(expired.status, 403);
  const text = await expired.text();
  assert.match(text, /<Code>AccessDenied<\/Code>/);
  assert.match(text, /Request has expired/);
});
