// Calls (/calls): every call the user may see, newest first, filtered by direction,
// disposition and days, a page of 50 at a time; managers and admins also see the calls no lead matched, and give each a lead —
// an existing one ("Link to lead", found by search) or a new one made from the call.
import CallMadeIcon from '@mui/icons-material/CallMade';
import CallReceivedIcon from '@mui/icons-material/CallReceived';
import LinkIcon from '@mui/icons-material/LinkOutlined';
import NavigateBeforeIcon from '@mui/icons-material/NavigateBefore';
import NavigateNextIcon from '@mui/icons-material/NavigateNext';
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
import Typography from '@mui/material/Typography';
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

const PAGE_SIZE = 50;

function localMidnight(day: string, plusDays = 0): Date {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(year!, month! - 1, date! + plusDays);
}

/** "2026-12-07" -> the instant that day starts where the user is, as RFC 3339. */
export function localDayStart(day: string): string {
  return localMidnight(day).toISOString();
}

/** "2026-12-07" -> the last millisecond of that day where the user is (a day of a clock change
 * included). */
export function localDayEnd(day: string): string {
  return new Date(localMidnight(day, 1).getTime() - 1).toISOString();
}

export function CallsPage() {
  const oversees = useHasRole(['admin', 'manager']);
  const [unmatched, setUnmatched] = useState(false);
  const [direction, setDirection] = useState('');
  const [disposition, setDisposition] = useState('');
  const [fromDay, setFromDay] = useState('');
  const [toDay, setToDay] = useState('');
  // The cursors of the pages shown so far: the last is the page on screen ('' the newest).
  const [cursors, setCursors] = useState<string[]>(['']);
  const [linking, setLinking] = useState<Call | null>(null);
  const cursor = cursors[cursors.length - 1]!;
  const { data, isLoading, isFetching, error } = useListCallsQuery({
    limit: PAGE_SIZE,
    ...(unmatched ? { unmatched: true } : {}),
    ...(direction ? { direction: direction as 'inbound' | 'outbound' } : {}),
    ...(disposition ? { disposition: disposition as Call['disposition'] & string } : {}),
    ...(fromDay ? { from: localDayStart(fromDay) } : {}),
    ...(toDay ? { to: localDayEnd(toDay) } : {}),
    ...(cursor ? { cursor } : {}),
  });
  // Any filter change starts again from the newest call.
  const filter = <T,>(set: (value: T) => void) => (value: T) => {
    set(value);
    setCursors(['']);
  };
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
          onChange={(e) => filter(setDirection)(e.target.value)}
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
          onChange={(e) => filter(setDisposition)(e.target.value)}
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
        <TextField
          type="date"
          size="small"
          label="From"
          value={fromDay}
          onChange={(e) => filter(setFromDay)(e.target.value)}
          slotProps={{ inputLabel: { shrink: true }, htmlInput: { max: toDay || undefined } }}
        />
        <TextField
          type="date"
          size="small"
          label="To"
          value={toDay}
          onChange={(e) => filter(setToDay)(e.target.value)}
          slotProps={{ inputLabel: { shrink: true }, htmlInput: { min: fromDay || undefined } }}
        />
        {oversees ? (
          <FormControlLabel
            control={<Switch checked={unmatched} onChange={(e) => filter(setUnmatched)(e.target.checked)} />}
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
      {cursors.length > 1 || data?.nextCursor ? (
        <Stack direction="row" spacing={1} sx={{ mt: 2, justifyContent: 'flex-end', alignItems: 'center' }}>
          <Typography variant="body2" color="text.secondary" sx={{ mr: 1 }}>
            Page {cursors.length}
          </Typography>
          <Button
            size="small"
            startIcon={<NavigateBeforeIcon />}
            disabled={cursors.length === 1 || isFetching}
            onClick={() => setCursors((list) => list.slice(0, -1))}
          >
            Newer
          </Button>
          <Button
            size="small"
            endIcon={<NavigateNextIcon />}
            disabled={!data?.nextCursor || isFetching}
            onClick={() => data?.nextCursor && setCursors((list) => [...list, data.nextCursor!])}
          >
            Older
          </Button>
        </Stack>
      ) : null}
      <LinkCallDialog call={linking} onClose={() => setLinking(null)} />
    </Box>
  );
}
