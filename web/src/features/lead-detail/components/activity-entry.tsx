// One entry of the lead's timeline: who did what, when, and the details (the note's text, the
// fields changed old → new, the deadline). Every type of ActivityEntry has its own wording.
import AddCircleIcon from '@mui/icons-material/AddCircleOutlineOutlined';
import ArrowForwardIcon from '@mui/icons-material/ArrowForward';
import DeleteIcon from '@mui/icons-material/DeleteOutlined';
import DocumentIcon from '@mui/icons-material/DescriptionOutlined';
import EditIcon from '@mui/icons-material/EditOutlined';
import EventIcon from '@mui/icons-material/EventOutlined';
import NotesIcon from '@mui/icons-material/StickyNote2Outlined';
import PhoneIcon from '@mui/icons-material/PhoneOutlined';
import PersonIcon from '@mui/icons-material/PersonOutlined';
import RestoreIcon from '@mui/icons-material/RestoreFromTrash';
import TimelineIcon from '@mui/icons-material/Timeline';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { alpha } from '@mui/material/styles';
import { visuallyHidden } from '@mui/utils';
import type { ReactNode } from 'react';
import { deadlineKindLabel } from '@/components/deadlines-kinds';
import { callDispositionLabel, formatCallDuration } from '@/components/call-dispositions';
import { documentCategoryLabel } from '@/components/document-categories';
import { formatDateTime } from '@/components/deadlines-time';
import { StatusChip } from '@/components/status-chip';
import type { ActivityEntry } from '@/lib/leads-api';
import { fieldLabel, fieldValueText, type DiffContext } from '../lib/lead-diff';
import { RelativeTime } from './relative-time';

type Tone = 'primary' | 'success' | 'warning' | 'error' | 'info' | 'neutral';

interface Described {
  icon: ReactNode;
  tone: Tone;
  /** What happened, after the actor's name. */
  summary: ReactNode;
  /** Who the entry names instead of its actor (whose upload the system checked). */
  who?: string;
  details?: ReactNode;
}

function Value({ children }: { children: string }) {
  return children === '' ? (
    <Box component="span" sx={{ color: 'text.secondary', fontStyle: 'italic' }}>
      none
    </Box>
  ) : (
    <Box component="span" sx={{ fontWeight: 500, overflowWrap: 'anywhere' }}>
      {children}
    </Box>
  );
}

function Changes({
  changes,
  ctx,
  valueText = (path, value) => fieldValueText(path, value, ctx),
  labelText = fieldLabel,
}: {
  changes: Record<string, { old: unknown; new: unknown }>;
  ctx: DiffContext;
  valueText?: (path: string, value: unknown) => string;
  labelText?: (path: string) => string;
}) {
  return (
    <Box component="ul" sx={{ m: 0, mt: 0.5, pl: 2.25, '& li': { mb: 0.25 } }}>
      {Object.entries(changes).map(([path, change]) => (
        <Typography component="li" variant="body2" key={path}>
          <Box component="span" sx={{ color: 'text.secondary' }}>
            {labelText(path)}:
          </Box>{' '}
          <Value>{valueText(path, change.old)}</Value>
          <Box component="span" aria-hidden="true" sx={{ mx: 0.5, color: 'text.secondary' }}>
            →
          </Box>
          <Box component="span" sx={visuallyHidden}>
            changed to
          </Box>
          <Value>{valueText(path, change.new)}</Value>
        </Typography>
      ))}
    </Box>
  );
}

function deadlineValueText(path: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  if (path === 'dueAt' || path === 'doneAt') return formatDateTime(String(value));
  if (path === 'kind') return deadlineKindLabel(String(value));
  return String(value);
}

const DEADLINE_FIELD_LABELS: Record<string, string> = { dueAt: 'Due', doneAt: 'Done', kind: 'Kind', note: 'Note' };

function deadlineLabelText(path: string): string {
  return DEADLINE_FIELD_LABELS[path] ?? fieldLabel(path);
}

const DEADLINE_ACTIONS: Record<string, string> = {
  added: 'added a deadline',
  updated: 'changed a deadline',
  completed: 'completed a deadline',
  reopened: 'reopened a deadline',
  deleted: 'removed a deadline',
};

