// The lead's place in the pipeline as a stepper: a later step moves the lead forward, an earlier
// one back (managers and admins only), "Mark lost" and "Reopen" apart from the pipeline. Every
// move is confirmed first. A refusal shows right under the stepper: the stage gate's missing
// documents, a move back the server refused, or someone else's change meanwhile (412).
import BlockIcon from '@mui/icons-material/Block';
import ReplayIcon from '@mui/icons-material/Replay';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Step from '@mui/material/Step';
import StepButton from '@mui/material/StepButton';
import StepLabel from '@mui/material/StepLabel';
import Stepper from '@mui/material/Stepper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { Link as RouterLink } from 'react-router';
import { useAppDispatch } from '@/app/hooks';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { ProblemAlert } from '@/components/problem-alert';
import { StatusChip } from '@/components/status-chip';
import { statusLabel } from '@/components/status-colors';
import { useToast } from '@/components/toast-context';
import {
  missingDocumentLabel,
  moveKind,
  PIPELINE,
  stageGateRefusal,
  useStatusMoves,
  type MoveKind,
} from '@/hooks/lead-detail-status-moves';
import { problemFromError } from '@/lib/problem';
import { leadsApi, usePatchLeadMutation, type Lead, type LeadStatus } from '@/lib/leads-api';

interface Refusal {
  to: LeadStatus;
  error: unknown;
}

function confirmText(kind: MoveKind, lead: Lead, to: LeadStatus, canMoveBack: boolean) {
  const name = `${lead.firstName} ${lead.lastName}`;
  const from = statusLabel(lead.status);
  switch (kind) {
    case 'lost':
      return {
        title: 'Mark this lead lost?',
        description: `${name} leaves the pipeline (now at ${from}). A lost lead can be reopened later; it then starts again at Contacted.`,
        confirm: 'Mark lost',
        destructive: true,
      };
    case 'reopen':
      return {
        title: 'Reopen this lead?',
        description: `${name} goes back into the pipeline at Contacted.`,
        confirm: 'Reopen',
        destructive: false,
      };
    case 'back':
      return {
        title: `Move back to ${statusLabel(to)}?`,
        description: `${name} moves back from ${from} to ${statusLabel(to)}.`,
        confirm: 'Move back',
        destructive: false,
      };
    default:
      return {
        title: `Move to ${statusLabel(to)}?`,
        description: `${name} moves from ${from} to ${statusLabel(to)}.${
          canMoveBack ? '' : ' Only a manager or an admin can move it back afterwards.'
        }`,
        confirm: 'Move',
        destructive: false,
      };
  }
}

