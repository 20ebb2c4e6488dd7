// Who leads can be assigned to, and how to name an assignee: the user directory for managers and
// admins (GET /users), "You" for oneself. Agents see only their own leads, so they need none.
import { useCallback, useMemo } from 'react';
import { useCan, useHasRole } from '@/hooks/use-role';
import { useSessionUser } from '@/hooks/use-session';
import type { User } from '@/lib/api-schema';
import { useListLeadAssigneesQuery } from './leads-feature-api';

export interface AssigneeOption {
  id: string;
  username: string;
  isSelf: boolean;
  enabled: boolean;
}

export interface Assignees {
  /** Whether this user may pick assignees at all (managers and admins). */
  canPick: boolean;
  /** Picker options: the directory, or just oneself when it is not available. */
  options: AssigneeOption[];
  /** The directory loaded (false: loading, failed, or not for this role). */
  directoryAvailable: boolean;
  /** The directory could not be read, or this role may not read it (managers). */
  directoryUnavailable: boolean;
  isLoading: boolean;
  /** "You", a username, or a short form of the id when the name is not known. */
  nameOf: (id: string | null | undefined) => string;
}

/** usr_01m975gy7fcf7qggad1z41zd8s → usr_…1zd8s: recognisable without filling a column. */
export function shortUserId(id: string): string {
  return id.length > 14 ? `${id.slice(0, 4)}…${id.slice(-5)}` : id;
}

export function toOption(user: User, selfId: string | undefined): AssigneeOption | null {
  if (!user.id) return null;
  return {
    id: user.id,
    username: user.username ?? user.id,
    isSelf: user.id === selfId,
    enabled: user.enabled !== false,
  };
}

export function useAssignees(): Assignees {
  const me = useSessionUser();
  const canPick = useCan('leads.reassign');
  // GET /users is for admins only (x-access users:admin; a manager gets a 404), so managers pick
  // from themselves alone and see other assignees by a short id until the server opens it.
  const directoryReadable = useHasRole(['admin']);
  const query = useListLeadAssigneesQuery(undefined, { skip: !canPick || !directoryReadable });
  const selfId = me?.sub;

  const options = useMemo<AssigneeOption[]>(() => {
    const fromDirectory = (query.data ?? [])
      .map((user) => toOption(user, selfId))
      .filter((o): o is AssigneeOption => o !== null);
    if (fromDirectory.length > 0) return fromDirectory;
    return me ? [{ id: me.sub, username: me.username, isSelf: true, enabled: true }] : [];
  }, [query.data, selfId, me]);

  const byId = useMemo(() => new Map(options.map((o) => [o.id, o])), [options]);

  const nameOf = useCallback(
    (id: string | null | undefined) => {
      if (!id) return 'Unassigned';
      if (id === selfId) return 'You';
      return byId.get(id)?.username ?? shortUserId(id);
    },
    [byId, selfId],
  );

  return {
    canPick,
    options,
    directoryAvailable: canPick && query.isSuccess,
    directoryUnavailable: canPick && (!directoryReadable || query.isError),
    isLoading: canPick && query.isLoading,
    nameOf,
  };
}
