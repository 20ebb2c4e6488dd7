// Who is who: user ids → usernames, for showing assignees, actors and key creators by name.
// GET /api/v1/users is for admins only, so only admins load the directory (every page of it);
// everyone else can name just themself, from the session. The server stays the authority: this
// only decides what a label reads.
import { useMemo } from 'react';
import type { User } from '@/lib/api-schema';
import { api } from '@/lib/base-api';
import { useHasRole } from './use-role';
import { useSessionUser } from './use-session';

/** At most this many pages of 200 users (an office is far smaller). */
const MAX_PAGES = 25;

export const userDirectoryApi = api.injectEndpoints({
  endpoints: (build) => ({
    getUserDirectory: build.query<User[], void>({
      async queryFn(_arg, _api, _extra, baseQuery) {
        const users: User[] = [];
        let cursor: string | null = null;
        for (let page = 0; page < MAX_PAGES; page += 1) {
          const result = await baseQuery({
            url: 'users',
            params: { limit: 200, ...(cursor ? { cursor } : {}) },
          });
          if (result.error) return { error: result.error };
          const data = result.data as { items?: User[]; nextCursor?: string | null } | undefined;
          users.push(...(data?.items ?? []));
          cursor = data?.nextCursor ?? null;
          if (!cursor) break;
        }
        return { data: users };
      },
      providesTags: [{ type: 'User', id: 'LIST' }],
    }),
  }),
});

export const { useGetUserDirectoryQuery } = userDirectoryApi;

export interface UserDirectory {
  /** Every user, for admins; empty for other roles. */
  users: User[];
  /** Whether this role may list users (admins). */
  canList: boolean;
  isLoading: boolean;
  /** The signed-in user's id. */
  meId: string | null;
  /** The username for an id, or null when it cannot be resolved. */
  nameOf: (id: string | null | undefined) => string | null;
}

export function useUserDirectory(): UserDirectory {
  const canList = useHasRole(['admin']);
  const me = useSessionUser();
  const { data, isLoading } = useGetUserDirectoryQuery(undefined, { skip: !canList });
  return useMemo(() => {
    const byId = new Map((data ?? []).map((u) => [u.id ?? '', u]));
    const meId = me?.sub ?? null;
    const nameOf = (id: string | null | undefined): string | null => {
      if (!id) return null;
      const name = byId.get(id)?.username;
      if (name) return name;
      if (id === meId && me?.username) return me.username;
      return null;
    };
    return { users: data ?? [], canList, isLoading: canList && isLoading, meId, nameOf };
  }, [data, canList, isLoading, me]);
}

/** An id too long to show whole, recognisable by its end: `usr_…1zd8s`. */
export function shortId(id: string): string {
  const prefix = /^[a-z]+_/.exec(id)?.[0] ?? '';
  return id.length > 14 ? `${prefix}…${id.slice(-5)}` : id;
}

/**
 * How a user reads in a list: their username ("alice"), "You" for the signed-in user, the short
 * id when the name cannot be resolved (a manager cannot list users), `none` when there is no id.
 */
export function describeUser(
  directory: Pick<UserDirectory, 'meId' | 'nameOf'>,
  id: string | null | undefined,
  none = 'Unassigned',
): { label: string; known: boolean; me: boolean } {
  if (!id) return { label: none, known: false, me: false };
  if (id === directory.meId) return { label: 'You', known: true, me: true };
  const name = directory.nameOf(id);
  return name ? { label: name, known: true, me: false } : { label: shortId(id), known: false, me: false };
}
