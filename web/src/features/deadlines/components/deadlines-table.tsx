// The open deadlines of one tab, grouped by day: lead, kind, due (relative and absolute), note,
// assignee, and a Done button.
import CheckIcon from '@mui/icons-material/Check';
import EventBusyIcon from '@mui/icons-material/EventBusyOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { Fragment } from 'react';
import { Link as RouterLink } from 'react-router';
import { deadlineKindLabel } from '@/components/deadlines-kinds';
import { StatusChip } from '@/components/status-chip';
import { describeUser, type UserDirectory } from '@/hooks/use-user-directory';
import { describeDue, groupByDay, leadName, type DeadlineRow } from '../deadlines-logic';

export interface DeadlinesTableProps {
  rows: readonly DeadlineRow[];
  now: Date;
  showAssignee: boolean;
  directory: Pick<UserDirectory, 'meId' | 'nameOf'>;
  /** Rows marked done here, still listed until the refetch drops them. */
  doneIds: ReadonlySet<string>;
  pendingIds: ReadonlySet<string>;
  onDone: (row: DeadlineRow) => void;
  caption: string;
}

const visuallyHidden = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;

function DueCell({ dueAt, now }: { dueAt: string; now: Date }) {
  const due = describeDue(dueAt, now);
  const overdue = due.state === 'overdue';
  return (
    <Box>
      <Stack
        direction="row"
        spacing={0.5}
        sx={{ alignItems: 'center', color: overdue ? 'error.main' : 'text.primary' }}
      >
        {overdue ? <EventBusyIcon sx={{ fontSize: 16 }} aria-hidden="true" /> : null}
        <Typography variant="body2" sx={{ fontWeight: overdue ? 600 : 500, color: 'inherit' }}>
          {overdue ? <Box component="span" sx={visuallyHidden}>Overdue, </Box> : null}
          {due.relative}
        </Typography>
      </Stack>
      <Typography
        variant="caption"
        color="text.secondary"
        component="time"
        dateTime={dueAt}
        sx={{ display: 'block' }}
      >
        {due.absolute}
      </Typography>
    </Box>
  );
}

export function DeadlinesTable({
  rows,
  now,
  showAssignee,
  directory,
  doneIds,
  pendingIds,
  onDone,
  caption,
}: DeadlinesTableProps) {
  const groups = groupByDay(rows, now);
  const columns = showAssignee ? 6 : 5;
  return (
    <TableContainer component={Paper} variant="outlined">
      <Table size="small" aria-label={caption} sx={{ tableLayout: 'fixed', minWidth: 760 }}>
        <TableHead>
          <TableRow>
            <TableCell sx={{ width: '24%' }}>Lead</TableCell>
            <TableCell sx={{ width: '14%' }}>Kind</TableCell>
            <TableCell sx={{ width: '19%' }}>Due</TableCell>
            <TableCell>Note</TableCell>
            {showAssignee ? <TableCell sx={{ width: '12%' }}>Assignee</TableCell> : null}
            <TableCell sx={{ width: 124 }} align="right">
              <Box component="span" sx={visuallyHidden}>
                Actions
              </Box>
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {groups.map((group) => (
            <Fragment key={group.key}>
              <TableRow>
                <TableCell
                  component="th"
                  scope="colgroup"
                  colSpan={columns}
                  sx={{ bgcolor: 'action.hover', py: 0.75, fontWeight: 600, color: 'text.secondary' }}
                >
                  {group.label}
                </TableCell>
              </TableRow>
              {group.rows.map((row) => {
                const done = doneIds.has(row.id);
                const pending = pendingIds.has(row.id);
                const name = leadName(row);
                const kind = deadlineKindLabel(row.kind);
                const assignee = describeUser(directory, row.lead.assignedTo);
                return (
                  <TableRow
                    key={row.id}
                    hover
                    sx={done ? { opacity: 0.55, '& td': { textDecoration: 'line-through' } } : undefined}
                  >
                    <TableCell>
                      <Link
                        component={RouterLink}
                        to={`/leads/${encodeURIComponent(row.leadId)}`}
                        sx={{ fontWeight: 600, display: 'block', overflowWrap: 'anywhere' }}
                      >
                        {name}
                      </Link>
                      <StatusChip status={row.lead.status} sx={{ mt: 0.5, height: 22 }} />
                    </TableCell>
                    <TableCell>{kind}</TableCell>
                    <TableCell>
                      <DueCell dueAt={row.dueAt} now={now} />
                    </TableCell>
                    <TableCell>
                      {row.note ? (
                        <Typography
                          variant="body2"
                          title={row.note}
                          sx={{
                            display: '-webkit-box',
                            WebkitLineClamp: 2,
                            WebkitBoxOrient: 'vertical',
                            overflow: 'hidden',
                            overflowWrap: 'anywhere',
                          }}
                        >
                          {row.note}
                        </Typography>
                      ) : (
                        <Typography variant="body2" color="text.secondary">
                          —
                        </Typography>
                      )}
                    </TableCell>
                    {showAssignee ? (
                      <TableCell>
                        {assignee.known || !row.lead.assignedTo ? (
                          <Typography
                            variant="body2"
                            color={row.lead.assignedTo ? 'text.primary' : 'text.secondary'}
                            noWrap
                          >
                            {assignee.label}
                          </Typography>
                        ) : (
                          <Tooltip title={row.lead.assignedTo}>
                            <Typography variant="body2" noWrap sx={{ fontFamily: 'monospace', fontSize: 12 }}>
                              {assignee.label}
                            </Typography>
                          </Tooltip>
                        )}
                      </TableCell>
                    ) : null}
                    <TableCell align="right">
                      <Button
                        size="small"
                        variant="outlined"
                        startIcon={<CheckIcon />}
                        onClick={() => onDone(row)}
                        loading={pending}
                        disabled={done}
                        aria-label={`Mark ${kind.toLowerCase()} for ${name} done`}
                        sx={{ textDecoration: 'none' }}
                      >
                        Done
                      </Button>
                    </TableCell>
                  </TableRow>
                );
              })}
            </Fragment>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
