import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { toSessionTokens } from '@/lib/api-schema';
import { problemFromError } from '@/lib/problem';
import { TokenManager } from '@/lib/token-manager';
import { installFetchMock, jsonResponse, problem, type FetchMock } from '@/test/fetch-mock';
import { tokenReply } from '@/test/tokens';
import { isAbortError } from './authorized-request';
import { downloadWithToken, filenameFromDisposition, saveBlob } from './csv-download';

function streamed(chunks: string[], headers: Record<string, string> = {}) {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'Content-Type': 'text/csv; charset=utf-8', ...headers } });
}

function signedIn() {
  const tokens = new TokenManager({ locks: null, readCsrfToken: () => 'csrf-1' });
  tokens.setTokens(toSessionTokens(tokenReply({ username: 'alice', groups: ['manager'] }))!);
  return tokens;
}

const URL_ALL = 'http://localhost:5173/api/v1/leads/export?status=new';

describe('downloadWithToken', () => {
  let fetchMock: FetchMock;
  let tokens: TokenManager;
  beforeEach(() => {
    fetchMock = installFetchMock();
    tokens = signedIn();
  });
  afterEach(() => tokens.dispose());

  it('sends the bearer token, reports bytes as they come and saves the file', async () => {
    fetchMock.on('GET', '/api/v1/leads/export', () =>
      streamed(['id,firstName\n', 'lead_1,Maria\n', 'lead_2,Ann\n'], {
        'Content-Disposition': 'attachment; filename="leads.csv"',
      }),
    );
    const progress: number[] = [];
    const save = vi.fn();
    const result = await downloadWithToken(tokens, {
      url: URL_ALL,
      fallbackName: 'fallback.csv',
      onProgress: ({ bytes }) => progress.push(bytes),
      save,
    });

    const call = fetchMock.callsTo('/api/v1/leads/export')[0]!;
    expect(call.headers.get('Authorization')).toBe(`Bearer ${tokens.getAccessToken()}`);
    expect(new URL(call.url).searchParams.get('status')).toBe('new');
    expect(progress.at(-1)).toBe(37);
    expect(progress.length).toBeGreaterThan(1);
    expect(result).toEqual({ filename: 'leads.csv', bytes: 37 });
    const [blob, name] = save.mock.calls[0]! as [Blob, string];
    expect(name).toBe('leads.csv');
    expect(await blob.text()).toBe('id,firstName\nlead_1,Maria\nlead_2,Ann\n');
    expect(blob.type).toBe('text/csv; charset=utf-8');
  });

  it('refreshes once after a 401 and retries with the new token', async () => {
    const first = tokens.getAccessToken();
    fetchMock
      .sequence('GET', '/api/v1/leads/export', [problem(401, 'Token expired.'), () => streamed(['id\n'])])
      .on('POST', '/api/v1/auth/refresh', () => jsonResponse(200, tokenReply({ username: 'alice' })));
    const save = vi.fn();
    await downloadWithToken(tokens, { url: URL_ALL, fallbackName: 'leads.csv', save });
    const calls = fetchMock.callsTo('/api/v1/leads/export');
    expect(calls).toHaveLength(2);
    expect(calls[0]!.headers.get('Authorization')).toBe(`Bearer ${first}`);
    expect(calls[1]!.headers.get('Authorization')).toBe(`Bearer ${tokens.getAccessToken()}`);
    expect(tokens.getAccessToken()).not.toBe(first);
    expect(fetchMock.callsTo('/api/v1/auth/refresh')[0]!.headers.get('X-CSRF-Token')).toBe('csrf-1');
    expect(save).toHaveBeenCalledWith(expect.any(Blob), 'leads.csv');
  });

  it("rejects with the server's problem, readable by problemFromError", async () => {
    fetchMock.on('GET', '/api/v1/leads/export', problem(400, 'One or more fields are invalid.', [
      { field: 'ids', message: 'at most 200 ids' },
    ]));
    const save = vi.fn();
    const error = await downloadWithToken(tokens, { url: URL_ALL, fallbackName: 'x.csv', save }).catch((e: unknown) => e);
    const info = problemFromError(error);
    expect(info?.status).toBe(400);
    expect(info?.fieldErrors).toEqual({ ids: 'at most 200 ids' });
    expect(save).not.toHaveBeenCalled();
  });

  it('refuses to save a transfer cut short', async () => {
    fetchMock.on('GET', '/api/v1/leads/export', () => streamed(['id\nlead_1\n'], { 'Content-Length': '500' }));
    const save = vi.fn();
    const error = await downloadWithToken(tokens, { url: URL_ALL, fallbackName: 'x.csv', save }).catch((e: unknown) => e);
    expect(problemFromError(error)?.detail).toBe('The download was cut short. Try again.');
    expect(save).not.toHaveBeenCalled();
  });

  it('stops when aborted', async () => {
    fetchMock.on('GET', '/api/v1/leads/export', () => streamed(['id\n']));
    const controller = new AbortController();
    controller.abort();
    const error = await downloadWithToken(tokens, {
      url: URL_ALL,
      fallbackName: 'x.csv',
      signal: controller.signal,
      save: vi.fn(),
    }).catch((e: unknown) => e);
    expect(isAbortError(error)).toBe(true);
  });

  it('uses the fallback name when the reply names no file', async () => {
    fetchMock.on('GET', '/api/v1/leads/export', () => streamed(['id\n']));
    const result = await downloadWithToken(tokens, { url: URL_ALL, fallbackName: 'leads.csv', save: vi.fn() });
    expect(result.filename).toBe('leads.csv');
  });
});

describe('filenameFromDisposition', () => {
  it('reads plain, quoted and RFC 5987 names, and strips paths', () => {
    expect(filenameFromDisposition('attachment; filename="leads.csv"')).toBe('leads.csv');
    expect(filenameFromDisposition('attachment; filename=leads.csv')).toBe('leads.csv');
    expect(filenameFromDisposition("attachment; filename=\"x.csv\"; filename*=UTF-8''l%C3%A9ads.csv")).toBe('léads.csv');
    expect(filenameFromDisposition('attachment; filename="../../etc/passwd"')).toBe('passwd');
    expect(filenameFromDisposition('attachment')).toBeNull();
    expect(filenameFromDisposition(null)).toBeNull();
  });
});

describe('saveBlob', () => {
  it('clicks a temporary link to a Blob URL, then revokes it', () => {
    vi.useFakeTimers();
    const create = vi.fn(() => 'blob:http://localhost/1');
    const revoke = vi.fn();
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: create, revokeObjectURL: revoke }));
    const clicks: HTMLAnchorElement[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push(this);
    });
    saveBlob(new Blob(['id\n']), 'leads.csv');
    expect(create).toHaveBeenCalledTimes(1);
    expect(clicks[0]!.download).toBe('leads.csv');
    expect(clicks[0]!.href).toBe('blob:http://localhost/1');
    expect(document.body.contains(clicks[0]!)).toBe(false);
    expect(revoke).not.toHaveBeenCalled();
    vi.runAllTimers();
    expect(revoke).toHaveBeenCalledWith('blob:http://localhost/1');
    click.mockRestore();
    vi.useRealTimers();
  });
});
