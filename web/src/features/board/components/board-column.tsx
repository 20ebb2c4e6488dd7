// One stage of the pipeline: its header (label and count) and its cards, the first page from
// GET /leads?status=S&limit=25 (with the board's filters) and more pages on "Load more". Each next
// page asks with the cursor its previous page holds now, so when the lists refetch after a move
// the pages follow each other again without gaps. The column is a drop target; while a card is
// dragged, columns it may not go to are dimmed and refuse it.
import { useDroppable } from '@dnd-kit/core';
import InboxIcon from '@mui/icons-material/InboxOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { alpha, useTheme } from '@mui/material/styles';
import { visuallyHidden } from '@mui/utils';
import { useCallback, useEffect, useId, useState } from 'react';
import { ProblemAlert } from '@/components/problem-alert';
import { statusColor, statusLabel } from '@/components/status-colors';
import { useListLeadsQuery, type Lead, type LeadListParams, type LeadStatus } from '@/lib/leads-api';
import { columnWithMoves, settledMoves, type BoardMove } from '../lib/board-moves';
import { BoardCard } from './board-card';

export const COLUMN_WIDTH = 272;

export interface ColumnCardProps {
  labelOf: (id: string | null | undefined) => string;
  targetsOf: (lead: Lead) => readonly LeadStatus[];
  onMove: (lead: Lead, to: LeadStatus) => void;
  now: Date;
}

interface PageProps extends ColumnCardProps {
  status: LeadStatus;
  params: LeadListParams;
  cursor: string | undefined;
  /** 0 for the first page. */
  depth: number;
  pagesWanted: number;
  onLoadMore: () => void;
  moves: Record<string, BoardMove>;
  onSettled: (leadIds: string[]) => void;
  onCount: (depth: number, count: number | null, more: boolean) => void;
}

function CardSkeletons({ count }: { count: number }) {
  return (
    <>
      {Array.from({ length: count }, (_, i) => (
        <Skeleton key={i} variant="rounded" height={84} sx={{ borderRadius: 1.5, flexShrink: 0 }} />
      ))}
    </>
  );
}

/** One page of the column's cards, and the next page (or "Load more") after it. */
function ColumnPage(props: PageProps) {
  const { status, params, cursor, depth, pagesWanted, onLoadMore, moves, onSettled, onCount } = props;
  const { data, error, isLoading, isFetching, refetch } = useListLeadsQuery(
    cursor ? { ...params, cursor } : params,
  );
  const serverItems = data?.items;
  const items = columnWithMoves(status, serverItems ?? [], moves, { withIncoming: depth === 0 });
  const next = data?.nextCursor ?? null;

  useEffect(() => {
    if (!serverItems) return;
    const settled = settledMoves(status, serverItems, moves);
    if (settled.length > 0) onSettled(settled);
  }, [serverItems, moves, status, onSettled]);

  useEffect(() => {
    onCount(depth, data ? items.length : null, !!next);
  }, [depth, data, items.length, next, onCount]);
  useEffect(() => () => onCount(depth, null, false), [depth, onCount]);

  if (isLoading) return <CardSkeletons count={depth === 0 ? 3 : 2} />;
  if (error && !data) {
    return <ProblemAlert error={error} onRetry={() => void refetch()} sx={{ flexShrink: 0 }} />;
  }

  return (
    <>
      {items.map((lead) => (
        <BoardCard
          key={lead.id}
          lead={lead}
          assignee={props.labelOf(lead.assignedTo)}
          now={props.now}
          targets={props.targetsOf(lead)}
          onMove={props.onMove}
          saving={moves[lead.id]?.phase === 'saving'}
        />
      ))}
      {next && depth + 1 < pagesWanted ? (
        <ColumnPage {...props} cursor={next} depth={depth + 1} />
      ) : next ? (
        <Button
          variant="text"
          size="small"
          onClick={onLoadMore}
          loading={isFetching}
          sx={{ flexShrink: 0 }}
          aria-label={`Load more ${statusLabel(status)} leads`}
        >
          Load more
        </Button>
      ) : null}
    </>
  );
}

export interface BoardColumnProps extends ColumnCardProps {
  status: LeadStatus;
  params: LeadListParams;
  /** From the summary when no filter is set; otherwise the column counts what it loaded. */
  total: number | null;
  moves: Record<string, BoardMove>;
  onSettled: (leadIds: string[]) => void;
  /** The card being dragged, to tell whether it may come here. */
  dragging: Lead | null;
  canDrop: boolean;
}

