// Reassigns the selected leads (managers and admins): one PATCH per lead, a few at a time, with a
// progress bar, then a summary listing each lead the server refused and why.
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import LinearProgress from '@mui/material/LinearProgress';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useId, useRef, useState } from 'react';
import { useToast } from '@/components/toast-context';
import { usePatchLeadMutation, type Lead } from '@/lib/leads-api';
import { problemFromError, type ProblemInfo } from '@/lib/problem';
import { leadName } from '../lead-labels';
import type { Assignees } from '../use-assignees';
import { AssigneePicker, UNASSIGNED_ID } from './assignee-picker';

/** Requests in flight at once: quick for a page of leads, gentle on the server. */
export const REASSIGN_CONCURRENCY = 4;

export interface ReassignFailure {
  lead: Lead;
  problem: ProblemInfo;
}

type Phase =
  | { phase: 'choose' }
  | { phase: 'running'; done: number; total: number }
  | { phase: 'finished'; total: number; failures: ReassignFailure[]; assignee: string };

export interface BulkReassignDialogProps {
  open: boolean;
  leads: Lead[];
  assignees: Assignees;
  onClose: () => void;
  /** After the run: the ids that were reassigned. */
  onFinished: (reassigned: string[]) => void;
}

/** Runs `task` over `items`, at most `limit` at a time, in order of start. */
export async function runLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function problemLines(problem: ProblemInfo): string {
  const fields = Object.entries(problem.fieldErrors).map(([field, message]) => `${field}: ${message}`);
  return [problem.detail, ...problem.otherErrors, ...fields].join(' · ');
}

export function BulkReassignDialog({ open, leads, assignees, onClose, onFinished }: BulkReassignDialogProps) {
  const titleId = useId();
  const toast = useToast();
  const [patchLead] = usePatchLeadMutation();
  const [assignee, setAssignee] = useState<string | null>(null);
  const [state, setState] = useState<Phase>({ phase: 'choose' });
  const running = useRef(false);

  const close = () => {
    if (state.phase === 'running') return;
    setState({ phase: 'choose' });
    setAssignee(null);
    onClose();
  };

  const run = async (targets: Lead[]) => {
    if (assignee === null || running.current || targets.length === 0) return;
    running.current = true;
    const assignedTo = assignee === UNASSIGNED_ID ? null : assignee;
    const failures: ReassignFailure[] = [];
    const reassigned: string[] = [];
    let done = 0;
    setState({ phase: 'running', done, total: targets.length });
    await runLimited(targets, REASSIGN_CONCURRENCY, async (lead) => {
      try {
        await patchLead({ id: lead.id, patch: { assignedTo } }).unwrap();
        reassigned.push(lead.id);
      } catch (error) {
        failures.push({ lead, problem: problemFromError(error) ?? problemFromError({})! });
      }
      done += 1;
      setState({ phase: 'running', done, total: targets.length });
    });
    running.current = false;
    // Keep the page's order in the summary.
    failures.sort((a, b) => targets.indexOf(a.lead) - targets.indexOf(b.lead));
    const name = assignedTo === null ? 'Unassigned' : assignees.nameOf(assignedTo);
    onFinished(reassigned);
    if (failures.length === 0) {
      toast.success(
        assignedTo === null
          ? `Unassigned ${reassigned.length} ${reassigned.length === 1 ? 'lead' : 'leads'}.`
          : `Reassigned ${reassigned.length} ${reassigned.length === 1 ? 'lead' : 'leads'} to ${name}.`,
      );
      setState({ phase: 'choose' });
      setAssignee(null);
      onClose();
      return;
    }
    setState({ phase: 'finished', total: targets.length, failures, assignee: name });
  };

  const count = leads.length;
  const noun = count === 1 ? 'lead' : 'leads';

  return (
    <Dialog open={open} onClose={close} aria-labelledby={titleId} maxWidth="sm" fullWidth>
      <DialogTitle id={titleId}>
        {state.phase === 'finished' ? 'Reassignment finished with errors' : `Reassign ${count} ${noun}`}
      </DialogTitle>
      <DialogContent>
        {state.phase === 'choose' ? (
          <Stack spacing={2} sx={{ pt: 1 }}>
            <DialogContentText>
              Choose who should work the selected {noun}. Each lead records the change in its activity.
            </DialogContentText>
            <AssigneePicker
              label="Assign to"
              options={assignees.options}
              value={assignee}
              onChange={setAssignee}
              allowUnassigned
              loading={assignees.isLoading}
              size="medium"
              autoFocus
              nameOf={assignees.nameOf}
              helperText={
                assignees.directoryUnavailable
                  ? 'The user list could not be loaded, so you can assign these leads to yourself or leave them unassigned.'
                  : undefined
              }
            />
          </Stack>
        ) : null}
        {state.phase === 'running' ? (
          <Box sx={{ pt: 1 }}>
            <Typography id={`${titleId}-progress`} variant="body2" sx={{ mb: 1 }}>
              Reassigning… {state.done} of {state.total}
            </Typography>
            <LinearProgress
              variant="determinate"
              value={(state.done / state.total) * 100}
              aria-labelledby={`${titleId}-progress`}
            />
          </Box>
        ) : null}
        {state.phase === 'finished' ? (
          <Stack spacing={2}>
            <Alert severity={state.failures.length === state.total ? 'error' : 'warning'}>
              {state.total - state.failures.length} of {state.total} {state.total === 1 ? 'lead was' : 'leads were'}{' '}
              reassigned to {state.assignee}. {state.failures.length}{' '}
              {state.failures.length === 1 ? 'was' : 'were'} refused:
            </Alert>
            <List dense disablePadding aria-label="Leads not reassigned" sx={{ maxHeight: 280, overflow: 'auto' }}>
              {state.failures.map(({ lead, problem }) => (
                <ListItem key={lead.id} disableGutters divider>
                  <ListItemText
                    primary={leadName(lead)}
                    secondary={problemLines(problem)}
                    slotProps={{ secondary: { color: 'error' } }}
                  />
                </ListItem>
              ))}
            </List>
          </Stack>
        ) : null}
      </DialogContent>
      <DialogActions sx={{ px: 3, pb: 2 }}>
        {state.phase === 'finished' ? (
          <>
            <Button onClick={close}>Close</Button>
            <Button
              variant="contained"
              onClick={() => void run(state.failures.map((f) => f.lead))}
            >
              Try the {state.failures.length} again
            </Button>
          </>
        ) : (
          <>
            <Button onClick={close} disabled={state.phase === 'running'}>
              Cancel
            </Button>
            <Button
              variant="contained"
              onClick={() => void run(leads)}
              disabled={assignee === null}
              loading={state.phase === 'running'}
            >
              Reassign
            </Button>
          </>
        )}
      </DialogActions>
    </Dialog>
  );
}
