// The lead page (/leads/:id): header (name, assignee, legal hold, tags, created/updated, delete or
// restore), the pipeline stepper, the editable field groups, and the tabs (activity, notes,
// deadlines, and whatever lead-tabs.tsx lists). A 404 — unknown, deleted, or (for agents) someone
// else's lead — shows a not-found state. Unsaved edits warn before leaving the page.
import DeleteIcon from '@mui/icons-material/DeleteOutlined';
import RestoreIcon from '@mui/icons-material/RestoreFromTrash';
import SearchOffIcon from '@mui/icons-material/SearchOff';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Breadcrumbs from '@mui/material/Breadcrumbs';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Divider from '@mui/material/Divider';
import Grid from '@mui/material/Grid';
import Link from '@mui/material/Link';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useCallback, useEffect, useState } from 'react';
import { Link as RouterLink, useBlocker, useNavigate, useParams } from 'react-router';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { EmptyState } from '@/components/empty-state';
import { CardSkeleton, PageHeaderSkeleton } from '@/components/loading-skeletons';
import { PageHeader } from '@/components/page-header';
import { ProblemAlert } from '@/components/problem-alert';
import { useToast } from '@/components/toast-context';
import { useDocumentTitle } from '@/hooks/use-document-title';
import { useCan, useRole } from '@/hooks/use-role';
import { useUserDirectory } from '@/hooks/use-user-directory';
import { problemFromError } from '@/lib/problem';
import {
  useDeleteLeadMutation,
  useGetLeadQuery,
  useRestoreLeadMutation,
  type Lead,
} from '@/lib/leads-api';
import { FIELD_GROUPS } from '../lib/lead-fields';
import { FieldGroupCard } from './field-group-card';
import { LeadOverview } from './lead-overview';
import { LeadTabsPanel } from './lead-tabs-panel';
import { RelativeTime } from './relative-time';
import { StatusStepper } from './status-stepper';

function LeadPageSkeleton() {
  return (
    <Box role="status" aria-label="Loading the lead" aria-busy="true">
      <PageHeaderSkeleton />
      <Card sx={{ mb: 3 }}>
        <CardContent>
          <Stack direction="row" spacing={4} sx={{ mb: 3 }}>
            <Skeleton variant="rounded" width={220} height={40} />
            <Skeleton variant="rounded" width={120} height={40} />
            <Skeleton variant="rounded" width={260} height={40} />
          </Stack>
          <Stack direction="row" spacing={2} sx={{ justifyContent: 'space-between' }}>
            {Array.from({ length: 8 }, (_, i) => (
              <Stack key={i} spacing={1} sx={{ alignItems: 'center', flex: 1 }}>
                <Skeleton variant="circular" width={24} height={24} />
                <Skeleton variant="text" width="70%" />
              </Stack>
            ))}
          </Stack>
        </CardContent>
      </Card>
      <Grid container spacing={3}>
        <Grid size={{ xs: 12, lg: 7 }}>
          <Stack spacing={3}>
            <CardSkeleton lines={4} />
            <CardSkeleton lines={3} />
          </Stack>
        </Grid>
        <Grid size={{ xs: 12, lg: 5 }}>
          <CardSkeleton lines={6} />
        </Grid>
      </Grid>
    </Box>
  );
}

function LeadNotFound() {
  const role = useRole();
  useDocumentTitle('Lead not found');
  return (
    <>
      <PageHeader title="Lead not found" />
      <EmptyState
        icon={<SearchOffIcon />}
        title={role === 'agent' ? 'This lead does not exist or is not yours' : 'This lead does not exist'}
        description={
          role === 'agent'
            ? 'It may have been deleted or reassigned to someone else. Your own leads are on the Leads page.'
            : 'It may have been deleted, or the link may be mistyped. Find the lead on the Leads page.'
        }
        action={
          <Button component={RouterLink} to="/leads" variant="contained">
            Go to leads
          </Button>
        }
      />
    </>
  );
}

function useUnsavedGuard(dirty: boolean) {
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);
  return blocker;
}

