// Admin › Users: every user (cursor pages), add one (its temporary password shown once), change
// groups, reset a password (shown once), enable or disable. Users of the external issuer are
// marked; their groups and password are managed there. ?highlight=usr_… marks one row (links from
// the audit log), loading pages until it is found.
import PersonAddIcon from '@mui/icons-material/PersonAddAlt1Outlined';
import ManageAccountsIcon from '@mui/icons-material/ManageAccountsOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { alpha } from '@mui/material/styles';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { formatDate, formatDateTime } from '@/components/deadlines-time';
import { EmptyState } from '@/components/empty-state';
import { PageHeader } from '@/components/page-header';
import { useToast } from '@/components/toast-context';
import { useSessionUser } from '@/hooks/use-session';
import type { User } from '@/lib/api-schema';
import { ROLE_LABELS } from '@/lib/permissions';
import {
  useListUsersInfiniteQuery,
  useResetUserPasswordMutation,
  useUpdateUserMutation,
} from '../admin-api';
import { AdminTable } from './admin-table';
import { CreateUserDialog } from './create-user-dialog';
import { EditGroupsDialog } from './edit-groups-dialog';
import { SecretDialog } from './secret-dialog';
import { UserRowMenu, type UserAction } from './user-row-menu';
import { useLastPresent } from './use-last-present';

interface Secret {
  username: string;
  password: string;
  reason: 'created' | 'reset';
}

type Confirm = { action: 'disable' | 'enable' | 'reset'; user: User } | null;

function StatusCell({ user }: { user: User }) {
  const locked = user.lockedUntil && Date.parse(user.lockedUntil) > Date.now();
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
      {user.enabled === false ? (
        <Chip size="small" label="Disabled" color="default" variant="outlined" />
      ) : (
        <Chip size="small" label="Enabled" color="success" variant="outlined" />
      )}
      {locked ? (
        <Tooltip title={`Too many failed sign-ins; locked until ${formatDateTime(user.lockedUntil!)}`}>
          <Chip size="small" label="Locked" color="warning" variant="outlined" />
        </Tooltip>
      ) : null}
      {user.mfaEnabled ? <Chip size="small" label="MFA" variant="outlined" /> : null}
      {user.mustChangePassword ? (
        <Tooltip title="Must choose a new password at the next sign-in">
          <Chip size="small" label="New password due" variant="outlined" />
        </Tooltip>
      ) : null}
    </Stack>
  );
}

