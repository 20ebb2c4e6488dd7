// The pipeline board (/board): a column per status in pipeline order (lost last), each with its
// count and its first page of cards. Nine small list queries in parallel (plus the summary for the
// counts when no filter is set), so it opens fast however many leads there are. Dragging a card
// to another column (pointer or keyboard), or "Move to…", moves the lead: the card moves at once,
// then PATCH status with If-Match; a refusal (stage gate, a move back, someone else's change)
// puts it back and says why above the board.
import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
  type DragEndEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import CloseIcon from '@mui/icons-material/Close';
import ViewKanbanIcon from '@mui/icons-material/ViewKanbanOutlined';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import { useCallback, useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState } from 'react';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { useAppDispatch } from '@/app/hooks';
import { EmptyState } from '@/components/empty-state';
import { PageHeader } from '@/components/page-header';
import { ProblemAlert } from '@/components/problem-alert';
import { statusLabel } from '@/components/status-colors';
import { useToast } from '@/components/toast-context';
import { stageGateRefusal, useStatusMoves } from '@/hooks/lead-detail-status-moves';
import { useUserDirectory } from '@/hooks/use-user-directory';
import { useCan } from '@/hooks/use-role';
import { api } from '@/lib/base-api';
import { problemFromError } from '@/lib/problem';
import {
  LEAD_STATUSES,
  useGetLeadSummaryQuery,
  usePatchLeadMutation,
  utcOffsetMinutes,
  type Lead,
  type LeadStatus,
} from '@/lib/leads-api';
import {
  boardAnnouncements,
  boardCollisionDetection,
  columnKeyboardCoordinates,
  leadName,
  SCREEN_READER_INSTRUCTIONS,
  type CardDragData,
} from '../lib/board-dnd';
import { columnParams, filtersFromParams, hasFilters, withFilters, type BoardFilters } from '../lib/board-filters';
import { boardMovesReducer, countsWithMoves, initialMovesState } from '../lib/board-moves';
import { BoardCardOverlay } from './board-card';
import { BoardColumn } from './board-column';
import { BoardFilterBar } from './board-filter-bar';

interface Refusal {
  lead: Lead;
  to: LeadStatus;
  error: unknown;
}

function RefusalAlert({ refusal, onClose }: { refusal: Refusal; onClose: () => void }) {
  const name = leadName(refusal.lead);
  const gate = stageGateRefusal(refusal.error);
  const info = problemFromError(refusal.error);
  const message = gate
    ? gate.detail
    : info?.status === 412
      ? 'Someone else changed this lead meanwhile. The board has been refreshed; check the card and try again.'
      : (info?.detail ?? 'The move could not be saved.');
  return (
    <Alert
      severity={gate || info?.status === 412 ? 'warning' : 'error'}
      role="alert"
      sx={{ mb: 2, '& .MuiAlert-action': { alignItems: 'flex-start', whiteSpace: 'nowrap' } }}
      action={
        <Stack direction="row" spacing={0.5} sx={{ alignItems: 'center' }}>
          <Button
            component={RouterLink}
            to={gate ? `/leads/${refusal.lead.id}?tab=documents` : `/leads/${refusal.lead.id}`}
            color="inherit"
            size="small"
          >
            {gate ? 'Add documents' : 'Open lead'}
          </Button>
          <IconButton aria-label="Dismiss" color="inherit" size="small" onClick={onClose}>
            <CloseIcon fontSize="small" />
          </IconButton>
        </Stack>
      }
    >
      <AlertTitle sx={{ mb: 0.25 }}>
        Couldn&apos;t move {name} to {statusLabel(refusal.to)}
      </AlertTitle>
      {message}
    </Alert>
  );
}

/** Keeps the board as tall as the window below its top, so columns scroll and headers stay. */
function useFillHeight<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  const [height, setHeight] = useState<number | null>(null);
  useLayoutEffect(() => {
    const update = () => {
      const node = ref.current;
      if (!node) return;
      const top = node.getBoundingClientRect().top + window.scrollY;
      setHeight(Math.max(320, window.innerHeight - top - 16));
    };
    update();
    window.addEventListener('resize', update);
    const observer = typeof ResizeObserver !== 'undefined' ? new ResizeObserver(update) : null;
    if (observer && ref.current?.parentElement) observer.observe(ref.current.parentElement);
    return () => {
      window.removeEventListener('resize', update);
      observer?.disconnect();
    };
  }, []);
  return { ref, height };
}