export function BoardColumn(props: BoardColumnProps) {
  const { status, params, total, dragging, canDrop } = props;
  const theme = useTheme();
  const color = statusColor(status, theme.palette.mode);
  const headingId = useId();
  const [pagesWanted, setPagesWanted] = useState(1);
  const [pageCounts, setPageCounts] = useState<Record<number, { count: number | null; more: boolean }>>({});
  const { setNodeRef, isOver } = useDroppable({ id: status, disabled: !canDrop });
  const paramsKey = JSON.stringify(params);

  // New filters: back to the first page.
  useEffect(() => {
    setPagesWanted(1);
  }, [paramsKey]);

  const onCount = useCallback(
    (depth: number, count: number | null, more: boolean) =>
      setPageCounts((prev) =>
        prev[depth]?.count === count && prev[depth]?.more === more ? prev : { ...prev, [depth]: { count, more } },
      ),
    [],
  );

  const loaded = Object.values(pageCounts).reduce((sum, p) => sum + (p.count ?? 0), 0);
  const shownDepths = Object.keys(pageCounts)
    .map(Number)
    .filter((d) => pageCounts[d]?.count != null);
  const more = shownDepths.length > 0 && !!pageCounts[Math.max(...shownDepths)]?.more;
  const countText = total !== null ? total.toLocaleString() : pageCounts[0]?.count == null ? '…' : `${loaded}${more ? '+' : ''}`;
  const countLabel =
    total !== null
      ? `${total.toLocaleString()} leads`
      : `${loaded} leads loaded${more ? ', more to load' : ''}`;
  const own = dragging?.status === status;
  const dimmed = !!dragging && !canDrop && !own;

  return (
    <Paper
      component="section"
      aria-labelledby={headingId}
      data-board-column={status}
      data-loaded={pageCounts[0]?.count != null ? 'true' : 'false'}
      variant="outlined"
      sx={{
        width: COLUMN_WIDTH,
        flexShrink: 0,
        display: 'flex',
        flexDirection: 'column',
        maxHeight: '100%',
        bgcolor: alpha(color, theme.palette.mode === 'dark' ? 0.07 : 0.045),
        borderColor: isOver && canDrop ? color : 'divider',
        outline: isOver && canDrop ? `2px solid ${color}` : 'none',
        opacity: dimmed ? 0.45 : 1,
        transition: theme.transitions.create(['opacity', 'border-color']),
        overflow: 'hidden',
      }}
    >
      <Box
        sx={{
          position: 'sticky',
          top: 0,
          zIndex: 2,
          px: 1.5,
          py: 1.25,
          borderTop: `3px solid ${color}`,
          borderBottom: 1,
          borderBottomColor: 'divider',
          bgcolor: 'background.paper',
          display: 'flex',
          alignItems: 'center',
          gap: 1,
        }}
      >
        <Box aria-hidden="true" sx={{ width: 10, height: 10, borderRadius: '50%', bgcolor: color, flexShrink: 0 }} />
        <Typography id={headingId} variant="subtitle2" component="h2" noWrap sx={{ flex: 1, minWidth: 0 }}>
          {statusLabel(status)}
        </Typography>
        <Box component="span" sx={visuallyHidden}>
          {countLabel}
        </Box>
        <Typography
          variant="caption"
          aria-hidden="true"
          sx={{
            px: 1,
            py: 0.125,
            borderRadius: 10,
            bgcolor: alpha(color, theme.palette.mode === 'dark' ? 0.22 : 0.12),
            fontWeight: 600,
            fontVariantNumeric: 'tabular-nums',
          }}
        >
          {countText}
        </Typography>
      </Box>
      <Stack
        ref={setNodeRef}
        component="div"
        spacing={1}
        aria-label={`${statusLabel(status)} leads`}
        sx={{ p: 1, overflowY: 'auto', flex: 1, minHeight: 120 }}
      >
        <ColumnPage
          {...props}
          cursor={undefined}
          depth={0}
          pagesWanted={pagesWanted}
          onLoadMore={() => setPagesWanted((n) => n + 1)}
          onCount={onCount}
        />
        {pageCounts[0]?.count === 0 && !more ? (
          <Stack spacing={0.5} sx={{ alignItems: 'center', color: 'text.secondary', py: 3, px: 1, textAlign: 'center' }}>
            <InboxIcon aria-hidden="true" />
            <Typography variant="body2">No leads here.</Typography>
            <Typography variant="caption">
              {dragging && canDrop ? 'Drop the card here.' : 'Drag a card here to move it to this stage.'}
            </Typography>
          </Stack>
        ) : null}
      </Stack>
    </Paper>
  );
}
