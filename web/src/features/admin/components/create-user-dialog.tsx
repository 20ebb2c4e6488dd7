// "Add user": username, email and groups. The server generates a temporary password and returns
// it once; onCreated hands it to the page, which shows it in a SecretDialog.
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useId, useState, type FormEvent } from 'react';
import { ProblemAlert } from '@/components/problem-alert';
import type { Role, User } from '@/lib/api-schema';
import { fieldError, problemFromError } from '@/lib/problem';
import { useCreateUserMutation } from '../admin-api';
import { GroupsField } from './groups-field';

const USERNAME = /^[a-z0-9._-]{3,64}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface Errors {
  username?: string;
  email?: string;
  groups?: string;
}

export function validateNewUser(username: string, email: string, groups: readonly Role[]): Errors {
  const errors: Errors = {};
  if (!USERNAME.test(username))
    errors.username = '3–64 characters: lower-case letters, digits, dot, underscore or hyphen';
  if (!EMAIL.test(email)) errors.email = 'Enter an email address, like name@example.com';
  if (groups.length === 0) errors.groups = 'Choose at least one group';
  return errors;
}

export interface CreateUserDialogProps {
  open: boolean;
  onClose: () => void;
  onCreated: (user: User, temporaryPassword: string | null) => void;
}

export function CreateUserDialog({ open, onClose, onCreated }: CreateUserDialogProps) {
  const titleId = useId();
  const [username, setUsername] = useState('');
  const [email, setEmail] = useState('');
  const [groups, setGroups] = useState<Role[]>(['agent']);
  const [touched, setTouched] = useState(false);
  const [createUser, { isLoading, error, reset }] = useCreateUserMutation();

  const local = validateNewUser(username.trim(), email.trim(), groups);
  const problem = problemFromError(error);
  const shown = touched ? local : {};
  const server = {
    username: fieldError(problem, 'username'),
    email: fieldError(problem, 'email'),
    groups: fieldError(problem, 'groups'),
  };

  const close = () => {
    if (isLoading) return;
    setUsername('');
    setEmail('');
    setGroups(['agent']);
    setTouched(false);
    reset();
    onClose();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (Object.keys(local).length > 0) return;
    try {
      const reply = await createUser({ username: username.trim(), email: email.trim(), groups }).unwrap();
      const temporaryPassword = reply.temporaryPassword ?? null;
      setUsername('');
      setEmail('');
      setGroups(['agent']);
      setTouched(false);
      reset();
      onCreated(reply, temporaryPassword);
    } catch {
      // Shown from `error` below.
    }
  };

  return (
    <Dialog open={open} onClose={close} aria-labelledby={titleId} maxWidth="sm" fullWidth>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <DialogTitle id={titleId}>Add user</DialogTitle>
        <DialogContent>
          <Stack spacing={2.5} sx={{ pt: 1 }}>
            <TextField
              label="Username"
              value={username}
              onChange={(e) => setUsername(e.target.value.toLowerCase())}
              required
              autoFocus
              autoComplete="off"
              error={!!(shown.username || server.username)}
              helperText={
                server.username ??
                shown.username ??
                'Lower-case letters, digits, dot, underscore or hyphen; 3–64 characters.'
              }
              slotProps={{ htmlInput: { maxLength: 64, spellCheck: false, autoCapitalize: 'none' } }}
            />
            <TextField
              label="Email"
              type="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              required
              autoComplete="off"
              error={!!(shown.email || server.email)}
              helperText={server.email ?? shown.email ?? ' '}
            />
            <GroupsField value={groups} onChange={setGroups} error={server.groups ?? shown.groups} />
            {error ? (
              <ProblemAlert error={error} shownFields={['username', 'email', 'groups']} />
            ) : null}
          </Stack>
        </DialogContent>
        <DialogActions sx={{ px: 3, pb: 2 }}>
          <Button onClick={close} disabled={isLoading}>
            Cancel
          </Button>
          <Button type="submit" variant="contained" loading={isLoading}>
            Add user
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
