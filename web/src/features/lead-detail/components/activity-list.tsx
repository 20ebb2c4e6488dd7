// The lead's activity as a timeline, newest first, with "Load more" following the cursor. The
// activity and notes tabs both show it (notes filtered), from the same cached feed.
import HistoryIcon from '@mui/icons-material/History';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useMemo, type ReactNode } from 'react';
import { EmptyState } from '@/components/empty-state';
import { ProblemAlert } from '@/components/problem-alert';
import { useUserDirectory } from '@/hooks/use-user-directory';
import type { ActivityEntry, Lead } from '@/lib/leads-api';
import { useLeadActivityFeedInfiniteQuery } from '../lead-detail-api';
import { ActivityEntryItem } from './activity-entry';

export interface ActivityListProps {
  lead: Lead;
  /** Which entries to show (all by default). */
  filter?: (entry: ActivityEntry) => boolean;
  /** What an empty list says. */
  empty: { title: string; description: ReactNode };
  /** The label of the list, for screen readers. */
  label: string;
  loadMoreLabel?: string;
}

export function ActivityList({ lead, filter, empty, label, loadMoreLabel = 'Load more' }: ActivityListProps) {
  const deleted = !!lead.deletedAt;
  const { labelOf } = useUserDirectory();
  const ctx = useMemo(() => ({ userLabel: labelOf }), [labelOf]);
  const feed = useLeadActivityFeedInfiniteQuery(lead.id, { skip: deleted });

  const entries = useMemo(() => {
    const all = (feed.data?.pages ?? []).flatMap((page) => page.items);
    // Pages are refetched from the first after a change; never show an entry twice meanwhile.
    const seen = new Set<string>();
    return all.filter((entry) => {
      if (seen.has(entry.id)) return false;
      seen.add(entry.id);
      return filter ? filter(entry) : true;
    });
  }, [feed.data, filter]);

  if (deleted) {
    return (
      <EmptyState
        dense
        headingLevel="h3"
        icon={<HistoryIcon />}
        title="Hidden while the lead is deleted"
        description="Restore the lead to see its activity again."
      />
    );
  }
  if (feed.isLoading) {
    return (
      <Box role="status" aria-label={`Loading ${label.toLowerCase()}`}>
        {Array.from({ length: 4 }, (_, i) => (
          <Stack key={i} direction="row" spacing={1.5} sx={{ mb: 2 }}>
            <Skeleton variant="circular" width={32} height={32} />
            <Box sx={{ flex: 1 }}>
              <Skeleton variant="text" width="70%" />
              <Skeleton variant="text" width="40%" />
            </Box>
          </Stack>
        ))}
      </Box>
    );
  }
  if (feed.error && !feed.data) {
    return <ProblemAlert error={feed.error} onRetry={() => void feed.refetch()} />;
  }

  const more = feed.hasNextPage;
  return (
    <Box>
      {entries.length === 0 && !more ? (
        <EmptyState dense headingLevel="h3" icon={<HistoryIcon />} title={empty.title} description={empty.description} />
      ) : (
        <Box component="ol" aria-label={label} sx={{ listStyle: 'none', m: 0, p: 0 }}>
          {entries.map((entry) => (
            <ActivityEntryItem key={entry.id} entry={entry} ctx={ctx} />
          ))}
        </Box>
      )}
      {entries.length === 0 && more ? (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          None in the latest activity.
        </Typography>
      ) : null}
      {feed.error && feed.data ? (
        <ProblemAlert error={feed.error} onRetry={() => void feed.fetchNextPage()} sx={{ mb: 1 }} />
      ) : null}
      {more ? (
        <Button
          variant="outlined"
          onClick={() => void feed.fetchNextPage()}
          loading={feed.isFetchingNextPage}
          fullWidth
        >
          {loadMoreLabel}
        </Button>
      ) : null}
    </Box>
  );
}
