// Deadlines (/deadlines): open deadlines across leads, in tabs Overdue / Today / This week, with
// an assignee filter for managers and admins, "Load more", and Done with undo.
import EventAvailableIcon from '@mui/icons-material/EventAvailableOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { EmptyState } from '@/components/empty-state';
import { TableSkeleton } from '@/components/loading-skeletons';
import { PageHeader } from '@/components/page-header';
import { ProblemAlert } from '@/components/problem-alert';
import { useToast } from '@/components/toast-context';
import { deadlineKindLabel } from '@/components/deadlines-kinds';
import { useUserDirectory } from '@/hooks/use-user-directory';
import { useCan } from '@/hooks/use-role';
import {
  useGetLeadSummaryQuery,
  usePatchDeadlineMutation,
  utcOffsetMinutes,
} from '@/lib/leads-api';
import { problemFromError } from '@/lib/problem';
import { useListDeadlinePagesInfiniteQuery } from '../deadlines-api';
import {
  DUE_TABS,
  deadlineQuery,
  leadName,
  parseAssignee,
  parseDue,
  type DeadlineRow,
  type DueFilter,
} from '../deadlines-logic';
import { DeadlinesTable } from './deadlines-table';

const EMPTY: Record<DueFilter, { title: string; description: string }> = {
  overdue: {
    title: 'Nothing overdue',
    description: 'Every open deadline is still ahead. Check what is due today or this week.',
  },
  today: {
    title: 'Nothing due today',
    description: 'No open deadlines fall on today. Look at the week ahead to plan.',
  },
  week: {
    title: 'Nothing due this week',
    description: 'No open deadlines in the next 7 days. Add deadlines from a lead’s page.',
  },
};