export function BoardPage() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromParams(params), [params]);
  const canFilterAssignee = useCan('leads.viewAll');
  const directory = useUserDirectory();
  const statusMoves = useStatusMoves();
  const filtered = hasFilters(filters, { canFilterAssignee });
  const summary = useGetLeadSummaryQuery({ utcOffsetMinutes: utcOffsetMinutes() }, { skip: filtered });
  const [state, dispatchMove] = useReducer(boardMovesReducer, initialMovesState);
  const [patchLead] = usePatchLeadMutation();
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [dragging, setDragging] = useState<Lead | null>(null);
  const [now, setNow] = useState(() => new Date());
  const appDispatch = useAppDispatch();
  const toast = useToast();
  const { ref: boardRef, height } = useFillHeight<HTMLDivElement>();

  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), 60_000);
    return () => window.clearInterval(timer);
  }, []);

  const filterKey = JSON.stringify(filters);
  useEffect(() => {
    dispatchMove({ type: 'reset' });
  }, [filterKey]);

  const setFilters = useCallback(
    (next: BoardFilters) => setParams((prev) => withFilters(prev, next), { replace: true }),
    [setParams],
  );

  const move = useCallback(
    async (lead: Lead, to: LeadStatus) => {
      if (to === lead.status) return;
      if (!statusMoves.canMove(lead.status, to)) return;
      setRefusal(null);
      dispatchMove({ type: 'started', lead, to });
      try {
        const updated = await patchLead({
          id: lead.id,
          patch: { status: to },
          version: lead.version,
        }).unwrap();
        dispatchMove({ type: 'succeeded', lead: updated, at: Date.now() });
        toast.success(to === 'lost' ? `${leadName(lead)} marked lost.` : `${leadName(lead)} moved to ${statusLabel(to)}.`);
      } catch (error) {
        dispatchMove({ type: 'failed', leadId: lead.id });
        setRefusal({ lead, to, error });
        if (problemFromError(error)?.status === 412) {
          appDispatch(api.util.invalidateTags([{ type: 'Lead', id: 'LIST' }, { type: 'Lead', id: lead.id }]));
        }
      }
    },
    [statusMoves, patchLead, toast, appDispatch],
  );

  const onMove = useCallback((lead: Lead, to: LeadStatus) => void move(lead, to), [move]);

  const onSettled = useCallback((ids: string[]) => {
    for (const leadId of ids) dispatchMove({ type: 'settled', leadId });
  }, []);

  const targetsOf = useCallback(
    (lead: Lead) => statusMoves.targets(lead.status),
    [statusMoves],
  );

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, {
      coordinateGetter: columnKeyboardCoordinates,
      // Enter stays the link's (it opens the lead); Space picks a card up.
      keyboardCodes: { start: ['Space'], cancel: ['Escape'], end: ['Space', 'Enter'] },
    }),
  );
  const announcements = useMemo(() => boardAnnouncements(statusMoves.canMove), [statusMoves]);

  const onDragStart = (event: DragStartEvent) => {
    const data = event.active.data.current as CardDragData | undefined;
    setDragging(data?.lead ?? null);
  };
  const onDragEnd = (event: DragEndEvent) => {
    setDragging(null);
    const data = event.active.data.current as CardDragData | undefined;
    const to = event.over?.id as LeadStatus | undefined;
    if (data?.lead && to) void move(data.lead, to);
  };

  const counts = filtered
    ? null
    : countsWithMoves(summary.data?.byStatus ?? {}, state.moves, summary.fulfilledTimeStamp);
  const total = summary.data?.total;
  const ctx = { meId: directory.meId, canFilterAssignee };

  return (
    <>
      <PageHeader
        title="Board"
        subtitle={
          filtered
            ? 'Filtered: each column counts the cards it has loaded.'
            : total === 0
              ? 'No leads yet.'
              : total !== undefined
              ? `${total.toLocaleString()} ${total === 1 ? 'lead' : 'leads'} in the pipeline. Drag a card to move it to another stage.`
              : 'Drag a card to move it to another stage.'
        }
      />
      <BoardFilterBar
        filters={filters}
        onChange={setFilters}
        canFilterAssignee={canFilterAssignee}
        directory={directory}
      />
      {refusal ? <RefusalAlert refusal={refusal} onClose={() => setRefusal(null)} /> : null}
      {summary.error && !filtered ? (
        <ProblemAlert
          error={summary.error}
          title="The counts could not be loaded; columns count the cards they show."
          severity="warning"
          onRetry={() => void summary.refetch()}
          sx={{ mb: 2 }}
        />
      ) : null}
      {!filtered && total === 0 ? (
        <EmptyState
          icon={<ViewKanbanIcon />}
          title="No leads in the pipeline yet"
          description="Create a lead or import a CSV on the Leads page; each lead shows here in the column of its stage."
          action={
            <Button component={RouterLink} to="/leads" variant="contained">
              Go to leads
            </Button>
          }
        />
      ) : (
        <DndContext
          sensors={sensors}
          collisionDetection={boardCollisionDetection}
          accessibility={{ announcements, screenReaderInstructions: SCREEN_READER_INSTRUCTIONS }}
          onDragStart={onDragStart}
          onDragEnd={onDragEnd}
          onDragCancel={() => setDragging(null)}
        >
          <Box
            ref={boardRef}
            role="region"
            aria-label="Pipeline board"
            tabIndex={-1}
            sx={{
              display: 'flex',
              gap: 1.5,
              overflowX: 'auto',
              overflowY: 'hidden',
              height: height ?? 560,
              pb: 1,
              // Full-bleed scrolling inside the page's padding.
              scrollPaddingInline: 16,
              outline: 'none',
            }}
          >
            {LEAD_STATUSES.map((status) => (
              <BoardColumn
                key={status}
                status={status}
                params={columnParams(status, filters, ctx)}
                total={counts ? (counts[status] ?? null) : null}
                moves={state.moves}
                onSettled={onSettled}
                dragging={dragging}
                canDrop={!dragging || dragging.status === status || statusMoves.canMove(dragging.status, status)}
                labelOf={directory.labelOf}
                targetsOf={targetsOf}
                onMove={onMove}
                now={now}
              />
            ))}
          </Box>
          <DragOverlay dropAnimation={null}>
            {dragging ? (
              <BoardCardOverlay lead={dragging} assignee={directory.labelOf(dragging.assignedTo)} now={now} />
            ) : null}
          </DragOverlay>
        </DndContext>
      )}
    </>
  );
}

export default BoardPage;
