// The RTK Query base query: fetchBaseQuery plus the bearer token, with the session's rules for a
// 401 (one refresh and retry, then a new sign-in over the current page: see with-reauth.ts).
import {
  fetchBaseQuery,
  type BaseQueryFn,
  type FetchArgs,
  type FetchBaseQueryError,
  type FetchBaseQueryMeta,
} from '@reduxjs/toolkit/query/react';
import { apiBaseUrl } from './api-base-url';
import type { ThunkExtra } from './thunk-extra';
import { withReauth } from './with-reauth';

export interface ApiExtraOptions {
  /** A public endpoint (sign-in steps): no token, and a 401 means what it says. */
  anonymous?: boolean;
}

// Every url is made absolute by withBaseUrl below, so fetchBaseQuery needs no baseUrl.
const rawBaseQuery = fetchBaseQuery({
  credentials: 'same-origin',
  // application/merge-patch+json (lead PATCHes) is JSON too: serialize such bodies, which
  // fetchBaseQuery's default check (application/json only) would send as "[object Object]".
  isJsonContentType: (headers) => /[/+]json(\s*;|$)/i.test(headers.get('content-type') ?? ''),
  prepareHeaders(headers) {
    if (!headers.has('Accept')) headers.set('Accept', 'application/json, application/problem+json');
    return headers;
  },
});

function withBaseUrl(args: string | FetchArgs): FetchArgs {
  const request = typeof args === 'string' ? { url: args } : { ...args };
  // Resolve against the page's origin here: fetch in tests has no document to resolve against.
  if (!/^https?:\/\//.test(request.url)) {
    request.url = `${apiBaseUrl()}/${request.url.replace(/^\/+/, '')}`;
  }
  return request;
}

function withToken(request: FetchArgs, token: string | null): FetchArgs {
  if (!token) return request;
  const headers = new Headers(request.headers as HeadersInit | undefined);
  headers.set('Authorization', `Bearer ${token}`);
  return { ...request, headers: Object.fromEntries(headers.entries()) };
}

export const baseQueryWithReauth: BaseQueryFn<
  string | FetchArgs,
  unknown,
  FetchBaseQueryError,
  ApiExtraOptions,
  FetchBaseQueryMeta
> = async (args, api, extraOptions) => {
  const request = withBaseUrl(args);
  if (extraOptions?.anonymous) return rawBaseQuery(request, api, extraOptions);

  const { tokenManager } = api.extra as ThunkExtra;
  return withReauth(
    tokenManager,
    async (token) => rawBaseQuery(withToken(request, token), api, extraOptions),
    (reply) => reply.error?.status === 401,
    api.signal,
  );
};