export function UsersPage() {
  const toast = useToast();
  const me = useSessionUser();
  const [searchParams] = useSearchParams();
  const highlight = searchParams.get('highlight');
  const { data, error, isLoading, hasNextPage, fetchNextPage, isFetchingNextPage, refetch } =
    useListUsersInfiniteQuery();
  const [updateUser, update] = useUpdateUserMutation();
  const [resetPassword, reset] = useResetUserPasswordMutation();
  const [createOpen, setCreateOpen] = useState(false);
  const [secret, setSecret] = useState<Secret | null>(null);
  const [editing, setEditing] = useState<User | null>(null);
  const [confirm, setConfirm] = useState<Confirm>(null);
  const highlightRef = useRef<HTMLTableRowElement>(null);
  const shownConfirm = useLastPresent(confirm);

  const users = useMemo(() => data?.pages.flatMap((p) => p.items) ?? [], [data]);
  const found = !!highlight && users.some((u) => u.id === highlight);

  // Follow pages until the highlighted user is loaded, then bring the row into view.
  useEffect(() => {
    if (!highlight || isLoading || isFetchingNextPage) return;
    if (!found && hasNextPage) void fetchNextPage();
  }, [highlight, found, hasNextPage, isLoading, isFetchingNextPage, fetchNextPage]);
  useEffect(() => {
    if (found) highlightRef.current?.scrollIntoView?.({ block: 'center' });
  }, [found]);

  const onAction = (action: UserAction, user: User) => {
    if (action === 'groups') setEditing(user);
    else {
      update.reset();
      reset.reset();
      setConfirm({ action, user });
    }
  };

  const runConfirm = async () => {
    if (!confirm?.user.id) return;
    const { action, user } = confirm;
    try {
      if (action === 'reset') {
        const reply = await resetPassword(user.id!).unwrap();
        // Drop the reply from the store: the password lives only in the dialog's state.
        reset.reset();
        setConfirm(null);
        if (reply.temporaryPassword) {
          setSecret({ username: user.username ?? '', password: reply.temporaryPassword, reason: 'reset' });
        }
        toast.success(`Reset the password of ${user.username}.`);
      } else {
        await updateUser({ id: user.id!, patch: { enabled: action === 'enable' } }).unwrap();
        setConfirm(null);
        toast.success(`${action === 'enable' ? 'Enabled' : 'Disabled'} ${user.username}.`);
      }
    } catch {
      // Shown in the dialog.
    }
  };

  const body = (
    <AdminTable
      label="Users"
      loadingLabel="Loading users"
      error={error}
      isLoading={isLoading}
      rowCount={users.length}
      columns={6}
      errorTitle="The users could not be loaded"
      onRetry={refetch}
      empty={
        <EmptyState
          icon={<ManageAccountsIcon />}
          title="No users"
          description="Add the people of the office and choose what each may do."
          action={{ label: 'Add user', onClick: () => setCreateOpen(true), startIcon: <PersonAddIcon /> }}
        />
      }
      hasNextPage={!!hasNextPage}
      isFetchingNextPage={isFetchingNextPage}
      onLoadMore={() => void fetchNextPage()}
    >
      <TableHead>
        <TableRow>
          <TableCell>Username</TableCell>
          <TableCell>Email</TableCell>
          <TableCell>Groups</TableCell>
          <TableCell>Status</TableCell>
          <TableCell>Created</TableCell>
          <TableCell align="right">
            <Box component="span" sx={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>
              Actions
            </Box>
          </TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {users.map((user) => {
          const isMe = user.id === me?.sub;
          const highlighted = user.id === highlight;
          return (
            <TableRow
              key={user.id}
              hover
              ref={highlighted ? highlightRef : undefined}
              selected={highlighted}
              aria-current={highlighted ? 'true' : undefined}
              sx={
                highlighted
                  ? (theme) => ({
                      outline: `2px solid ${theme.palette.primary.main}`,
                      outlineOffset: -2,
                      bgcolor: alpha(theme.palette.primary.main, 0.08),
                    })
                  : undefined
              }
            >
              <TableCell>
                <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                  <Typography
                    variant="body2"
                    sx={{ fontWeight: 600, color: user.enabled === false ? 'text.secondary' : 'text.primary' }}
                  >
                    {user.username}
                  </Typography>
                  {isMe ? <Chip size="small" label="You" color="primary" variant="outlined" /> : null}
                  {user.external ? (
                    <Tooltip title={`Signs in through ${user.external.issuer ?? 'the external issuer'}; groups and password are managed there`}>
                      <Chip size="small" label="External" color="info" variant="outlined" />
                    </Tooltip>
                  ) : null}
                </Stack>
              </TableCell>
              <TableCell sx={{ overflowWrap: 'anywhere' }}>
                {user.email || (
                  <Typography variant="body2" color="text.secondary" component="span">
                    —
                  </Typography>
                )}
              </TableCell>
              <TableCell>
                <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
                  {(user.groups ?? []).length === 0 ? (
                    <Typography variant="body2" color="text.secondary">
                      None
                    </Typography>
                  ) : (
                    (user.groups ?? []).map((g) => (
                      <Chip key={g} size="small" label={ROLE_LABELS[g]} />
                    ))
                  )}
                </Stack>
              </TableCell>
              <TableCell>
                <StatusCell user={user} />
              </TableCell>
              <TableCell>
                {user.createdAt ? (
                  <time dateTime={user.createdAt} title={formatDateTime(user.createdAt)}>
                    {formatDate(user.createdAt)}
                  </time>
                ) : null}
              </TableCell>
              <TableCell align="right">
                <UserRowMenu user={user} isMe={isMe} onAction={onAction} />
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </AdminTable>
  );

  const confirmUser = shownConfirm?.user.username ?? '';
  const confirmCopy = {
    disable: {
      title: `Disable ${confirmUser}?`,
      description: `${confirmUser} is signed out everywhere at once and can no longer sign in until enabled again.`,
      label: 'Disable',
    },
    enable: {
      title: `Enable ${confirmUser}?`,
      description: `${confirmUser} can sign in again with their current password.`,
      label: 'Enable',
    },
    reset: {
      title: `Reset the password of ${confirmUser}?`,
      description: `Their current password stops working and they are signed out everywhere. You get a temporary password to give them; they choose a new one when they sign in.`,
      label: 'Reset password',
    },
  }[shownConfirm?.action ?? 'disable'];

  return (
    <>
      <PageHeader
        title="Users"
        subtitle="The people who sign in, and what each may do."
        actions={
          <Button variant="contained" startIcon={<PersonAddIcon />} onClick={() => setCreateOpen(true)}>
            Add user
          </Button>
        }
      />
      {body}
      <CreateUserDialog
        open={createOpen}
        onClose={() => setCreateOpen(false)}
        onCreated={(user, password) => {
          setCreateOpen(false);
          toast.success(`Added ${user.username}.`);
          if (password) setSecret({ username: user.username ?? '', password, reason: 'created' });
        }}
      />
      <EditGroupsDialog
        user={editing}
        onClose={() => setEditing(null)}
        onSaved={(user) => {
          setEditing(null);
          toast.success(`Saved the groups of ${user.username}.`);
        }}
      />
      <ConfirmDialog
        open={!!confirm}
        title={confirmCopy.title}
        description={confirmCopy.description}
        confirmLabel={confirmCopy.label}
        destructive={shownConfirm?.action !== 'enable'}
        loading={update.isLoading || reset.isLoading}
        error={shownConfirm?.action === 'reset' ? reset.error : update.error}
        onConfirm={() => void runConfirm()}
        onCancel={() => setConfirm(null)}
      />
      <SecretDialog
        secret={secret?.password ?? null}
        title={
          secret?.reason === 'reset'
            ? `New temporary password for ${secret.username}`
            : `${secret?.username ?? ''} was added`
        }
        secretLabel="temporary password"
        description={
          <>
            Give this temporary password to <strong>{secret?.username}</strong> through a safe
            channel (not the same email as the username). They sign in with it once and then
            choose their own password.
          </>
        }
        onClose={() => setSecret(null)}
      />
    </>
  );
}
