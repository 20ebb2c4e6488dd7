// Screen pop by contact (/screen-pop?contactId=…): the live call as Amazon Connect's events
// describe it — waiting for the first, then ringing or queued, connected, ended — with the
// caller's lead to open, or the number to look up when no lead has it yet.
import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import PhoneInTalkIcon from '@mui/icons-material/PhoneInTalkOutlined';
import SearchIcon from '@mui/icons-material/Search';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Link as RouterLink } from 'react-router';
import { formatCallDuration } from '@/components/call-dispositions';
import { formatDateTime } from '@/components/deadlines-time';
import { PageHeader } from '@/components/page-header';
import { ProblemAlert } from '@/components/problem-alert';
import { useGetCallByContactQuery, type LiveCall } from '../live-call-api';
import { formatPhone } from '../screen-pop-logic';

const POLL_MS = 2000;

type Stage = { label: string; color: 'warning' | 'success' | 'default' };

export function callStage(call: LiveCall): Stage {
  if (call.endedAt) return { label: 'Ended', color: 'default' };
  if (call.connectedAt) return { label: 'Connected', color: 'success' };
  return { label: call.direction === 'inbound' ? 'Ringing or queued' : 'Dialing', color: 'warning' };
}

/** A queue's name; contact events name it by ARN only, until the contact record says its name. */
export function queueLabel(queue: string | undefined): string | undefined {
  if (!queue?.startsWith('arn:')) return queue;
  const id = queue.slice(queue.lastIndexOf('/') + 1);
  return `Queue ${id.length > 12 ? `${id.slice(0, 8)}…` : id}`;
}

function Detail({ label, value }: { label: string; value: string | undefined }) {
  if (!value) return null;
  return (
    <Box>
      <Typography variant="caption" color="text.secondary">
        {label}
      </Typography>
      <Typography variant="body1">{value}</Typography>
    </Box>
  );
}

function CallCard({ call }: { call: LiveCall }) {
  const stage = callStage(call);
  const since = call.connectedAt ?? call.startedAt;
  const seconds = call.durationSeconds ?? Math.max(0, (Date.now() - Date.parse(since)) / 1000);
  return (
    <Card component="section" aria-label="Live call">
      <CardContent>
        <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center', mb: 2 }}>
          <PhoneInTalkIcon color="primary" aria-hidden="true" />
          <Typography variant="h6" component="h2" sx={{ flex: 1 }}>
            {call.direction === 'inbound' ? 'From' : 'To'} {call.customerNumber ? formatPhone(call.customerNumber) : 'an unknown number'}
          </Typography>
          <Chip label={stage.label} color={stage.color} />
        </Stack>
        <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr 1fr', md: 'repeat(4, 1fr)' }, gap: 2 }}>
          <Detail label="Started" value={formatDateTime(call.startedAt)} />
          <Detail label={call.endedAt ? 'Length' : call.connectedAt ? 'Talking for' : 'Waiting for'} value={formatCallDuration(seconds)} />
          <Detail label="Queue" value={queueLabel(call.queue)} />
          <Detail label="Agent" value={call.agent} />
        </Box>
        {Object.keys(call.attributes ?? {}).length > 0 ? (
          <Stack direction="row" spacing={1} useFlexGap sx={{ mt: 2, flexWrap: 'wrap' }}>
            {Object.entries(call.attributes).map(([name, value]) => (
              <Chip key={name} size="small" variant="outlined" label={`${name}: ${value}`} />
            ))}
          </Stack>
        ) : null}
      </CardContent>
    </Card>
  );
}

export function LiveCallPage({ contactId }: { contactId: string }) {
  const { currentData: call, error, isLoading, refetch } = useGetCallByContactQuery(contactId, {
    pollingInterval: POLL_MS,
    skipPollingIfUnfocused: false,
    refetchOnMountOrArgChange: true,
  });
  const others = call?.otherLeadIds?.length ?? 0;
  return (
    <>
      <PageHeader title="Incoming call" subtitle={`Contact ${contactId}`} documentTitle="Incoming call" />
      {error && !call ? (
        <ProblemAlert error={error} title="The call could not be looked up" onRetry={refetch} />
      ) : isLoading || !call ? (
        <Card role="status" aria-label="Waiting for the call" aria-busy="true">
          <CardContent>
            <Typography>Waiting for the contact center to describe the call…</Typography>
            <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5, mb: 2 }}>
              Its details show here as soon as the first event arrives.
            </Typography>
            <LinearProgress />
          </CardContent>
        </Card>
      ) : (
        <Stack spacing={2}>
          <CallCard call={call} />
          <Card>
            <CardContent>
              {call.leadId ? (
                <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ alignItems: { sm: 'center' } }}>
                  <Typography sx={{ flex: 1 }}>
                    The caller’s lead is on file
                    {others > 0 ? `; ${others} more ${others === 1 ? 'lead has' : 'leads have'} this number` : ''}.
                  </Typography>
                  <Button
                    component={RouterLink}
                    to={`/leads/${encodeURIComponent(call.leadId)}`}
                    variant="contained"
                    startIcon={<OpenInNewIcon />}
                    autoFocus
                  >
                    Open the lead
                  </Button>
                </Stack>
              ) : call.customerNumber ? (
                <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ alignItems: { sm: 'center' } }}>
                  <Typography sx={{ flex: 1 }}>No lead has this number yet.</Typography>
                  <Button
                    component={RouterLink}
                    to={`/screen-pop?${new URLSearchParams({ phone: call.customerNumber }).toString()}`}
                    variant="contained"
                    startIcon={<SearchIcon />}
                  >
                    Look up {formatPhone(call.customerNumber)}
                  </Button>
                </Stack>
              ) : (
                <Typography color="text.secondary">The caller’s number is not known yet.</Typography>
              )}
            </CardContent>
          </Card>
        </Stack>
      )}
    </>
  );
}
