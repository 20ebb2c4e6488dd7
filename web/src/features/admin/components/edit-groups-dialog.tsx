// "Change groups" of one user. The server refuses to demote the last enabled admin (409), and a
// user of the external issuer keeps the groups the issuer gives (400): both shown here.
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import { useId, useState, type FormEvent } from 'react';
import { ProblemAlert } from '@/components/problem-alert';
import type { Role, User } from '@/lib/api-schema';
import { fieldError, problemFromError } from '@/lib/problem';
import { useUpdateUserMutation } from '../admin-api';
import { GroupsField } from './groups-field';
import { useLastPresent } from './use-last-present';

export interface EditGroupsDialogProps {
  user: User | null;
  onClose: () => void;
  onSaved: (user: User) => void;
}

export function EditGroupsDialog({ user: liveUser, onClose, onSaved }: EditGroupsDialogProps) {
  const titleId = useId();
  const user = useLastPresent(liveUser);
  const [groups, setGroups] = useState<Role[]>([]);
  const [updateUser, { isLoading, error, reset }] = useUpdateUserMutation();
  const external = !!user?.external;

  // A new subject starts from its own groups (the mutation's error was cleared on close).
  const [editingFor, setEditingFor] = useState<User | null>(null);
  if (liveUser && liveUser !== editingFor) {
    setEditingFor(liveUser);
    setGroups([...(liveUser.groups ?? [])]);
  }

  const unchanged =
    !!user && [...groups].sort().join(',') === [...(user.groups ?? [])].sort().join(',');
  const close = () => {
    if (isLoading) return;
    reset();
    setEditingFor(null);
    onClose();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!user?.id || groups.length === 0) return;
    try {
      const saved = await updateUser({ id: user.id, patch: { groups } }).unwrap();
      reset();
      setEditingFor(null);
      onSaved(saved);
    } catch {
      // Shown from `error` below.
    }
  };

  return (
    <Dialog open={!!liveUser} onClose={close} aria-labelledby={titleId} maxWidth="sm" fullWidth>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <DialogTitle id={titleId}>Groups of {user?.username}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            {external ? (
              <Alert severity="info">
                {user?.username} signs in through the external issuer, whose groups claim sets their
                groups. Change them there.
              </Alert>
            ) : null}
            <GroupsField
              value={groups}
              onChange={setGroups}
              disabled={external || isLoading}
              error={
                fieldError(problemFromError(error), 'groups') ??
                (groups.length === 0 ? 'Choose at least one group' : undefined)
              }
            />
            {error ? <ProblemAlert error={error} shownFields={['groups']} /> : null}
          </Stack>
        </DialogContent>
        <DialogActions sx={{ px: 3, pb: 2 }}>
          <Button onClick={close} disabled={isLoading}>
            {external ? 'Close' : 'Cancel'}
          </Button>
          {external ? null : (
            <Button
              type="submit"
              variant="contained"
              loading={isLoading}
              disabled={unchanged || groups.length === 0}
            >
              Save groups
            </Button>
          )}
        </DialogActions>
      </form>
    </Dialog>
  );
}
