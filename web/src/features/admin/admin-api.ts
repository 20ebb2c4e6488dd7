// The admin pages' endpoints: users, API keys and the audit trail (admins only; the server answers
// 404 to anyone else). Lists are infinite queries: "Load more" follows nextCursor, and an
// invalidated list refetches every loaded page.
import type { components, paths } from '@/lib/api-types';
import type { ApiKey, AuditRecord, JsonRequest, User } from '@/lib/api-schema';
import { api } from '@/lib/base-api';
import { cleanParams } from '@/lib/leads-api';

type Schemas = components['schemas'];

export type CreatedApiKey = Schemas['CreatedApiKey'];
export type AuditPage = Schemas['AuditPage'];
export type AuditQuery = Omit<
  NonNullable<paths['/api/v1/audit']['get']['parameters']['query']>,
  'cursor'
>;
export type CreateUserRequest = JsonRequest<'/api/v1/users', 'post'>;
export type UpdateUserRequest = JsonRequest<'/api/v1/users/{id}', 'patch'>;
export type CreateApiKeyRequest = JsonRequest<'/api/v1/api-keys', 'post'>;
export type ApiKeyScope = CreateApiKeyRequest['scopes'][number];
export type { ApiKey, AuditRecord, User };

export interface UserPage {
  items: User[];
  nextCursor: string | null;
}

export interface ApiKeyPage {
  items: ApiKey[];
  nextCursor: string | null;
}

const USERS = { type: 'User' as const, id: 'LIST' };
const KEYS = { type: 'ApiKey' as const, id: 'LIST' };
const AUDIT = { type: 'Audit' as const, id: 'LIST' };

const pages = {
  initialPageParam: null,
  getNextPageParam: (lastPage: { nextCursor?: string | null }) => lastPage.nextCursor ?? undefined,
};

export const adminApi = api.injectEndpoints({
  endpoints: (build) => ({
    listUsers: build.infiniteQuery<UserPage, void, string | null>({
      infiniteQueryOptions: pages,
      query: ({ pageParam }) => ({
        url: 'users',
        params: cleanParams({ limit: 50, cursor: pageParam ?? undefined }),
      }),
      transformResponse: (page: Partial<UserPage>) => ({
        items: page.items ?? [],
        nextCursor: page.nextCursor ?? null,
      }),
      providesTags: [USERS],
    }),
    createUser: build.mutation<User, CreateUserRequest>({
      query: (body) => ({ url: 'users', method: 'POST', body }),
      invalidatesTags: (_r, error) => (error ? [] : [USERS, AUDIT]),
    }),
    updateUser: build.mutation<User, { id: string; patch: UpdateUserRequest }>({
      query: ({ id, patch }) => ({
        url: `users/${encodeURIComponent(id)}`,
        method: 'PATCH',
        body: patch,
      }),
      invalidatesTags: (_r, error) => (error ? [] : [USERS, AUDIT, 'Me']),
    }),
    resetUserPassword: build.mutation<{ temporaryPassword?: string }, string>({
      query: (id) => ({ url: `users/${encodeURIComponent(id)}/reset-password`, method: 'POST' }),
      invalidatesTags: (_r, error) => (error ? [] : [USERS, AUDIT]),
    }),
    listApiKeys: build.infiniteQuery<ApiKeyPage, void, string | null>({
      infiniteQueryOptions: pages,
      query: ({ pageParam }) => ({
        url: 'api-keys',
        params: cleanParams({ limit: 50, cursor: pageParam ?? undefined }),
      }),
      transformResponse: (page: Partial<ApiKeyPage>) => ({
        items: page.items ?? [],
        nextCursor: page.nextCursor ?? null,
      }),
      providesTags: [KEYS],
    }),
    createApiKey: build.mutation<CreatedApiKey, CreateApiKeyRequest>({
      query: (body) => ({ url: 'api-keys', method: 'POST', body }),
      invalidatesTags: (_r, error) => (error ? [] : [KEYS, AUDIT]),
    }),
    revokeApiKey: build.mutation<void, string>({
      query: (id) => ({ url: `api-keys/${encodeURIComponent(id)}`, method: 'DELETE' }),
      invalidatesTags: (_r, error) => (error ? [] : [KEYS, AUDIT]),
    }),
    listAudit: build.infiniteQuery<AuditPage, AuditQuery, string | null>({
      infiniteQueryOptions: pages,
      query: ({ queryArg, pageParam }) => ({
        url: 'audit',
        params: cleanParams({ ...queryArg, cursor: pageParam ?? undefined }),
      }),
      providesTags: [AUDIT],
    }),
  }),
});

export const {
  useListUsersInfiniteQuery,
  useCreateUserMutation,
  useUpdateUserMutation,
  useResetUserPasswordMutation,
  useListApiKeysInfiniteQuery,
  useCreateApiKeyMutation,
  useRevokeApiKeyMutation,
  useListAuditInfiniteQuery,
} = adminApi;
