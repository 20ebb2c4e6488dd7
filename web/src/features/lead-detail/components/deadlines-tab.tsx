// The Deadlines tab: add one (kind, due date and time, note), complete or reopen it, change when
// it is due, remove it. Open deadlines come first, soonest first; overdue ones read in red, those
// due today are highlighted; done ones follow.
import DeleteIcon from '@mui/icons-material/DeleteOutlined';
import EditIcon from '@mui/icons-material/EditOutlined';
import EventAvailableIcon from '@mui/icons-material/EventAvailableOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Chip from '@mui/material/Chip';
import Divider from '@mui/material/Divider';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { alpha } from '@mui/material/styles';
import { useId, useMemo, useState, type FormEvent } from 'react';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { DEADLINE_KIND_LABELS, deadlineKindLabel } from '@/components/deadlines-kinds';
import { formatDateTime, formatRelativeTime } from '@/components/deadlines-time';
import { EmptyState } from '@/components/empty-state';
import { deadlineUrgency, type DeadlineUrgency } from '@/components/lead-detail-format';
import { ProblemAlert } from '@/components/problem-alert';
import { useToast } from '@/components/toast-context';
import { fieldError, problemFromError, type ProblemInfo } from '@/lib/problem';
import {
  useAddDeadlineMutation,
  useDeleteDeadlineMutation,
  usePatchDeadlineMutation,
  type Deadline,
  type DeadlineKind,
} from '@/lib/leads-api';
import type { LeadTabProps } from './lead-tab-types';

const KINDS = Object.keys(DEADLINE_KIND_LABELS) as DeadlineKind[];

function pad(n: number) {
  return String(n).padStart(2, '0');
}