export function StatusStepper({ lead, readOnly }: { lead: Lead; readOnly: boolean }) {
  const moves = useStatusMoves();
  const [patchLead, { isLoading }] = usePatchLeadMutation();
  // The move being confirmed; kept while the dialog fades out, `open` says whether it shows.
  const [pending, setPending] = useState<{ to: LeadStatus; text: ReturnType<typeof confirmText> } | null>(null);
  const [open, setOpen] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const dispatch = useAppDispatch();
  const toast = useToast();

  const lost = lead.status === 'lost';
  const active = PIPELINE.indexOf(lead.status);
  const text = pending?.text ?? null;

  const ask = (to: LeadStatus) => {
    setRefusal(null);
    setPending({ to, text: confirmText(moveKind(lead.status, to), lead, to, moves.canMoveBack) });
    setOpen(true);
  };

  const move = async () => {
    if (!pending) return;
    const { to } = pending;
    try {
      await patchLead({ id: lead.id, patch: { status: to }, version: lead.version }).unwrap();
      toast.success(to === 'lost' ? 'Lead marked lost.' : `Moved to ${statusLabel(to)}.`);
    } catch (error) {
      setRefusal({ to, error });
      if (problemFromError(error)?.status === 412) {
        // Show the lead as it is now; the user decides again from there.
        void dispatch(leadsApi.endpoints.getLead.initiate(lead.id, { subscribe: false, forceRefetch: true }));
      }
    } finally {
      setOpen(false);
    }
  };

  const gate = refusal ? stageGateRefusal(refusal.error) : null;
  const refusalStatus = refusal ? problemFromError(refusal.error)?.status : null;

  return (
    <Box>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', minHeight: 32 }}>
        <Typography variant="subtitle2" component="h2">
          Pipeline
        </Typography>
        <StatusChip status={lead.status} />
        <Box sx={{ flex: 1 }} />
        {lost || readOnly ? null : (
          <Button size="small" color="error" startIcon={<BlockIcon />} onClick={() => ask('lost')}>
            Mark lost
          </Button>
        )}
      </Stack>
      <Stepper
        nonLinear
        alternativeLabel
        activeStep={lost ? -1 : active}
        // The steps are actions (moves), not tabs: a toolbar of buttons, arrow keys between them.
        role="toolbar"
        aria-label="Pipeline stage"
        sx={{
          overflowX: 'auto',
          py: 1,
          '& .MuiStepLabel-label': { fontSize: '0.8125rem', mt: '6px !important' },
          ...(lost ? { opacity: 0.55 } : {}),
        }}
      >
        {PIPELINE.map((status, index) => {
          const current = status === lead.status;
          const allowed = !readOnly && !current && moves.canMove(lead.status, status);
          const label = statusLabel(status);
          return (
            <Step key={status} completed={!lost && index < active}>
              {allowed ? (
                <StepButton
                  role="button"
                  aria-selected={undefined}
                  aria-posinset={undefined}
                  aria-setsize={undefined}
                  onClick={() => ask(status)}
                  aria-label={`${index < active ? 'Move back to' : 'Move to'} ${label}`}
                  sx={{ borderRadius: 1 }}
                >
                  {label}
                </StepButton>
              ) : (
                <StepLabel aria-current={current ? 'step' : undefined}>{label}</StepLabel>
              )}
            </Step>
          );
        })}
      </Stepper>

      {lost ? (
        <Alert
          severity="error"
          variant="outlined"
          icon={<BlockIcon />}
          sx={{ mt: 1, alignItems: 'center' }}
          action={
            readOnly ? undefined : (
              <Button color="inherit" size="small" startIcon={<ReplayIcon />} onClick={() => ask('contacted')}>
                Reopen
              </Button>
            )
          }
        >
          This lead is lost.{readOnly ? '' : ' Reopening puts it back at Contacted.'}
        </Alert>
      ) : null}

      {refusal && gate ? (
        <Alert severity="warning" role="alert" sx={{ mt: 1.5 }} onClose={() => setRefusal(null)}>
          <AlertTitle>Can&apos;t move to {statusLabel(refusal.to)} yet</AlertTitle>
          <Typography variant="body2" sx={{ mb: 0.5 }}>
            This stage needs documents the lead does not have yet. Missing:
          </Typography>
          <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
            {gate.missingDocuments.map((doc) => (
              <Typography component="li" variant="body2" key={doc} sx={{ fontWeight: 600 }}>
                {missingDocumentLabel(doc)}
              </Typography>
            ))}
          </Box>
          <Typography variant="caption" component="p" sx={{ mt: 1, opacity: 0.9 }}>
            {gate.detail}
          </Typography>
          <Button
            component={RouterLink}
            to="?tab=documents"
            size="small"
            color="inherit"
            variant="outlined"
            sx={{ mt: 1 }}
            onClick={() => setRefusal(null)}
          >
            Go to documents
          </Button>
        </Alert>
      ) : refusal ? (
        <Box sx={{ mt: 1.5 }}>
          <ProblemAlert
            error={refusal.error}
            title={
              refusalStatus === 412
                ? 'Someone else changed this lead meanwhile — it has been reloaded. Check its stage and try again.'
                : `Couldn't move to ${statusLabel(refusal.to)}`
            }
          />
        </Box>
      ) : null}

      <ConfirmDialog
        open={open && !!text}
        title={text?.title ?? ''}
        description={text?.description}
        confirmLabel={text?.confirm}
        destructive={text?.destructive}
        loading={isLoading}
        onConfirm={() => void move()}
        onCancel={() => setOpen(false)}
      />
    </Box>
  );
}
