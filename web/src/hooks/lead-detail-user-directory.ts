// Who a user id is, for the lead page and the board (assignee names, activity actors, the
// assignee picker and filter). The only list of users the API has is GET /api/v1/users, which is
// for admins (404 to everyone else), so only admins load it; for other roles the directory knows
// the signed-in user alone and shows other ids shortened. The server stays the authority on who
// may be assigned.
import { useCallback, useMemo } from 'react';
import type { User } from '@/lib/api-schema';
import { api } from '@/lib/base-api';
import { useHasRole } from './use-role';
import { useSessionUser } from './use-session';

interface UserPage {
  items: User[];
  nextCursor: string | null;
}

/** Pages read at most (of 200 users each); an office has far fewer. */
const MAX_PAGES = 10;

const directoryApi = api.injectEndpoints({
  endpoints: (build) => ({
    leadDetailUserDirectory: build.query<User[], void>({
      async queryFn(_arg, _api, _extra, baseQuery) {
        const users: User[] = [];
        let cursor: string | null = null;
        for (let page = 0; page < MAX_PAGES; page++) {
          const result = await baseQuery({
            url: 'users',
            params: { limit: 200, ...(cursor ? { cursor } : {}) },
          });
          if (result.error) return { error: result.error };
          const data = result.data as UserPage;
          users.push(...(data.items ?? []));
          cursor = data.nextCursor ?? null;
          if (!cursor) break;
        }
        return { data: users };
      },
      providesTags: [{ type: 'User', id: 'LIST' }],
    }),
  }),
});

export const { useLeadDetailUserDirectoryQuery } = directoryApi;

export interface DirectoryUser {
  id: string;
  username: string;
  enabled: boolean;
  groups: readonly string[];
}

/** A user id shortened for display when the name is not known: `usr_01m975hr…t34`. */
export function shortUserId(id: string): string {
  return id.length > 18 ? `${id.slice(0, 12)}…${id.slice(-3)}` : id;
}

export interface UserDirectory {
  /** Every user (admins), else only the signed-in user. */
  users: DirectoryUser[];
  /** Whether the whole list of users is known (admins). */
  complete: boolean;
  isLoading: boolean;
  /** The username, or null when unknown. */
  nameOf: (id: string | null | undefined) => string | null;
  /** The username, or the id shortened. */
  labelOf: (id: string | null | undefined) => string;
  /** The signed-in user's id. */
  meId: string | null;
}

export function useUserDirectory(): UserDirectory {
  const isAdmin = useHasRole(['admin']);
  const me = useSessionUser();
  const { data, isLoading } = useLeadDetailUserDirectoryQuery(undefined, { skip: !isAdmin });

  const users = useMemo<DirectoryUser[]>(() => {
    const list: DirectoryUser[] = (data ?? [])
      .filter((u): u is User & { id: string; username: string } => !!u.id && !!u.username)
      .map((u) => ({
        id: u.id,
        username: u.username,
        enabled: u.enabled !== false,
        groups: u.groups ?? [],
      }));
    if (me && !list.some((u) => u.id === me.sub)) {
      list.push({ id: me.sub, username: me.username, enabled: true, groups: me.groups });
    }
    return list.sort((a, b) => a.username.localeCompare(b.username));
  }, [data, me]);

  const byId = useMemo(() => new Map(users.map((u) => [u.id, u])), [users]);

  const nameOf = useCallback(
    (id: string | null | undefined) => (id ? (byId.get(id)?.username ?? null) : null),
    [byId],
  );
  const labelOf = useCallback(
    (id: string | null | undefined) => (id ? (byId.get(id)?.username ?? shortUserId(id)) : ''),
    [byId],
  );

  return {
    users,
    complete: !!data,
    isLoading: isAdmin && isLoading,
    nameOf,
    labelOf,
    meId: me?.sub ?? null,
  };
}
