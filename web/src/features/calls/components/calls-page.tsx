// Calls (/calls): every call the user may see, newest first, filtered by direction and
// disposition; managers and admins also see the calls no lead matched, and give each a lead —
// an existing one ("Link to lead", found by search) or a new one made from the call.
import CallMadeIcon from '@mui/icons-material/CallMade';
import CallReceivedIcon from '@mui/icons-material/CallReceived';
import LinkIcon from '@mui/icons-material/LinkOutlined';
import PersonAddIcon from '@mui/icons-material/PersonAddAltOutlined';
import PhoneIcon from '@mui/icons-material/PhoneOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import Link from '@mui/material/Link';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { Link as RouterLink, useNavigate } from 'react-router';
import { CALL_DISPOSITION_LABELS, callDispositionLabel, formatCallDuration } from '@/components/call-dispositions';
import { formatDateTime } from '@/components/deadlines-time';
import { EmptyState } from '@/components/empty-state';
import { TableSkeleton } from '@/components/loading-skeletons';
import { PageHeader } from '@/components/page-header';
import { ProblemAlert } from '@/components/problem-alert';
import { useToast } from '@/components/toast-context';
import { useHasRole } from '@/hooks/use-role';
import { problemFromError } from '@/lib/problem';
import { useCreateLeadFromCallMutation, useListCallsQuery, type Call } from '../calls-api';
import { LinkCallDialog } from './link-call-dialog';

export function CallsPage() {
  const oversees = useHasRole(['admin', 'manager']);
  const [unmatched, setUnmatched] = useState(false);
  const [direction, setDirection] = useState('');
  const [disposition, setDisposition] = useState('');
  const [linking, setLinking] = useState<Call | null>(null);
  const { data, isLoading, isFetching, error } = useListCallsQuery({
    limit: 100,
    ...(unmatched ? { unmatched: true } : {}),
    ...(direction ? { direction: direction as 'inbound' | 'outbound' } : {}),
    ...(disposition ? { disposition: disposition as Call['disposition'] & string } : {}),
  });
  const [createLead, creating] = useCreateLeadFromCallMutation();
  const navigate = useNavigate();
  const toast = useToast();
  const problem = problemFromError(error) ?? problemFromError(creating.error);
  const calls = data?.items ?? [];

  const makeLead = async (call: Call) => {
    try {
      const made = await createLead({ id: call.id, firstName: 'Caller', lastName: call.customerNumber }).unwrap();
      toast.success('Lead created from the call.');
      navigate(`/leads/${made.lead.id}`);
    } catch {
      // Shown above the table.
    }
  };

  return (
    <Box>
      <PageHeader title="Calls" subtitle="Calls with customers, newest first" />
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ mb: 2, alignItems: { sm: 'center' } }}>
        <TextField
          select
          size="small"
          label="Direction"
          value={direction}
          onChange={(e) => setDirection(e.target.value)}
          slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true } }}
          sx={{ minWidth: 160 }}
        >
          <MenuItem value="">Any</MenuItem>
          <MenuItem value="inbound">Inbound</MenuItem>
          <MenuItem value="outbound">Outbound</MenuItem>
        </TextField>
        <TextField
          select
          size="small"
          label="Disposition"
          value={disposition}
          onChange={(e) => setDisposition(e.target.value)}
          slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true } }}
          sx={{ minWidth: 200 }}
        >
          <MenuItem value="">Any</MenuItem>
          {Object.entries(CALL_DISPOSITION_LABELS).map(([value, label]) => (
            <MenuItem key={value} value={value}>
              {label}
            </MenuItem>
          ))}
        </TextField>
        {oversees ? (
          <FormControlLabel
            control={<Switch checked={unmatched} onChange={(e) => setUnmatched(e.target.checked)} />}
            label="Only calls without a lead"
          />
        ) : null}
      </Stack>
      {problem ? <ProblemAlert error={problem} /> : null}
      {isLoading ? (
        <TableSkeleton rows={6} columns={6} />
      ) : calls.length === 0 ? (
        <EmptyState
          icon={<PhoneIcon />}
          title={unmatched ? 'Every call has a lead' : 'No calls'}
          description={unmatched ? 'Calls from numbers no lead has show here.' : 'Calls logged by hand or from the contact center show here.'}
        />
      ) : (
        <Paper variant="outlined" sx={{ overflowX: 'auto', opacity: isFetching ? 0.7 : 1 }}>
          <Table size="small" aria-label="Calls">
            <TableHead>
              <TableRow>
                <TableCell>When</TableCell>
                <TableCell>Number</TableCell>
                <TableCell>Length</TableCell>
                <TableCell>Agent · queue</TableCell>
                <TableCell>Disposition</TableCell>
                <TableCell>Lead</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {calls.map((call) => (
                <TableRow key={call.id} hover>
                  <TableCell>
                    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                      <Box
                        role="img"
                        aria-label={call.direction === 'inbound' ? 'Inbound' : 'Outbound'}
                        sx={{ display: 'flex', color: call.direction === 'inbound' ? 'info.main' : 'primary.main' }}
                      >
                        {call.direction === 'inbound' ? <CallReceivedIcon fontSize="small" /> : <CallMadeIcon fontSize="small" />}
                      </Box>
                      <span>{formatDateTime(call.startedAt)}</span>
                    </Stack>
                  </TableCell>
                  <TableCell>{call.customerNumber || '—'}</TableCell>
                  <TableCell>{call.durationSeconds !== undefined ? formatCallDuration(call.durationSeconds) : '—'}</TableCell>
                  <TableCell>{[call.agent, call.queue].filter(Boolean).join(' · ') || '—'}</TableCell>
                  <TableCell>{call.disposition ? <Chip size="small" label={callDispositionLabel(call.disposition)} /> : '—'}</TableCell>
                  <TableCell>
                    {call.leadId ? (
                      <Link component={RouterLink} to={`/leads/${call.leadId}?tab=calls`}>
                        Open lead
                      </Link>
                    ) : (
                      <Stack direction="row" spacing={1}>
                        <Button size="small" startIcon={<LinkIcon />} onClick={() => setLinking(call)}>
                          Link to lead
                        </Button>
                        <Button size="small" startIcon={<PersonAddIcon />} onClick={() => makeLead(call)} disabled={creating.isLoading}>
                          Create lead
                        </Button>
                      </Stack>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Paper>
      )}
      <LinkCallDialog call={linking} onClose={() => setLinking(null)} />
    </Box>
  );
}
