// Log a call with the lead's customer, or change one: direction, number, when, disposition,
// notes and, for a callback, when to call back (which becomes a follow-up deadline).
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useEffect, useState, type FormEvent } from 'react';
import { CALL_DISPOSITION_LABELS, type CallDisposition } from '@/components/call-dispositions';
import { ProblemAlert } from '@/components/problem-alert';
import { useToast } from '@/components/toast-context';
import type { Lead } from '@/lib/leads-api';
import { fieldError, problemFromError } from '@/lib/problem';
import { useLogCallMutation, usePatchCallMutation, type CallPatch, type LeadCall } from '../calls-api';
import { toLocalDateTimeInput } from '../lib/lead-fields';

const DISPOSITIONS = Object.keys(CALL_DISPOSITION_LABELS) as CallDisposition[];

function fromLocal(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function CallDialog({
  lead,
  call,
  open,
  onClose,
}: {
  lead: Lead;
  /** The call to change; null to log a new one. */
  call: LeadCall | null;
  open: boolean;
  onClose: () => void;
}) {
  const [direction, setDirection] = useState<'inbound' | 'outbound'>('outbound');
  const [number, setNumber] = useState('');
  const [startedAt, setStartedAt] = useState('');
  const [disposition, setDisposition] = useState<CallDisposition | ''>('');
  const [notes, setNotes] = useState('');
  const [callbackAt, setCallbackAt] = useState('');
  const [logCall, logState] = useLogCallMutation();
  const [patchCall, patchState] = usePatchCallMutation();
  const toast = useToast();
  const problem = problemFromError(call ? patchState.error : logState.error);
  const busy = logState.isLoading || patchState.isLoading;

  useEffect(() => {
    if (!open) return;
    logState.reset();
    patchState.reset();
    setDirection(call?.direction ?? 'outbound');
    setNumber(call?.customerNumber ?? lead.phones?.[0]?.number ?? '');
    setStartedAt(toLocalDateTimeInput(call?.startedAt ?? new Date().toISOString()));
    setDisposition(call?.disposition ?? '');
    setNotes(call?.notes ?? '');
    setCallbackAt(call?.callbackAt ? toLocalDateTimeInput(call.callbackAt) : '');
  }, [open, call, lead]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      if (call) {
        const patch: CallPatch = {};
        if (disposition && disposition !== call.disposition) patch.disposition = disposition;
        if (notes !== (call.notes ?? '')) patch.notes = notes === '' ? null : notes;
        const callback = fromLocal(callbackAt);
        if ((callback ?? null) !== (call.callbackAt ?? null)) patch.callbackAt = callback ?? null;
        if (Object.keys(patch).length > 0) {
          await patchCall({ leadId: lead.id, id: call.id, version: call.version, patch }).unwrap();
          toast.success('Call updated.');
        }
      } else {
        await logCall({
          leadId: lead.id,
          direction,
          customerNumber: number,
          startedAt: fromLocal(startedAt) ?? new Date().toISOString(),
          ...(disposition ? { disposition } : {}),
          ...(notes ? { notes } : {}),
          ...(fromLocal(callbackAt) ? { callbackAt: fromLocal(callbackAt) } : {}),
        }).unwrap();
        toast.success('Call logged.');
      }
      onClose();
    } catch {
      // Shown in the dialog, on the field at fault.
    }
  };

  const shown = ['customerNumber', 'startedAt', 'disposition', 'notes', 'callbackAt'];
  return (
    <Dialog open={open} onClose={onClose} maxWidth="sm" fullWidth aria-labelledby="call-dialog-title">
      <form onSubmit={submit} noValidate>
        <DialogTitle id="call-dialog-title">{call ? 'Update the call' : 'Log a call'}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ mt: 1 }}>
            {call ? null : (
              <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
                <TextField
                  select
                  label="Direction"
                  value={direction}
                  onChange={(e) => setDirection(e.target.value as 'inbound' | 'outbound')}
                  sx={{ minWidth: 160 }}
                >
                  <MenuItem value="outbound">Outbound</MenuItem>
                  <MenuItem value="inbound">Inbound</MenuItem>
                </TextField>
                <TextField
                  label="Number"
                  value={number}
                  onChange={(e) => setNumber(e.target.value)}
                  error={!!fieldError(problem, 'customerNumber')}
                  helperText={fieldError(problem, 'customerNumber') ?? ' '}
                  fullWidth
                />
              </Stack>
            )}
            {call ? null : (
              <TextField
                type="datetime-local"
                label="When"
                value={startedAt}
                onChange={(e) => setStartedAt(e.target.value)}
                error={!!fieldError(problem, 'startedAt')}
                helperText={fieldError(problem, 'startedAt') ?? ' '}
                slotProps={{ inputLabel: { shrink: true } }}
              />
            )}
            <TextField
              select
              label="Disposition"
              value={disposition}
              onChange={(e) => setDisposition(e.target.value as CallDisposition)}
              error={!!fieldError(problem, 'disposition')}
              helperText={
                fieldError(problem, 'disposition') ??
                (disposition === 'appointment_set'
                  ? 'Moves a new, contacted or qualified lead to Inspection scheduled.'
                  : disposition === 'wrong_number'
                    ? "Marks this number on the lead as a wrong number."
                    : ' ')
              }
            >
              {DISPOSITIONS.map((d) => (
                <MenuItem key={d} value={d}>
                  {CALL_DISPOSITION_LABELS[d]}
                </MenuItem>
              ))}
            </TextField>
            {disposition === 'callback' ? (
              <TextField
                type="datetime-local"
                label="Call back at"
                value={callbackAt}
                onChange={(e) => setCallbackAt(e.target.value)}
                error={!!fieldError(problem, 'callbackAt')}
                helperText={fieldError(problem, 'callbackAt') ?? 'Adds a follow-up deadline at this time.'}
                slotProps={{ inputLabel: { shrink: true } }}
              />
            ) : null}
            <TextField
              label="Notes"
              value={notes}
              onChange={(e) => setNotes(e.target.value)}
              error={!!fieldError(problem, 'notes')}
              helperText={fieldError(problem, 'notes') ?? ' '}
              multiline
              minRows={3}
            />
            {problem ? <ProblemAlert error={problem} shownFields={shown} /> : null}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={busy}>
            {call ? 'Save' : 'Log call'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
