// Admin › API keys: the keys machine clients use (the contact center), newest first. Create one
// (its secret shown once), revoke one (it stops working at once; it stays listed as revoked).
import AddIcon from '@mui/icons-material/Add';
import KeyIcon from '@mui/icons-material/KeyOutlined';
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
import { formatDate, formatDateTime, formatRelativeTime } from '@/components/deadlines-time';
import { EmptyState } from '@/components/empty-state';
import { PageHeader } from '@/components/page-header';
import { useToast } from '@/components/toast-context';
import { describeUser, useUserDirectory } from '@/hooks/use-user-directory';
import type { ApiKey } from '@/lib/api-schema';
import { MONO_STACK } from '@/theme/theme';
import {
  useListApiKeysInfiniteQuery,
  useRevokeApiKeyMutation,
  type CreatedApiKey,
} from '../admin-api';
import { AdminTable } from './admin-table';
import { CreateApiKeyDialog, scopeLabel } from './create-api-key-dialog';
import { SecretDialog } from './secret-dialog';
import { useLastPresent } from './use-last-present';

export function ApiKeysPage() {
  const toast = useToast();
  const directory = useUserDirectory();
  const [searchParams] = useSearchParams();
  const highlight = searchParams.get('highlight');
  const { data, error, isLoading, hasNextPage, fetchNextPage, isFetchingNextPage, refetch } =
    useListApiKeysInfiniteQuery();
  const [revokeKey, revoke] = useRevokeApiKeyMutation();
  const [createOpen, setCreateOpen] = useState(false);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const shownRevoking = useLastPresent(revoking);
  const highlightRef = useRef<HTMLTableRowElement>(null);
  const keys = useMemo(() => data?.pages.flatMap((p) => p.items) ?? [], [data]);
  const found = !!highlight && keys.some((k) => k.id === highlight);
  const now = new Date();

  useEffect(() => {
    if (!highlight || isLoading || isFetchingNextPage) return;
    if (!found && hasNextPage) void fetchNextPage();
  }, [highlight, found, hasNextPage, isLoading, isFetchingNextPage, fetchNextPage]);
  useEffect(() => {
    if (found) highlightRef.current?.scrollIntoView?.({ block: 'center' });
  }, [found]);

  const runRevoke = async () => {
    if (!revoking) return;
    try {
      await revokeKey(revoking.id).unwrap();
      toast.success(`Revoked “${revoking.name}”.`);
      setRevoking(null);
    } catch {
      // Shown in the dialog.
    }
  };

  const creator = (id: string) => {
    if (id === 'system') return 'System (command line)';
    return describeUser(directory, id, 'Unknown').label;
  };

  const body = (
    <AdminTable
      label="API keys"
      loadingLabel="Loading API keys"
      error={error}
      isLoading={isLoading}
      rowCount={keys.length}
      columns={6}
      errorTitle="The API keys could not be loaded"
      onRetry={refetch}
      empty={
        <EmptyState
          icon={<KeyIcon />}
          title="No API keys yet"
          description="Machine clients, such as the contact center sending call events or looking up callers, each need a key with the scopes they use."
          action={{ label: 'Create API key', onClick: () => setCreateOpen(true), startIcon: <AddIcon /> }}
        />
      }
      hasNextPage={!!hasNextPage}
      isFetchingNextPage={isFetchingNextPage}
      onLoadMore={() => void fetchNextPage()}
    >
      <TableHead>
        <TableRow>
          <TableCell>Name</TableCell>
          <TableCell>Scopes</TableCell>
          <TableCell>Created</TableCell>
          <TableCell>Last used</TableCell>
          <TableCell>Status</TableCell>
          <TableCell align="right">
            <Box component="span" sx={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>
              Actions
            </Box>
          </TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {keys.map((key) => {
          const revoked = !!key.revokedAt;
          const highlighted = key.id === highlight;
          return (
            <TableRow
              key={key.id}
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
                <Typography
                  variant="body2"
                  sx={{ fontWeight: 600, color: revoked ? 'text.secondary' : 'text.primary' }}
                >
                  {key.name}
                </Typography>
                <Typography variant="caption" color="text.secondary" sx={{ fontFamily: MONO_STACK }}>
                  {key.id}
                </Typography>
              </TableCell>
              <TableCell>
                <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
                  {key.scopes.map((scope) => (
                    <Tooltip key={scope} title={scope}>
                      <Chip size="small" label={scopeLabel(scope)} variant="outlined" />
                    </Tooltip>
                  ))}
                </Stack>
              </TableCell>
              <TableCell>
                <Typography variant="body2">
                  <time dateTime={key.createdAt} title={formatDateTime(key.createdAt, now)}>
                    {formatDate(key.createdAt)}
                  </time>
                </Typography>
                <Typography variant="caption" color="text.secondary">
                  by {creator(key.createdBy)}
                </Typography>
              </TableCell>
              <TableCell>
                {key.lastUsedAt ? (
                  <time dateTime={key.lastUsedAt} title={formatDateTime(key.lastUsedAt, now)}>
                    {formatRelativeTime(key.lastUsedAt, now)}
                  </time>
                ) : (
                  <Typography variant="body2" color="text.secondary" component="span">
                    Never
                  </Typography>
                )}
              </TableCell>
              <TableCell>
                {revoked ? (
                  <Tooltip title={`Revoked ${formatDateTime(key.revokedAt!, now)}`}>
                    <Chip size="small" label="Revoked" variant="outlined" />
                  </Tooltip>
                ) : (
                  <Chip size="small" label="Active" color="success" variant="outlined" />
                )}
              </TableCell>
              <TableCell align="right">
                {revoked ? null : (
                  <Button
                    size="small"
                    color="error"
                    onClick={() => {
                      revoke.reset();
                      setRevoking(key);
                    }}
                    aria-label={`Revoke ${key.name}`}
                  >
                    Revoke
                  </Button>
                )}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </AdminTable>
  );

  return (
    <>
      <PageHeader
        title="API keys"
        subtitle="Keys for the contact center and other machine clients. A key's secret is shown only when it is created."
        actions={
          <Button variant="contained" startIcon={<AddIcon />} onClick={() => setCreateOpen(true)}>
            Create API key
          </Button>
        }
      />
      {body}
      <CreateApiKeyDialog
        open={createOpen}
        onClose={() => setCreateOpen(false)}
        onCreated={(reply) => {
          setCreateOpen(false);
          setCreated(reply);
          toast.success(`Created “${reply.apiKey.name}”.`);
        }}
      />
      <SecretDialog
        secret={created?.secret ?? null}
        title={`API key “${created?.apiKey.name ?? ''}” created`}
        secretLabel="API key"
        description={
          <>
            Configure the client to send it in the <code>X-Api-Key</code> header. Only a hash of
            it is kept here: if it is lost, create a new key and revoke this one.
          </>
        }
        onClose={() => setCreated(null)}
      />
      <ConfirmDialog
        open={!!revoking}
        title={`Revoke “${shownRevoking?.name ?? ''}”?`}
        description="Clients using this key are refused from now on. A revoked key cannot be enabled again; it stays listed as revoked."
        confirmLabel="Revoke key"
        destructive
        loading={revoke.isLoading}
        error={revoke.error}
        onConfirm={() => void runRevoke()}
        onCancel={() => setRevoking(null)}
      />
    </>
  );
}