export function DeadlinesPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const canChoose = useCan('leads.viewAll');
  const directory = useUserDirectory();
  const toast = useToast();
  const [offset] = useState(() => utcOffsetMinutes());
  const due = parseDue(searchParams.get('due'));
  const assignee = parseAssignee(searchParams.get('assignee'), canChoose);

  const query = deadlineQuery({
    due,
    assignee,
    meId: directory.meId,
    canChoose,
    utcOffsetMinutes: offset,
  });
  const {
    data,
    error,
    isLoading,
    isFetching,
    isFetchingNextPage,
    hasNextPage,
    fetchNextPage,
    refetch,
  } = useListDeadlinePagesInfiniteQuery(query);
  const { data: summary } = useGetLeadSummaryQuery({ utcOffsetMinutes: offset });
  const [patchDeadline] = usePatchDeadlineMutation();
  const [doneIds, setDoneIds] = useState<ReadonlySet<string>>(() => new Set());
  const [pendingIds, setPendingIds] = useState<ReadonlySet<string>>(() => new Set());

  const rows = useMemo(() => data?.pages.flatMap((p) => p.items) ?? [], [data]);
  // Recomputed with each render (a minute's drift between renders does not matter here).
  const now = new Date();

  const update = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(searchParams);
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) next.delete(key);
      else next.set(key, value);
    }
    setSearchParams(next, { replace: true });
  };

  const setFlag = (
    setter: typeof setDoneIds,
    id: string,
    on: boolean,
  ) =>
    setter((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  const reopen = useCallback(
    async (row: DeadlineRow) => {
      try {
        await patchDeadline({ id: row.leadId, deadlineId: row.id, patch: { doneAt: null } }).unwrap();
        setFlag(setDoneIds, row.id, false);
        toast.info(`Reopened the ${deadlineKindLabel(row.kind).toLowerCase()} for ${leadName(row)}.`);
      } catch (e) {
        toast.error(problemFromError(e)?.detail ?? 'The deadline could not be reopened.');
      }
    },
    [patchDeadline, toast],
  );

  const markDone = async (row: DeadlineRow) => {
    setFlag(setPendingIds, row.id, true);
    try {
      await patchDeadline({
        id: row.leadId,
        deadlineId: row.id,
        patch: { doneAt: new Date().toISOString() },
      }).unwrap();
      setFlag(setDoneIds, row.id, true);
      toast.success(`Marked the ${deadlineKindLabel(row.kind).toLowerCase()} for ${leadName(row)} done.`, {
        action: { label: 'Undo', onClick: () => void reopen(row) },
      });
    } catch (e) {
      toast.error(problemFromError(e)?.detail ?? 'The deadline could not be marked done.');
    } finally {
      setFlag(setPendingIds, row.id, false);
    }
  };

  // Tab counts come from the dashboard summary, which counts the caller's whole scope: shown
  // only while the list is not narrowed to one assignee.
  const counts: Partial<Record<DueFilter, number>> =
    summary && assignee === (canChoose ? 'all' : 'me')
      ? { overdue: summary.deadlines.overdue, today: summary.deadlines.dueToday }
      : {};

  const tabLabel = DUE_TABS.find((t) => t.value === due)?.label ?? '';
  const assigneeOptions = useMemo(() => {
    const others = directory.users
      .filter((u) => u.id && u.id !== directory.meId)
      .sort((a, b) => (a.username ?? '').localeCompare(b.username ?? ''));
    return others;
  }, [directory.users, directory.meId]);

  let body;
  if (error && rows.length === 0) {
    body = <ProblemAlert error={error} title="The deadlines could not be loaded" onRetry={refetch} />;
  } else if (isLoading) {
    body = (
      <Box role="status" aria-label="Loading deadlines" aria-busy="true">
        <TableSkeleton rows={6} columns={canChoose ? 6 : 5} />
      </Box>
    );
  } else if (rows.length === 0) {
    const nextTab = due === 'overdue' ? 'today' : due === 'today' ? 'week' : null;
    body = (
      <EmptyState
        icon={<EventAvailableIcon />}
        title={EMPTY[due].title}
        description={EMPTY[due].description}
        action={
          nextTab
            ? {
                label: nextTab === 'today' ? 'See today' : 'See this week',
                onClick: () => update({ due: nextTab }),
              }
            : undefined
        }
      />
    );
  } else {
    body = (
      <Stack spacing={2}>
        {error ? <ProblemAlert error={error} onRetry={refetch} /> : null}
        <DeadlinesTable
          rows={rows}
          now={now}
          showAssignee={canChoose}
          directory={directory}
          doneIds={doneIds}
          pendingIds={pendingIds}
          onDone={(row) => void markDone(row)}
          caption={`${tabLabel} deadlines`}
        />
        {hasNextPage ? (
          <Box sx={{ display: 'flex', justifyContent: 'center' }}>
            <Button
              variant="outlined"
              onClick={() => void fetchNextPage()}
              loading={isFetchingNextPage}
            >
              Load more
            </Button>
          </Box>
        ) : (
          <Typography variant="body2" color="text.secondary" sx={{ textAlign: 'center' }}>
            {rows.length === 1 ? 'That is the only one.' : `All ${rows.length} shown.`}
          </Typography>
        )}
      </Stack>
    );
  }

  return (
    <>
      <PageHeader
        title="Deadlines"
        subtitle={
          canChoose
            ? 'Open deadlines across the office, soonest first.'
            : 'Open deadlines on your leads, soonest first.'
        }
      />
      <Stack
        direction={{ xs: 'column', md: 'row' }}
        spacing={2}
        sx={{ alignItems: { md: 'flex-end' }, justifyContent: 'space-between', mb: 2 }}
      >
        <Tabs
          value={due}
          onChange={(_e, value: DueFilter) => update({ due: value })}
          aria-label="When the deadlines are due"
          sx={{ borderBottom: 1, borderColor: 'divider', minHeight: 44 }}
        >
          {DUE_TABS.map((tab) => {
            const count = counts[tab.value];
            return (
              <Tab
                key={tab.value}
                value={tab.value}
                sx={{ minHeight: 44 }}
                label={
                  <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 1 }}>
                    {tab.label}
                    {count ? (
                      <Box
                        component="span"
                        sx={{
                          minWidth: 22,
                          height: 20,
                          px: 0.75,
                          borderRadius: 10,
                          fontSize: 12,
                          fontWeight: 700,
                          lineHeight: '20px',
                          textAlign: 'center',
                          bgcolor: tab.value === 'overdue' ? 'error.main' : 'action.selected',
                          color: tab.value === 'overdue' ? 'error.contrastText' : 'text.primary',
                        }}
                      >
                        {count > 999 ? '999+' : count}
                      </Box>
                    ) : null}
                  </Box>
                }
              />
            );
          })}
        </Tabs>
        {canChoose ? (
          <TextField
            select
            size="small"
            label="Assignee"
            value={assignee}
            onChange={(e) => update({ assignee: e.target.value === 'all' ? null : e.target.value })}
            sx={{ minWidth: 220 }}
          >
            <MenuItem value="all">Everyone</MenuItem>
            <MenuItem value="me">Me</MenuItem>
            {assigneeOptions.map((u) => (
              <MenuItem key={u.id} value={u.id}>
                {u.username}
                {u.enabled === false ? ' (disabled)' : ''}
              </MenuItem>
            ))}
            {assignee !== 'all' && assignee !== 'me' && !assigneeOptions.some((u) => u.id === assignee) ? (
              <MenuItem value={assignee}>{directory.nameOf(assignee) ?? assignee}</MenuItem>
            ) : null}
          </TextField>
        ) : null}
      </Stack>
      <Box aria-busy={isFetching}>
        {body}
      </Box>
    </>
  );
}
