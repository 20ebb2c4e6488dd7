// The Calls tab: the lead's calls newest first — direction, when, how long, who took it, the
// queue and the disposition — with logging a call, changing a call's disposition, notes and
// callback time (their effects show at once in the timeline, deadlines and status), and the
// recording with its Contact Lens transcript (call-media.tsx).
import CallMadeIcon from '@mui/icons-material/CallMade';
import CallReceivedIcon from '@mui/icons-material/CallReceived';
import EditIcon from '@mui/icons-material/EditOutlined';
import PhoneIcon from '@mui/icons-material/PhoneOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import Paper from '@mui/material/Paper';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { callDispositionLabel, formatCallDuration } from '@/components/call-dispositions';
import { formatDateTime } from '@/components/deadlines-time';
import { EmptyState } from '@/components/empty-state';
import { ProblemAlert } from '@/components/problem-alert';
import { problemFromError } from '@/lib/problem';
import { useListLeadCallsQuery, type LeadCall } from '../calls-api';
import { CallDialog } from './call-dialog';
import { CallMedia } from './call-media';
import type { LeadTabProps } from './lead-tab-types';

const POSITIVE = new Set(['interested', 'appointment_set', 'callback']);
const NEGATIVE = new Set(['not_interested', 'wrong_number']);

function dispositionColor(disposition: string | undefined): 'success' | 'warning' | 'default' {
  if (!disposition) return 'default';
  if (POSITIVE.has(disposition)) return 'success';
  if (NEGATIVE.has(disposition)) return 'warning';
  return 'default';
}

function CallRow({ call, readOnly, onEdit }: { call: LeadCall; readOnly: boolean; onEdit: () => void }) {
  const inbound = call.direction === 'inbound';
  return (
    <Paper component="li" variant="outlined" sx={{ p: 2, listStyle: 'none' }}>
      <Stack direction="row" spacing={1.5} sx={{ alignItems: 'flex-start' }}>
        <Box
          sx={{ color: inbound ? 'info.main' : 'primary.main', pt: 0.25 }}
          aria-label={inbound ? 'Inbound' : 'Outbound'}
          role="img"
        >
          {inbound ? <CallReceivedIcon /> : <CallMadeIcon />}
        </Box>
        <Box sx={{ flex: 1, minWidth: 0 }}>
          <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
            <Typography variant="subtitle2">
              {inbound ? 'From' : 'To'} {call.customerNumber}
            </Typography>
            {call.disposition ? (
              <Chip size="small" color={dispositionColor(call.disposition)} label={callDispositionLabel(call.disposition)} />
            ) : (
              <Chip size="small" variant="outlined" label="No disposition" />
            )}
          </Stack>
          <Typography variant="body2" color="text.secondary">
            {formatDateTime(call.startedAt)}
            {call.durationSeconds !== undefined ? ` · ${formatCallDuration(call.durationSeconds)}` : ''}
            {call.agent ? ` · ${call.agent}` : ''}
            {call.queue ? ` · ${call.queue}` : ''}
          </Typography>
          {call.callbackAt ? (
            <Typography variant="body2" color="text.secondary">
              Call back {formatDateTime(call.callbackAt)}
            </Typography>
          ) : null}
          {call.notes ? (
            <Typography variant="body2" sx={{ mt: 0.5, whiteSpace: 'pre-wrap' }}>
              {call.notes}
            </Typography>
          ) : null}
        </Box>
        {readOnly ? null : (
          <Tooltip title="Update the call">
            <IconButton aria-label={`Update the call of ${formatDateTime(call.startedAt)}`} onClick={onEdit}>
              <EditIcon />
            </IconButton>
          </Tooltip>
        )}
      </Stack>
      {/* The row's whole width: the tab sits in a narrow column. */}
      <CallMedia call={call} />
    </Paper>
  );
}

export function CallsTab({ lead, readOnly }: LeadTabProps) {
  const { data, isLoading, error } = useListLeadCallsQuery(lead.id);
  const [dialog, setDialog] = useState<{ open: boolean; call: LeadCall | null }>({ open: false, call: null });
  const problem = problemFromError(error);
  const calls = data?.items ?? [];

  return (
    <Stack spacing={2}>
      <Stack direction="row" sx={{ justifyContent: 'space-between', alignItems: 'center' }}>
        <Typography variant="h6" component="h2">
          Calls
        </Typography>
        {readOnly ? null : (
          <Button variant="contained" startIcon={<PhoneIcon />} onClick={() => setDialog({ open: true, call: null })}>
            Log a call
          </Button>
        )}
      </Stack>
      {problem ? <ProblemAlert error={problem} /> : null}
      {isLoading ? (
        <Stack spacing={1} aria-label="Loading calls">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} variant="rounded" height={72} />
          ))}
        </Stack>
      ) : calls.length === 0 && !problem ? (
        <EmptyState
          icon={<PhoneIcon />}
          title="No calls yet"
          description="Calls with this customer show here: logged by hand, or from the contact center."
        />
      ) : (
        <Stack component="ul" spacing={1.5} sx={{ m: 0, p: 0 }}>
          {calls.map((call) => (
            <CallRow key={call.id} call={call} readOnly={readOnly} onEdit={() => setDialog({ open: true, call })} />
          ))}
        </Stack>
      )}
      <CallDialog lead={lead} call={dialog.call} open={dialog.open} onClose={() => setDialog({ open: false, call: null })} />
    </Stack>
  );
}