/** The local date (YYYY-MM-DD) and time (HH:mm) of an instant, for date and time inputs. */
export function localDateAndTime(iso: string): { date: string; time: string } {
  const d = new Date(iso);
  return {
    date: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`,
    time: `${pad(d.getHours())}:${pad(d.getMinutes())}`,
  };
}

/** A local date and time as an RFC 3339 instant, or null when either is missing or invalid. */
export function instantFromLocal(date: string, time: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return null;
  const d = new Date(`${date}T${time}`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

function tomorrowMorning(): { date: string; time: string } {
  const d = new Date();
  d.setDate(d.getDate() + 1);
  d.setHours(9, 0, 0, 0);
  return localDateAndTime(d.toISOString());
}

interface DeadlineFields {
  kind: DeadlineKind;
  date: string;
  time: string;
  note: string;
}

/** Kind, date, time and note inputs, shared by the add form and the edit form. */
function DeadlineInputs({
  value,
  onChange,
  problem,
  localDueError,
}: {
  value: DeadlineFields;
  onChange: (next: DeadlineFields) => void;
  problem: ProblemInfo | null;
  /** A check made before sending. */
  localDueError?: string | null;
}) {
  const dueError = localDueError ?? fieldError(problem, 'dueAt');
  return (
    <Box
      sx={{
        display: 'grid',
        gap: 1.5,
        gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' },
      }}
    >
      <TextField
        select
        size="small"
        sx={{ gridColumn: '1 / -1' }}
        label="Kind"
        value={value.kind}
        onChange={(e) => onChange({ ...value, kind: e.target.value as DeadlineKind })}
        error={!!fieldError(problem, 'kind')}
        helperText={fieldError(problem, 'kind')}
      >
        {KINDS.map((kind) => (
          <MenuItem key={kind} value={kind}>
            {deadlineKindLabel(kind)}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        size="small"
        type="date"
        label="Due date"
        required
        value={value.date}
        onChange={(e) => onChange({ ...value, date: e.target.value })}
        slotProps={{ inputLabel: { shrink: true } }}
        error={!!dueError}
        helperText={dueError}
      />
      <TextField
        size="small"
        type="time"
        label="Time"
        required
        value={value.time}
        onChange={(e) => onChange({ ...value, time: e.target.value })}
        slotProps={{ inputLabel: { shrink: true } }}
      />
      <TextField
        size="small"
        label="Note"
        placeholder="Optional"
        value={value.note}
        onChange={(e) => onChange({ ...value, note: e.target.value })}
        multiline
        maxRows={4}
        error={!!fieldError(problem, 'note')}
        helperText={fieldError(problem, 'note')}
        slotProps={{ htmlInput: { maxLength: 2000 } }}
        sx={{ gridColumn: '1 / -1' }}
      />
    </Box>
  );
}

function AddDeadlineForm({ leadId }: { leadId: string }) {
  const [value, setValue] = useState<DeadlineFields>(() => ({ kind: 'follow_up', ...tomorrowMorning(), note: '' }));
  const [localError, setLocalError] = useState<string | null>(null);
  const [addDeadline, { isLoading, error, reset }] = useAddDeadlineMutation();
  const toast = useToast();
  const problem = problemFromError(error);
  const headingId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const dueAt = instantFromLocal(value.date, value.time);
    if (!dueAt) {
      setLocalError('Enter the date and time it is due.');
      return;
    }
    setLocalError(null);
    try {
      await addDeadline({
        id: leadId,
        deadline: { kind: value.kind, dueAt, ...(value.note.trim() ? { note: value.note.trim() } : {}) },
      }).unwrap();
      toast.success(`${deadlineKindLabel(value.kind)} deadline added.`);
      setValue({ kind: value.kind, ...tomorrowMorning(), note: '' });
    } catch {
      // Shown in the form.
    }
  };

  return (
    <Box component="form" onSubmit={submit} noValidate aria-labelledby={headingId}>
      <Typography id={headingId} variant="subtitle2" component="h3" sx={{ mb: 1.5 }}>
        Add a deadline
      </Typography>
      <DeadlineInputs
        value={value}
        onChange={(next) => {
          setValue(next);
          if (error) reset();
          setLocalError(null);
        }}
        problem={problem}
        localDueError={localError}
      />
      {problem ? <ProblemAlert error={problem} shownFields={['kind', 'dueAt', 'note']} sx={{ mt: 1.5 }} /> : null}
      <Stack direction="row" sx={{ justifyContent: 'flex-end', mt: 1.5 }}>
        <Button type="submit" variant="contained" loading={isLoading}>
          Add deadline
        </Button>
      </Stack>
    </Box>
  );
}

const URGENCY_CHIP: Partial<Record<DeadlineUrgency, { label: string; color: 'error' | 'warning' }>> = {
  overdue: { label: 'Overdue', color: 'error' },
  today: { label: 'Due today', color: 'warning' },
};

function DeadlineItem({
  leadId,
  deadline,
  readOnly,
  now,
}: {
  leadId: string;
  deadline: Deadline;
  readOnly: boolean;
  now: Date;
}) {
  const urgency = deadlineUrgency(deadline, now);
  const done = urgency === 'done';
  const label = deadlineKindLabel(deadline.kind);
  const dueText = formatDateTime(deadline.dueAt, now);
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState<DeadlineFields | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [patchDeadline, patchState] = usePatchDeadlineMutation();
  const [deleteDeadline, deleteState] = useDeleteDeadlineMutation();
  const toast = useToast();
  const chip = URGENCY_CHIP[urgency];

  const toggleDone = async () => {
    try {
      await patchDeadline({
        id: leadId,
        deadlineId: deadline.id,
        patch: { doneAt: done ? null : new Date().toISOString() },
      }).unwrap();
      toast.success(done ? `${label} reopened.` : `${label} marked done.`);
    } catch (error) {
      toast.error(problemFromError(error)?.detail ?? 'The deadline could not be changed.');
    }
  };

  const startEdit = () => {
    patchState.reset();
    setLocalError(null);
    setValue({ kind: deadline.kind, ...localDateAndTime(deadline.dueAt), note: deadline.note ?? '' });
    setEditing(true);
  };

  const saveEdit = async (event: FormEvent) => {
    event.preventDefault();
    if (!value) return;
    const dueAt = instantFromLocal(value.date, value.time);
    if (!dueAt) {
      setLocalError('Enter the date and time it is due.');
      return;
    }
    const patch: { kind?: DeadlineKind; dueAt?: string; note?: string | null } = {};
    if (value.kind !== deadline.kind) patch.kind = value.kind;
    if (new Date(dueAt).getTime() !== new Date(deadline.dueAt).getTime()) patch.dueAt = dueAt;
    if (value.note.trim() !== (deadline.note ?? '')) patch.note = value.note.trim() || null;
    if (Object.keys(patch).length === 0) {
      setEditing(false);
      return;
    }
    try {
      await patchDeadline({ id: leadId, deadlineId: deadline.id, patch }).unwrap();
      toast.success(`${deadlineKindLabel(value.kind)} deadline saved.`);
      setEditing(false);
    } catch {
      // Shown in the form.
    }
  };

  const remove = async () => {
    try {
      await deleteDeadline({ id: leadId, deadlineId: deadline.id }).unwrap();
      setConfirmDelete(false);
      toast.success(`${label} deadline removed.`);
    } catch {
      // Shown in the dialog.
    }
  };

  if (editing && value) {
    const problem = problemFromError(patchState.error);
    return (
      <Paper
        component="form"
        variant="outlined"
        onSubmit={saveEdit}
        noValidate
        aria-label={`Edit ${label} deadline`}
        sx={{ p: 1.5 }}
      >
        <DeadlineInputs
          value={value}
          onChange={(next) => {
            setValue(next);
            setLocalError(null);
          }}
          problem={problem}
          localDueError={localError}
        />
        {problem ? <ProblemAlert error={problem} shownFields={['kind', 'dueAt', 'note']} sx={{ mt: 1.5 }} /> : null}
        <Stack direction="row" spacing={1} sx={{ justifyContent: 'flex-end', mt: 1.5 }}>
          <Button onClick={() => setEditing(false)} disabled={patchState.isLoading}>
            Cancel
          </Button>
          <Button type="submit" variant="contained" loading={patchState.isLoading}>
            Save
          </Button>
        </Stack>
      </Paper>
    );
  }

  return (
    <Paper
      variant="outlined"
      sx={(theme) => ({
        display: 'flex',
        alignItems: 'flex-start',
        gap: 1,
        p: 1,
        pr: 0.5,
        ...(urgency === 'overdue'
          ? { borderColor: alpha(theme.palette.error.main, 0.5), bgcolor: alpha(theme.palette.error.main, 0.06) }
          : urgency === 'today'
            ? { borderColor: alpha(theme.palette.warning.main, 0.6), bgcolor: alpha(theme.palette.warning.main, 0.08) }
            : {}),
      })}
    >
      <Checkbox
        checked={done}
        disabled={readOnly || patchState.isLoading}
        onChange={() => void toggleDone()}
        slotProps={{
          input: { 'aria-label': done ? `Reopen ${label} due ${dueText}` : `Mark ${label} due ${dueText} done` },
        }}
        sx={{ mt: -0.25 }}
      />
      <Box sx={{ flex: 1, minWidth: 0, py: 0.5 }}>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 0.5 }}>
          <Typography
            variant="body2"
            sx={{ fontWeight: 600, ...(done ? { textDecoration: 'line-through', color: 'text.secondary' } : {}) }}
          >
            {label}
          </Typography>
          {chip ? <Chip size="small" color={chip.color} label={chip.label} /> : null}
        </Stack>
        <Typography
          variant="body2"
          sx={{ color: urgency === 'overdue' ? 'error.main' : 'text.secondary', fontWeight: urgency === 'overdue' ? 500 : 400 }}
        >
          {done && deadline.doneAt ? (
            <>Done {formatDateTime(deadline.doneAt, now)} · was due {dueText}</>
          ) : (
            <>
              Due {dueText} ({formatRelativeTime(deadline.dueAt, now)})
            </>
          )}
        </Typography>
        {deadline.note ? (
          <Typography variant="body2" sx={{ mt: 0.5, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {deadline.note}
          </Typography>
        ) : null}
      </Box>
      {readOnly ? null : (
        <Stack direction="row">
          {done ? null : (
            <Tooltip title="Edit">
              <IconButton aria-label={`Edit ${label} due ${dueText}`} onClick={startEdit} size="small">
                <EditIcon fontSize="small" />
              </IconButton>
            </Tooltip>
          )}
          <Tooltip title="Remove">
            <IconButton
              aria-label={`Remove ${label} due ${dueText}`}
              onClick={() => {
                deleteState.reset();
                setConfirmDelete(true);
              }}
              size="small"
            >
              <DeleteIcon fontSize="small" />
            </IconButton>
          </Tooltip>
        </Stack>
      )}
      <ConfirmDialog
        open={confirmDelete}
        title="Remove this deadline?"
        description={`${label}, due ${dueText}. The activity keeps a record of it.`}
        confirmLabel="Remove"
        destructive
        loading={deleteState.isLoading}
        error={deleteState.error}
        onConfirm={() => void remove()}
        onCancel={() => setConfirmDelete(false)}
      />
    </Paper>
  );
}

export function DeadlinesTab({ lead, readOnly }: LeadTabProps) {
  const now = new Date();
  const { open, done } = useMemo(() => {
    const list = lead.deadlines ?? [];
    return {
      open: list.filter((d) => !d.doneAt).sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt)),
      done: list
        .filter((d) => !!d.doneAt)
        .sort((a, b) => Date.parse(b.doneAt ?? b.dueAt) - Date.parse(a.doneAt ?? a.dueAt)),
    };
  }, [lead.deadlines]);
  const openHeading = useId();
  const doneHeading = useId();

  return (
    <Stack spacing={2.5}>
      {readOnly ? null : <AddDeadlineForm leadId={lead.id} />}
      {readOnly ? null : <Divider />}
      {open.length === 0 && done.length === 0 ? (
        <EmptyState
          dense
          headingLevel="h3"
          icon={<EventAvailableIcon />}
          title="No deadlines"
          description={
            readOnly
              ? 'This lead has no deadlines.'
              : 'Add the next follow-up, the proof-of-loss date or the suit limitation, so nothing slips.'
          }
        />
      ) : (
        <>
          <Box component="section" aria-labelledby={openHeading}>
            <Typography id={openHeading} variant="subtitle2" component="h3" sx={{ mb: 1 }}>
              Open{open.length > 0 ? ` (${open.length})` : ''}
            </Typography>
            {open.length === 0 ? (
              <Typography variant="body2" color="text.secondary">
                Every deadline is done.
              </Typography>
            ) : (
              <Stack component="ul" spacing={1} sx={{ listStyle: 'none', m: 0, p: 0 }}>
                {open.map((d) => (
                  <li key={d.id}>
                    <DeadlineItem leadId={lead.id} deadline={d} readOnly={readOnly} now={now} />
                  </li>
                ))}
              </Stack>
            )}
          </Box>
          {done.length > 0 ? (
            <Box component="section" aria-labelledby={doneHeading}>
              <Typography id={doneHeading} variant="subtitle2" component="h3" sx={{ mb: 1 }}>
                Done ({done.length})
              </Typography>
              <Stack component="ul" spacing={1} sx={{ listStyle: 'none', m: 0, p: 0 }}>
                {done.map((d) => (
                  <li key={d.id}>
                    <DeadlineItem leadId={lead.id} deadline={d} readOnly={readOnly} now={now} />
                  </li>
                ))}
              </Stack>
            </Box>
          ) : null}
        </>
      )}
    </Stack>
  );
}
