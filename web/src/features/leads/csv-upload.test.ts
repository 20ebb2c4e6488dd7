import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toSessionTokens } from '@/lib/api-schema';
import { problemFromError } from '@/lib/problem';
import { TokenManager } from '@/lib/token-manager';
import { installFetchMock, jsonResponse, type FetchMock } from '@/test/fetch-mock';
import { tokenReply } from '@/test/tokens';
import { isAbortError } from './authorized-request';
import { uploadWithToken } from './csv-upload';
import { FakeXhr, installFakeXhr } from '@/test/fake-xhr';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('uploadWithToken', () => {
  let fetchMock: FetchMock;
  let tokens: TokenManager;
  const file = new File(['firstName,lastName\nA,B\n'], 'leads.csv', { type: 'text/csv' });

  beforeEach(() => {
    fetchMock = installFetchMock();
    installFakeXhr();
    tokens = new TokenManager({ locks: null, readCsrfToken: () => 'csrf-1' });
    tokens.setTokens(toSessionTokens(tokenReply())!);
  });
  afterEach(() => tokens.dispose());

  it('posts the file with the token and reports upload progress', async () => {
    const progress: number[] = [];
    const reply = uploadWithToken(tokens, {
      url: 'http://localhost:5173/api/v1/lead-imports?dryRun=true',
      body: file,
      contentType: 'text/csv',
      onProgress: ({ loaded }) => progress.push(loaded),
    });
    await flush();
    const xhr = FakeXhr.last();
    expect(xhr.method).toBe('POST');
    expect(xhr.headers.authorization).toBe(`Bearer ${tokens.getAccessToken()}`);
    expect(xhr.headers['content-type']).toBe('text/csv');
    expect(xhr.body).toBe(file);
    xhr.progress(10, file.size);
    xhr.respond(202, { id: 'imp_1', status: 'queued' });
    await expect(reply).resolves.toEqual({ id: 'imp_1', status: 'queued' });
    expect(progress).toEqual([0, 10, file.size]);
  });

  it('refreshes once after a 401 and sends again', async () => {
    fetchMock.on('POST', '/api/v1/auth/refresh', () => jsonResponse(200, tokenReply()));
    const old = tokens.getAccessToken();
    const reply = uploadWithToken(tokens, { url: 'http://localhost:5173/api/v1/lead-imports', body: file, contentType: 'text/csv' });
    await flush();
    FakeXhr.last().respond(401, { title: 'Unauthorized', status: 401 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(FakeXhr.instances).toHaveLength(2);
    expect(FakeXhr.last().headers.authorization).toBe(`Bearer ${tokens.getAccessToken()}`);
    expect(tokens.getAccessToken()).not.toBe(old);
    FakeXhr.last().respond(202, { id: 'imp_2' });
    await expect(reply).resolves.toEqual({ id: 'imp_2' });
  });

  it("rejects with the server's problem, and with an AbortError when cancelled", async () => {
    const refused = uploadWithToken(tokens, { url: 'http://localhost:5173/api/v1/lead-imports', body: file, contentType: 'text/csv' });
    await flush();
    FakeXhr.last().respond(413, { title: 'Payload Too Large', status: 413, detail: 'The body is over 64 MiB.' });
    expect(problemFromError(await refused.catch((e: unknown) => e))?.detail).toBe('The body is over 64 MiB.');

    const controller = new AbortController();
    const cancelled = uploadWithToken(tokens, {
      url: 'http://localhost:5173/api/v1/lead-imports',
      body: file,
      contentType: 'text/csv',
      signal: controller.signal,
    });
    await flush();
    controller.abort();
    expect(FakeXhr.last().aborted).toBe(true);
    expect(isAbortError(await cancelled.catch((e: unknown) => e))).toBe(true);
  });
});
