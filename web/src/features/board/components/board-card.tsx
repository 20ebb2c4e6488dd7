// A lead's card on the board: name (opens the lead), loss type and carrier, assignee, the next
// open deadline (red when overdue). The whole card drags with a pointer; with the keyboard, Space
// on the focused name picks it up (see board-dnd.ts), and "Move to…" offers the same moves.
import { useDraggable } from '@dnd-kit/core';
import EventIcon from '@mui/icons-material/EventOutlined';
import PersonIcon from '@mui/icons-material/PersonOutlined';
import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { alpha } from '@mui/material/styles';
import { memo, type KeyboardEventHandler, type PointerEventHandler } from 'react';
import { Link as RouterLink } from 'react-router';
import { deadlineKindLabel } from '@/components/deadlines-kinds';
import { formatDateTime } from '@/components/deadlines-time';
import { deadlineUrgency, lossTypeLabel, nextOpenDeadline } from '@/components/lead-detail-format';
import type { Lead, LeadStatus } from '@/lib/leads-api';
import { leadName, type CardDragData } from '../lib/board-dnd';
import { MoveMenu } from './move-menu';

function shortDue(iso: string, now: Date): string {
  const date = new Date(iso);
  const sameYear = date.getFullYear() === now.getFullYear();
  const sameDay = date.toDateString() === now.toDateString();
  if (sameDay) return `Today ${new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' }).format(date)}`;
  return new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', ...(sameYear ? {} : { year: 'numeric' }) }).format(date);
}

export interface CardContentProps {
  lead: Lead;
  assignee: string;
  now: Date;
}

/** What a card shows, apart from its controls. */
export function CardDetails({ lead, assignee, now }: CardContentProps) {
  const next = nextOpenDeadline(lead.deadlines);
  const urgency = next ? deadlineUrgency(next, now) : null;
  const meta = [lossTypeLabel(lead.claim?.lossType), lead.claim?.carrier].filter(Boolean).join(' · ');
  return (
    <>
      {meta ? (
        <Typography variant="body2" color="text.secondary" noWrap title={meta} sx={{ mt: 0.25 }}>
          {meta}
        </Typography>
      ) : null}
      <Stack direction="row" spacing={1} sx={{ mt: 1, alignItems: 'center', justifyContent: 'space-between', minWidth: 0 }}>
        <Stack direction="row" spacing={0.5} sx={{ alignItems: 'center', minWidth: 0, color: 'text.secondary' }}>
          <PersonIcon sx={{ fontSize: 16 }} aria-hidden="true" />
          <Typography variant="caption" noWrap>
            <Box component="span" sx={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>
              Assignee:{' '}
            </Box>
            {assignee || 'Unassigned'}
          </Typography>
        </Stack>
        {next ? (
          <Tooltip title={`${deadlineKindLabel(next.kind)} due ${formatDateTime(next.dueAt, now)}`}>
            <Stack
              direction="row"
              spacing={0.5}
              sx={{
                alignItems: 'center',
                flexShrink: 0,
                color: urgency === 'overdue' ? 'error.main' : urgency === 'today' ? 'warning.main' : 'text.secondary',
                fontWeight: urgency === 'overdue' || urgency === 'today' ? 600 : 400,
              }}
            >
              <EventIcon sx={{ fontSize: 16 }} aria-hidden="true" />
              <Typography variant="caption" sx={{ fontWeight: 'inherit' }}>
                <Box component="span" sx={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>
                  {urgency === 'overdue' ? 'Overdue: ' : 'Next deadline: '}
                  {deadlineKindLabel(next.kind)},{' '}
                </Box>
                {urgency === 'overdue' ? `Overdue · ${shortDue(next.dueAt, now)}` : shortDue(next.dueAt, now)}
              </Typography>
            </Stack>
          </Tooltip>
        ) : null}
      </Stack>
    </>
  );
}

export interface BoardCardProps {
  lead: Lead;
  assignee: string;
  now: Date;
  /** The moves offered in "Move to…". */
  targets: readonly LeadStatus[];
  onMove: (lead: Lead, to: LeadStatus) => void;
  /** The move of this card is being saved. */
  saving?: boolean;
}

const cardSx = {
  p: 1.25,
  position: 'relative',
  userSelect: 'none',
  borderRadius: 1.5,
  bgcolor: 'background.paper',
} as const;

export const BoardCard = memo(function BoardCard({ lead, assignee, now, targets, onMove, saving }: BoardCardProps) {
  const name = leadName(lead);
  const data: CardDragData = { lead };
  const { setNodeRef, setActivatorNodeRef, listeners, attributes, isDragging } = useDraggable({
    id: lead.id,
    data,
    disabled: saving,
  });
  // The pointer sensor starts on the whole card, the keyboard sensor on the name (its activator).
  const onPointerDown = listeners?.onPointerDown as PointerEventHandler | undefined;
  const onKeyDown = listeners?.onKeyDown as KeyboardEventHandler | undefined;

  return (
    <Paper
      ref={setNodeRef}
      variant="outlined"
      onPointerDown={onPointerDown}
      data-lead-id={lead.id}
      sx={(theme) => ({
        ...cardSx,
        cursor: saving ? 'progress' : 'grab',
        opacity: isDragging ? 0.35 : 1,
        transition: theme.transitions.create(['box-shadow', 'border-color']),
        '&:hover': { borderColor: alpha(theme.palette.primary.main, 0.5), boxShadow: theme.shadows[1] },
        '&:focus-within': { borderColor: theme.palette.primary.main },
      })}
    >
      <Stack direction="row" spacing={0.5} sx={{ alignItems: 'flex-start', justifyContent: 'space-between' }}>
        <Link
          ref={setActivatorNodeRef}
          component={RouterLink}
          to={`/leads/${lead.id}`}
          underline="hover"
          color="text.primary"
          draggable={false}
          onDragStart={(e) => e.preventDefault()}
          onKeyDown={onKeyDown}
          aria-describedby={attributes['aria-describedby']}
          sx={{
            fontWeight: 600,
            fontSize: '0.9rem',
            minWidth: 0,
            overflowWrap: 'anywhere',
            pt: 0.25,
            // The whole card opens the lead.
            '&::after': { content: '""', position: 'absolute', inset: 0, borderRadius: 'inherit' },
            '&:focus-visible': { outline: 'none' },
            '&:focus-visible::after': (theme) => ({ outline: `2px solid ${theme.palette.primary.main}`, outlineOffset: 2 }),
          }}
        >
          {name}
        </Link>
        {saving ? (
          <CircularProgress size={18} aria-label={`Saving the move of ${name}`} sx={{ m: 0.75, flexShrink: 0 }} />
        ) : (
          <MoveMenu lead={lead} targets={targets} onMove={onMove} />
        )}
      </Stack>
      <CardDetails lead={lead} assignee={assignee} now={now} />
    </Paper>
  );
});

/** The card as it follows the pointer while dragged. */
export function BoardCardOverlay({ lead, assignee, now }: CardContentProps) {
  return (
    <Paper
      variant="outlined"
      sx={(theme) => ({
        ...cardSx,
        cursor: 'grabbing',
        boxShadow: theme.shadows[8],
        borderColor: theme.palette.primary.main,
        transform: 'rotate(2deg)',
        width: 248,
      })}
    >
      <Typography sx={{ fontWeight: 600, fontSize: '0.9rem' }}>{leadName(lead)}</Typography>
      <CardDetails lead={lead} assignee={assignee} now={now} />
    </Paper>
  );
}
