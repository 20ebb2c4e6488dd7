// Admin › Audit log: the hash-chained trail, newest first, filtered by entity, id, actor, action
// and time (kept in the URL), with "Load more". A sparse filter may answer empty pages that
// still carry a cursor: those are followed on their own, a bounded number at a time.
import HistoryIcon from '@mui/icons-material/HistoryOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { EmptyState } from '@/components/empty-state';
import { TableSkeleton } from '@/components/loading-skeletons';
import { PageHeader } from '@/components/page-header';
import { ProblemAlert } from '@/components/problem-alert';
import { useUserDirectory } from '@/hooks/use-user-directory';
import { useListAuditInfiniteQuery } from '../admin-api';
import { auditQuery, filtersFromSearch, filtersToSearch, hasFilters } from '../audit-filters';
import { AuditFilterBar } from './audit-filter-bar';
import { AuditTable } from './audit-table';

/** Empty pages followed automatically before asking the user to "Load more". */
const AUTO_FOLLOW = 10;

export function AuditLogPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const directory = useUserDirectory();
  const filters = useMemo(() => filtersFromSearch(searchParams), [searchParams]);
  const query = useMemo(() => auditQuery(filters), [filters]);
  const { data, error, isLoading, isFetching, hasNextPage, fetchNextPage, isFetchingNextPage, refetch } =
    useListAuditInfiniteQuery(query);
  const records = useMemo(() => data?.pages.flatMap((p) => p.items) ?? [], [data]);
  const pageCount = data?.pages.length ?? 0;

  // Keep reading while a filter has found nothing yet but the server says there is more.
  const key = JSON.stringify(query);
  const [followed, setFollowed] = useState({ key, count: 0 });
  if (followed.key !== key) setFollowed({ key, count: 0 });
  const searching = records.length === 0 && !!hasNextPage && followed.count < AUTO_FOLLOW;
  useEffect(() => {
    if (!searching || isFetching || error) return;
    setFollowed((f) => ({ ...f, count: f.count + 1 }));
    void fetchNextPage();
  }, [searching, isFetching, error, fetchNextPage, pageCount]);

  const filtered = hasFilters(filters);
  let body;
  if (error && records.length === 0) {
    body = <ProblemAlert error={error} title="The audit log could not be loaded" onRetry={refetch} />;
  } else if (isLoading || searching) {
    body = (
      <Box role="status" aria-label="Loading audit records" aria-busy="true">
        {searching ? (
          <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
            Searching older records…
          </Typography>
        ) : null}
        <TableSkeleton rows={8} columns={7} />
      </Box>
    );
  } else if (records.length === 0) {
    body = (
      <EmptyState
        icon={<HistoryIcon />}
        title={filtered ? 'No records match these filters' : 'No audit records yet'}
        description={
          filtered
            ? hasNextPage
              ? 'Nothing in the records read so far. Keep searching older records, or widen the filters.'
              : 'Widen the time range or clear a filter.'
            : 'Sign-ins, changes and key uses are recorded here as they happen.'
        }
        action={
          filtered ? (
            <Stack direction="row" spacing={1}>
              {hasNextPage ? (
                <Button variant="outlined" onClick={() => void fetchNextPage()} loading={isFetchingNextPage}>
                  Search older records
                </Button>
              ) : null}
              <Button variant="contained" onClick={() => setSearchParams(new URLSearchParams(), { replace: true })}>
                Clear filters
              </Button>
            </Stack>
          ) : undefined
        }
      />
    );
  } else {
    body = (
      <Stack spacing={2}>
        {error ? <ProblemAlert error={error} onRetry={refetch} /> : null}
        <Box sx={{ position: 'relative' }}>
          {isFetching && !isFetchingNextPage ? (
            <LinearProgress aria-label="Refreshing" sx={{ position: 'absolute', top: 0, left: 0, right: 0, zIndex: 1 }} />
          ) : null}
          <AuditTable records={records} nameOf={directory.nameOf} />
        </Box>
        {hasNextPage ? (
          <Box sx={{ display: 'flex', justifyContent: 'center' }}>
            <Button variant="outlined" onClick={() => void fetchNextPage()} loading={isFetchingNextPage}>
              Load more
            </Button>
          </Box>
        ) : (
          <Typography variant="body2" color="text.secondary" sx={{ textAlign: 'center' }}>
            {filtered ? `All ${records.length} matching records shown.` : 'The start of the audit trail.'}
          </Typography>
        )}
      </Stack>
    );
  }

  return (
    <>
      <PageHeader
        title="Audit log"
        subtitle="Every change, sign-in and key use, newest first. Secrets read ***."
      />
      <AuditFilterBar
        value={filters}
        users={directory.users}
        onApply={(next) => setSearchParams(filtersToSearch(next))}
      />
      {body}
    </>
  );
}