export function describeActivity(entry: ActivityEntry, ctx: DiffContext): Described {
  switch (entry.type) {
    case 'created':
      return {
        icon: <AddCircleIcon />,
        tone: 'success',
        summary: (
          <>
            created the lead at <StatusChip status={entry.status} />
          </>
        ),
      };
    case 'note':
      return {
        icon: <NotesIcon />,
        tone: 'info',
        summary: 'added a note',
        details: (
          <Typography
            variant="body2"
            sx={{
              mt: 0.5,
              p: 1.25,
              borderRadius: 1,
              bgcolor: 'action.hover',
              whiteSpace: 'pre-wrap',
              overflowWrap: 'anywhere',
            }}
          >
            {entry.text}
          </Typography>
        ),
      };
    case 'status':
      return {
        icon: <TimelineIcon />,
        tone: entry.to === 'lost' ? 'error' : entry.to === 'settled' ? 'success' : 'primary',
        summary: (
          <>
            moved the lead <StatusChip status={entry.from} />
            <ArrowForwardIcon aria-hidden="true" sx={{ fontSize: 16, mx: 0.5, verticalAlign: 'middle' }} />
            <Box component="span" sx={visuallyHidden}>
              to
            </Box>
            <StatusChip status={entry.to} />
          </>
        ),
      };
    case 'assignment': {
      const from = entry.from ? ctx.userLabel(entry.from) : null;
      const to = entry.to ? ctx.userLabel(entry.to) : null;
      let summary: ReactNode;
      if (to && from) {
        summary = (
          <>
            reassigned the lead from <Value>{from}</Value> to <Value>{to}</Value>
          </>
        );
      } else if (to) {
        summary = (
          <>
            assigned the lead to <Value>{to}</Value>
          </>
        );
      } else {
        summary = (
          <>
            unassigned the lead{from ? <> (was <Value>{from}</Value>)</> : null}
          </>
        );
      }
      return { icon: <PersonIcon />, tone: 'primary', summary };
    }
    case 'fields': {
      const count = Object.keys(entry.changes ?? {}).length;
      return {
        icon: <EditIcon />,
        tone: 'neutral',
        summary: count === 1 ? 'changed a field' : `changed ${count} fields`,
        details: <Changes changes={entry.changes ?? {}} ctx={ctx} />,
      };
    }
    case 'deadline': {
      const d = entry.deadline;
      return {
        icon: <EventIcon />,
        tone: entry.action === 'completed' ? 'success' : entry.action === 'deleted' ? 'neutral' : 'warning',
        summary: DEADLINE_ACTIONS[entry.action] ?? `${entry.action} a deadline`,
        details: (
          <>
            <Typography variant="body2" sx={{ mt: 0.25 }}>
              <Value>{deadlineKindLabel(d.kind)}</Value>
              <Box component="span" sx={{ color: 'text.secondary' }}>
                {' '}
                due {formatDateTime(d.dueAt)}
              </Box>
              {d.note ? <> — {d.note}</> : null}
            </Typography>
            {entry.changes && entry.action === 'updated' ? (
              <Changes
                changes={entry.changes}
                ctx={ctx}
                valueText={deadlineValueText}
                labelText={deadlineLabelText}
              />
            ) : null}
          </>
        ),
      };
    }
    case 'document': {
      const name = <Value>{entry.fileName}</Value>;
      const category = documentCategoryLabel(entry.category);
      switch (entry.event) {
        case 'available':
          return {
            icon: <DocumentIcon />,
            tone: 'success',
            summary: <>added {category.toLowerCase()} {name}</>,
            who: entry.uploadedBy || undefined,
          };
        case 'rejected':
          return {
            icon: <DocumentIcon />,
            tone: 'error',
            who: entry.uploadedBy || undefined,
            summary: <>uploaded {name}, which was rejected</>,
            details: entry.reason ? (
              <Typography variant="body2" sx={{ mt: 0.25, color: 'text.secondary' }}>
                {entry.reason}
              </Typography>
            ) : null,
          };
        case 'deleted':
          return { icon: <DeleteIcon />, tone: 'neutral', summary: <>deleted the document {name}</> };
        case 'expired':
          return {
            icon: <DeleteIcon />,
            tone: 'neutral',
            summary: <>removed the document {name}: its retention period ended</>,
          };
        default:
          return {
            icon: <DocumentIcon />,
            tone: 'neutral',
            summary: <>changed the document {name}</>,
            details: entry.changes ? (
              <Changes
                changes={entry.changes as Record<string, { old: unknown; new: unknown }>}
                ctx={ctx}
                valueText={(path, value) =>
                  path === 'category' ? documentCategoryLabel(String(value ?? '')) : String(value ?? '')
                }
                labelText={(path) => (path === 'fileName' ? 'Name' : path === 'category' ? 'Category' : path)}
              />
            ) : null,
          };
      }
    }
    case 'call': {
      const direction = entry.direction === 'inbound' ? 'an inbound call from' : 'an outbound call to';
      const verb = entry.event === 'linked' ? 'linked' : entry.event === 'updated' ? 'updated' : 'logged';
      const facts = [
        entry.disposition ? callDispositionLabel(entry.disposition) : null,
        entry.durationSeconds !== undefined ? formatCallDuration(entry.durationSeconds) : null,
      ].filter(Boolean);
      return {
        icon: <PhoneIcon />,
        tone: entry.event === 'logged' ? 'info' : 'neutral',
        summary: (
          <>
            {verb} {direction} <Value>{entry.customerNumber}</Value>
          </>
        ),
        details:
          facts.length > 0 || entry.notes ? (
            <Typography variant="body2" sx={{ mt: 0.25, color: 'text.secondary', whiteSpace: 'pre-wrap' }}>
              {[facts.join(' · '), entry.notes].filter(Boolean).join('\n')}
            </Typography>
          ) : null,
      };
    }
    case 'deleted':
      return { icon: <DeleteIcon />, tone: 'error', summary: 'deleted the lead' };
    case 'restored':
      return { icon: <RestoreIcon />, tone: 'success', summary: 'restored the lead' };
    default: {
      const unknown = entry as { type?: string };
      return { icon: <TimelineIcon />, tone: 'neutral', summary: `recorded “${unknown.type ?? 'a change'}”` };
    }
  }
}

