// Who leads can be assigned to, and how the grid names an assignee: the shared user directory
// (managers and admins read every user), "You" for oneself. Agents see only their own leads, so
// they pick no one.
import { useCallback, useMemo } from 'react';
import { useCan } from '@/hooks/use-role';
import { describeUser, useUserDirectory } from '@/hooks/use-user-directory';

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
  /** The directory could not be read. */
  directoryUnavailable: boolean;
  isLoading: boolean;
  /** "You", a username, or a short form of the id when the name is not known. */
  nameOf: (id: string | null | undefined) => string;
}

export function useAssignees(): Assignees {
  const canPick = useCan('leads.reassign');
  const directory = useUserDirectory();
  const { users, meId } = directory;

  const options = useMemo<AssigneeOption[]>(
    () => users.map((u) => ({ id: u.id, username: u.username, isSelf: u.id === meId, enabled: u.enabled })),
    [users, meId],
  );

  const nameOf = useCallback((id: string | null | undefined) => describeUser(directory, id).label, [directory]);

  return {
    canPick,
    options,
    directoryAvailable: canPick && directory.complete,
    directoryUnavailable: canPick && directory.isError,
    isLoading: canPick && directory.isLoading,
    nameOf,
  };
}
