// A small hand-rolled fetch mock: route by method and path, record every call with its headers
// and JSON body. Works for fetch(url, init) and fetch(new Request(...)) alike.
import { vi } from 'vitest';

export interface RecordedCall {
  method: string;
  path: string;
  url: string;
  headers: Headers;
  credentials: RequestCredentials | undefined;
  body: unknown;
}

export type MockReply =
  | Response
  | { status?: number; body?: unknown; headers?: Record<string, string> };

export type Handler = (call: RecordedCall) => MockReply | Promise<MockReply>;

export function jsonResponse(status: number, body?: unknown, headers: Record<string, string> = {}) {
  const problem = status >= 400;
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: {
      'Content-Type': problem ? 'application/problem+json' : 'application/json',
      ...headers,
    },
  });
}

export function problem(status: number, detail: string, errors?: { field: string; message: string }[]) {
  return jsonResponse(status, {
    type: 'about:blank',
    title: status === 401 ? 'Unauthorized' : status === 400 ? 'Validation failed' : 'Error',
    status,
    detail,
    ...(errors ? { errors } : {}),
  });
}

function toResponse(reply: MockReply): Response {
  if (reply instanceof Response) return reply;
  return jsonResponse(reply.status ?? 200, reply.body, reply.headers);
}

export interface FetchMock {
  fn: ReturnType<typeof vi.fn>;
  calls: RecordedCall[];
  /** Calls to this path (and method, if given). */
  callsTo(path: string, method?: string): RecordedCall[];
  on(method: string, path: string, handler: Handler | MockReply): FetchMock;
  /** Queue replies for one route: each call takes the next, the last one repeats. */
  sequence(method: string, path: string, replies: (Handler | MockReply)[]): FetchMock;
}

export function createFetchMock(): FetchMock {
  const routes = new Map<string, (Handler | MockReply)[]>();
  const calls: RecordedCall[] = [];

  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(String(input), init);
    const url = new URL(request.url);
    const text = await request.clone().text();
    let body: unknown = undefined;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    const call: RecordedCall = {
      method: request.method,
      path: url.pathname,
      url: request.url,
      headers: request.headers,
      credentials: init?.credentials ?? request.credentials,
      body,
    };
    calls.push(call);
    const key = `${call.method} ${call.path}`;
    const queue = routes.get(key);
    if (!queue || queue.length === 0) {
      return jsonResponse(404, { title: 'Not Found', status: 404, detail: `No mock for ${key}` });
    }
    const next = queue.length > 1 ? queue.shift()! : queue[0]!;
    const reply = typeof next === 'function' ? await next(call) : next;
    return toResponse(reply instanceof Response ? reply.clone() : reply);
  });

  const mock: FetchMock = {
    fn,
    calls,
    callsTo: (path, method) =>
      calls.filter((c) => c.path === path && (!method || c.method === method)),
    on(method, path, handler) {
      routes.set(`${method} ${path}`, [handler]);
      return mock;
    },
    sequence(method, path, replies) {
      routes.set(`${method} ${path}`, [...replies]);
      return mock;
    },
  };
  return mock;
}

/** Installs a fresh fetch mock as the global fetch (undone after each test by unstubGlobals). */
export function installFetchMock(): FetchMock {
  const mock = createFetchMock();
  vi.stubGlobal('fetch', mock.fn);
  return mock;
}
