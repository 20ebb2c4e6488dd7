// Who a user id is: assignee names, activity actors, key creators, the assignee pickers and
// filters. Managers and admins read GET /api/v1/users/directory (id, username, groups, enabled:
// what assigning needs, nothing of a user's security state); agents may not (a 404), so for them
// the directory knows the signed-in user alone and other ids read shortened. The server stays the
// authority on who may be assigned: this only decides what a label reads and what a picker offers.
import { useMemo } from 'react';
import type { components } from '@/lib/api-types';
import { api } from '@/lib/base-api';
import { useHasRole } from './use-role';
import { useSessionUser } from './use-session';

export type DirectoryUser = components['schemas']['DirectoryUser'];

interface DirectoryPage {
  items?: DirectoryUser[];
  nextCursor?: string | null;
}

/** At most this many pages of 200 users (an office is far smaller). */
const MAX_PAGES = 25;

export const userDirectoryApi = api.injectEndpoints({
  endpoints: (build) => ({
    getUserDirectory: build.query<DirectoryUser[], void>({
      async queryFn(_arg, _api, _extra, baseQuery) {
        const users: DirectoryUser[] = [];
        let cursor: string | null = null;
        for (let page = 0; page < MAX_PAGES; page += 1) {
          const result = await baseQuery({
            url: 'users/directory',
            params: { limit: 200, ...(cursor ? { cursor } : {}) },
          });
          if (result.error) return { error: result.error };
          const data = result.data as DirectoryPage | undefined;
          users.push(...(data?.items ?? []));
          cursor = data?.nextCursor ?? null;
          if (!cursor) break;
        }
        return { data: users };
      },
      providesTags: [{ type: 'User', id: 'LIST' }],
      keepUnusedDataFor: 300,
    }),
  }),
});

export const { useGetUserDirectoryQuery } = userDirectoryApi;

export interface UserDirectory {
  /** Every user by username (managers and admins); else only the signed-in user. */
  users: DirectoryUser[];
  /** Whether this role may read the directory (managers and admins). */
  canList: boolean;
  /** Whether the whole directory is loaded. */
  complete: boolean;
  isLoading: boolean;
  /** The directory could not be read although the role may read it. */
  isError: boolean;
  /** The signed-in user's id. */
  meId: string | null;
  /** The username for an id, or null when it cannot be resolved. */
  nameOf: (id: string | null | undefined) => string | null;
  /** The username, or the id shortened; '' for no id. */
  labelOf: (id: string | null | undefined) => string;
}

export function useUserDirectory(): UserDirectory {
  const canList = useHasRole(['admin', 'manager']);
  const me = useSessionUser();
  const { data, isLoading, isError } = useGetUserDirectoryQuery(undefined, { skip: !canList });
  return useMemo(() => {
    const users = [...(data ?? [])];
    if (me && !users.some((u) => u.id === me.sub)) {
      users.push({ id: me.sub, username: me.username, enabled: true, groups: [...me.groups] });
    }
    users.sort((a, b) => a.username.localeCompare(b.username));
    const byId = new Map(users.map((u) => [u.id, u]));
    const nameOf = (id: string | null | undefined): string | null =>
      id ? (byId.get(id)?.username ?? null) : null;
    const labelOf = (id: string | null | undefined): string =>
      id ? (byId.get(id)?.username ?? unknownActorLabel(id)) : '';
    return {
      users,
      canList,
      complete: !!data,
      isLoading: canList && isLoading,
      isError: canList && isError,
      meId: me?.sub ?? null,
      nameOf,
      labelOf,
    };
  }, [data, canList, isLoading, isError, me]);
}

/**
 * Who an id is when no user by that id is known: an API key's changes are an integration's
 * (the contact center's deliveries), the server's own are "system"; else the short id.
 */
export function unknownActorLabel(id: string): string {
  if (id === 'system') return 'system';
  if (id.startsWith('key_')) return `Integration (${shortId(id)})`;
  return shortId(id);
}

/** An id too long to show whole, recognisable by its end: `usr_…1zd8s`. */
export function shortId(id: string): string {
  const prefix = /^[a-z]+_/.exec(id)?.[0] ?? '';
  return id.length > 14 ? `${prefix}…${id.slice(-5)}` : id;
}

/**
 * How a user reads in a list: their username ("alice"), "You" for the signed-in user, the short
 * id when the name cannot be resolved (an agent cannot read the directory), `none` for no id.
 */
export function describeUser(
  directory: Pick<UserDirectory, 'meId' | 'nameOf'>,
  id: string | null | undefined,
  none = 'Unassigned',
): { label: string; known: boolean; me: boolean } {
  if (!id) return { label: none, known: false, me: false };
  if (id === directory.meId) return { label: 'You', known: true, me: true };
  const name = directory.nameOf(id);
  return name ? { label: name, known: true, me: false } : { label: unknownActorLabel(id), known: false, me: false };
}