export function ActivityEntryItem({ entry, ctx }: { entry: ActivityEntry; ctx: DiffContext }) {
  const { icon, tone, summary, details, who } = describeActivity(entry, ctx);
  return (
    <Box
      component="li"
      sx={{
        display: 'flex',
        gap: 1.5,
        position: 'relative',
        pb: 2.5,
        // The line joining the entries' icons.
        '&:not(:last-of-type)::before': {
          content: '""',
          position: 'absolute',
          left: 15,
          top: 36,
          bottom: 4,
          width: 2,
          borderRadius: 1,
          bgcolor: 'divider',
        },
      }}
    >
      <Box
        aria-hidden="true"
        sx={(theme) => {
          const color = tone === 'neutral' ? theme.palette.text.secondary : theme.palette[tone].main;
          return {
            flexShrink: 0,
            width: 32,
            height: 32,
            borderRadius: '50%',
            display: 'grid',
            placeItems: 'center',
            color,
            bgcolor: alpha(color, theme.palette.mode === 'dark' ? 0.18 : 0.1),
            '& svg': { fontSize: 18 },
            zIndex: 1,
          };
        }}
      >
        {icon}
      </Box>
      <Box sx={{ minWidth: 0, flex: 1, pt: 0.5 }}>
        <Stack
          direction="row"
          spacing={1}
          sx={{ alignItems: 'baseline', justifyContent: 'space-between', flexWrap: 'wrap' }}
        >
          <Typography variant="body2" component="div" sx={{ minWidth: 0, lineHeight: 1.9 }}>
            <Box component="span" sx={{ fontWeight: 600 }}>
              {ctx.userLabel(who ?? entry.actor)}
            </Box>{' '}
            {summary}
          </Typography>
          <Typography variant="caption" color="text.secondary">
            <RelativeTime value={entry.at} />
          </Typography>
        </Stack>
        {details}
      </Box>
    </Box>
  );
}
