// Endpoints only the leads grid uses: the user directory behind the assignee picker and the
// "assigned to" column, and the import job poll. The lead endpoints themselves are shared in
// src/lib/leads-api.ts.
import type { FetchBaseQueryError } from '@reduxjs/toolkit/query';
import type { User } from '@/lib/api-schema';
import type { components } from '@/lib/api-types';
import { api } from '@/lib/base-api';

export type ImportJob = components['schemas']['ImportJob'];
export type ImportRowError = components['schemas']['ImportRowError'];

interface UserPage {
  items?: User[];
  nextCursor?: string | null;
}

/** A directory larger than this many pages of 200 is cut short (it is for a picker). */
const MAX_USER_PAGES = 10;

export const leadsFeatureApi = api.injectEndpoints({
  endpoints: (build) => ({
    /**
     * Every user, for the assignee picker and to show usernames instead of ids. GET /users is for
     * admins only today: a manager gets a 404, and the grid then falls back (see use-assignees).
     */
    listLeadAssignees: build.query<User[], void>({
      async queryFn(_arg, _api, _extra, baseQuery) {
        const users: User[] = [];
        let cursor: string | null | undefined = undefined;
        for (let page = 0; page < MAX_USER_PAGES; page += 1) {
          const result = await baseQuery({
            url: 'users',
            params: cursor ? { limit: 200, cursor } : { limit: 200 },
          });
          if (result.error) return { error: result.error as FetchBaseQueryError };
          const data = result.data as UserPage;
          users.push(...(data.items ?? []));
          cursor = data.nextCursor;
          if (!cursor) break;
        }
        users.sort((a, b) => (a.username ?? '').localeCompare(b.username ?? ''));
        return { data: users };
      },
      providesTags: [{ type: 'User', id: 'LIST' }],
      keepUnusedDataFor: 300,
    }),
    getLeadImport: build.query<ImportJob, string>({
      query: (id) => `lead-imports/${encodeURIComponent(id)}`,
      providesTags: (_job, _error, id) => [{ type: 'ImportJob', id }],
      keepUnusedDataFor: 0,
    }),
  }),
});

export const { useListLeadAssigneesQuery, useGetLeadImportQuery } = leadsFeatureApi;