function LeadView({ lead }: { lead: Lead }) {
  const name = `${lead.firstName} ${lead.lastName}`;
  const deleted = !!lead.deletedAt;
  const canRestore = useCan('leads.restore');
  const directory = useUserDirectory();
  const navigate = useNavigate();
  const toast = useToast();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleteLead, deleteState] = useDeleteLeadMutation();
  const [restoreLead, restoreState] = useRestoreLeadMutation();

  const [dirtyGroups, setDirtyGroups] = useState<Record<string, boolean>>({});
  const onDirtyChange = useCallback(
    (groupId: string, dirty: boolean) =>
      setDirtyGroups((prev) => (!!prev[groupId] === dirty ? prev : { ...prev, [groupId]: dirty })),
    [],
  );
  const dirtyTitles = FIELD_GROUPS.filter((g) => dirtyGroups[g.id]).map((g) => g.title.toLowerCase());
  const blocker = useUnsavedGuard(dirtyTitles.length > 0);

  const remove = async () => {
    try {
      await deleteLead(lead.id).unwrap();
      setConfirmDelete(false);
      if (canRestore) {
        toast.success(`${name} was deleted. You can restore the lead from this page.`);
      } else {
        toast.success(`${name} was deleted.`);
        void navigate('/leads');
      }
    } catch {
      // Shown in the dialog (e.g. the legal hold's reason).
    }
  };

  const restore = async () => {
    try {
      await restoreLead(lead.id).unwrap();
      toast.success(`${name} was restored.`);
    } catch {
      // Shown in the banner.
    }
  };

  return (
    <>
      <PageHeader
        title={name}
        documentTitle={`${name} · Lead`}
        breadcrumbs={
          <Breadcrumbs aria-label="Breadcrumb">
            <Link component={RouterLink} to="/leads" underline="hover" color="inherit">
              Leads
            </Link>
            <Typography color="text.primary" aria-current="page">
              {name}
            </Typography>
          </Breadcrumbs>
        }
        subtitle={
          <Stack
            component="span"
            direction="row"
            spacing={1}
            sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 0.5 }}
          >
            <span>
              Created <RelativeTime value={lead.createdAt} /> by {directory.labelOf(lead.createdBy)}
            </span>
            <span aria-hidden="true">·</span>
            <span>
              Updated <RelativeTime value={lead.updatedAt} />
            </span>
          </Stack>
        }
        actions={
          deleted ? (
            canRestore ? (
              <Button
                variant="contained"
                startIcon={<RestoreIcon />}
                onClick={() => void restore()}
                loading={restoreState.isLoading}
              >
                Restore
              </Button>
            ) : null
          ) : (
            <Button
              variant="outlined"
              color="error"
              startIcon={<DeleteIcon />}
              onClick={() => {
                deleteState.reset();
                setConfirmDelete(true);
              }}
            >
              Delete
            </Button>
          )
        }
      />

      {deleted ? (
        <Alert severity="warning" sx={{ mb: 3 }}>
          This lead was deleted <RelativeTime value={lead.deletedAt!} />. It is hidden from lists and
          search; restore it to work on it again.
        </Alert>
      ) : null}
      {restoreState.error ? <ProblemAlert error={restoreState.error} sx={{ mb: 3 }} /> : null}

      <Card sx={{ mb: 3 }}>
        <CardContent sx={{ '&:last-child': { pb: 2 } }}>
          <LeadOverview lead={lead} readOnly={deleted} />
          <Divider sx={{ my: 2 }} />
          <StatusStepper lead={lead} readOnly={deleted} />
        </CardContent>
      </Card>

      <Grid container spacing={3}>
        <Grid size={{ xs: 12, lg: 7 }}>
          <Stack spacing={3}>
            {FIELD_GROUPS.map((group) => (
              <FieldGroupCard
                key={group.id}
                lead={lead}
                group={group}
                readOnly={deleted}
                onDirtyChange={onDirtyChange}
              />
            ))}
          </Stack>
        </Grid>
        <Grid size={{ xs: 12, lg: 5 }}>
          {/* Beside the fields on wide screens, the tabs stay in view and scroll inside. */}
          <Box sx={{ position: { lg: 'sticky' }, top: { lg: 88 } }}>
            <LeadTabsPanel lead={lead} readOnly={deleted} />
          </Box>
        </Grid>
      </Grid>

      <ConfirmDialog
        open={confirmDelete}
        title="Delete this lead?"
        description={`${name} leaves lists, search and the board. ${
          canRestore ? 'You can restore it afterwards.' : 'Only an admin can restore it.'
        }`}
        confirmLabel="Delete"
        destructive
        loading={deleteState.isLoading}
        error={deleteState.error}
        onConfirm={() => void remove()}
        onCancel={() => setConfirmDelete(false)}
      />
      <ConfirmDialog
        open={blocker.state === 'blocked'}
        title="Leave without saving?"
        description={`Your edits to ${dirtyTitles.join(', ') || 'this lead'} are not saved. Leaving discards them.`}
        confirmLabel="Leave"
        cancelLabel="Stay"
        destructive
        onConfirm={() => blocker.proceed?.()}
        onCancel={() => blocker.reset?.()}
      />
    </>
  );
}

export function LeadPage() {
  const { id = '' } = useParams();
  const { data: lead, error, isLoading, refetch } = useGetLeadQuery(id, { skip: id === '' });
  const status = problemFromError(error)?.status;

  if (isLoading) return <LeadPageSkeleton />;
  if (status === 404 || id === '') return <LeadNotFound />;
  if (!lead) {
    return (
      <>
        <PageHeader title="Lead" />
        <ProblemAlert error={error} title="The lead could not be loaded" onRetry={() => void refetch()} />
      </>
    );
  }
  // Keyed by id: another lead starts with fresh forms, tabs state and dialogs.
  return <LeadView key={lead.id} lead={lead} />;
}

export default LeadPage;
