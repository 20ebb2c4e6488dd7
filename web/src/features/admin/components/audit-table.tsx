// The audit records, newest first; a row expands to show its changes (old → new) and its place
// in the hash chain.
import KeyboardArrowDownIcon from '@mui/icons-material/KeyboardArrowDown';
import KeyboardArrowRightIcon from '@mui/icons-material/KeyboardArrowRight';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Collapse from '@mui/material/Collapse';
import IconButton from '@mui/material/IconButton';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { Fragment, useId, useState } from 'react';
import { Link as RouterLink } from 'react-router';
import { formatRelativeTime } from '@/components/deadlines-time';
import { shortId } from '@/hooks/use-user-directory';
import { MONO_STACK } from '@/theme/theme';
import type { AuditRecord } from '../admin-api';
import {
  changeRows,
  describeActor,
  entityLabel,
  entityLink,
  formatAuditTime,
} from '../audit-format';

const OUTCOME_COLOR = { ok: 'success', denied: 'warning', failed: 'error' } as const;
const mono = { fontFamily: MONO_STACK, fontSize: '0.8rem' } as const;

function Changes({ record }: { record: AuditRecord }) {
  const rows = changeRows(record.changes);
  return (
    <Box sx={{ py: 1.5, px: { xs: 1, sm: 2 } }}>
      {rows.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          No field changes recorded.
        </Typography>
      ) : (
        <Table size="small" aria-label={`Changes of record ${record.seq}`} sx={{ maxWidth: 880 }}>
          <TableHead>
            <TableRow>
              <TableCell sx={{ width: '24%' }}>Field</TableCell>
              <TableCell>Old</TableCell>
              <TableCell aria-hidden="true" sx={{ width: 24, px: 0 }} />
              <TableCell>New</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((row) => (
              <TableRow key={row.field}>
                <TableCell sx={mono}>{row.field}</TableCell>
                <TableCell
                  sx={{ ...mono, overflowWrap: 'anywhere', color: row.oldIsNone ? 'text.secondary' : 'text.primary', fontStyle: row.oldIsNone ? 'italic' : 'normal' }}
                >
                  {row.old}
                </TableCell>
                <TableCell aria-hidden="true" sx={{ px: 0, color: 'text.secondary' }}>
                  →
                </TableCell>
                <TableCell
                  sx={{ ...mono, overflowWrap: 'anywhere', color: row.newIsNone ? 'text.secondary' : 'text.primary', fontStyle: row.newIsNone ? 'italic' : 'normal' }}
                >
                  {row.new}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <Typography variant="caption" color="text.secondary" component="p" sx={{ mt: 1.5, ...mono, fontSize: '0.72rem', overflowWrap: 'anywhere' }}>
        Record #{record.seq} · hash {record.hash} · previous {record.prevHash}
      </Typography>
    </Box>
  );
}

function AuditRow({
  record,
  nameOf,
  now,
}: {
  record: AuditRecord;
  nameOf: (id: string) => string | null;
  now: Date;
}) {
  const [open, setOpen] = useState(false);
  const detailId = useId();
  const actor = describeActor(record.actor, nameOf);
  const link = entityLink(record);
  const changeCount = Object.keys(record.changes ?? {}).length;
  return (
    <Fragment>
      <TableRow hover sx={{ '& > td': { borderBottom: open ? 0 : undefined } }}>
        <TableCell padding="checkbox">
          <IconButton
            size="small"
            onClick={() => setOpen((o) => !o)}
            aria-expanded={open}
            aria-controls={detailId}
            aria-label={`${open ? 'Hide' : 'Show'} details of ${record.action} at ${formatAuditTime(record.at)}`}
          >
            {open ? <KeyboardArrowDownIcon fontSize="small" /> : <KeyboardArrowRightIcon fontSize="small" />}
          </IconButton>
        </TableCell>
        <TableCell>
          <Typography
            variant="body2"
            component="time"
            dateTime={record.at}
            title={record.at}
            sx={{ display: 'block', whiteSpace: 'nowrap' }}
          >
            {formatAuditTime(record.at, now)}
          </Typography>
          <Typography variant="caption" color="text.secondary">
            {formatRelativeTime(record.at, now)}
          </Typography>
        </TableCell>
        <TableCell sx={{ whiteSpace: 'nowrap', maxWidth: 180, overflow: 'hidden', textOverflow: 'ellipsis' }}>
          {actor.to ? (
            <Link component={RouterLink} to={actor.to} sx={actor.kind === 'user' && actor.label !== record.actor ? undefined : mono}>
              {actor.kind === 'apikey' ? `API key ${shortId(actor.label)}` : actor.label}
            </Link>
          ) : (
            <Typography variant="body2" color="text.secondary" component="span">
              {actor.label}
            </Typography>
          )}
        </TableCell>
        <TableCell>
          <Typography variant="body2" sx={{ ...mono, whiteSpace: 'nowrap' }}>
            {record.action}
          </Typography>
          {changeCount > 0 ? (
            <Typography variant="caption" color="text.secondary">
              {changeCount === 1 ? '1 change' : `${changeCount} changes`}
            </Typography>
          ) : null}
        </TableCell>
        <TableCell>
          {record.entity ? (
            <>
              <Typography variant="body2">{entityLabel(record.entity)}</Typography>
              {record.entityId ? (
                link ? (
                  <Tooltip title={record.entityId}>
                    <Link component={RouterLink} to={link} sx={{ ...mono, fontSize: '0.75rem', whiteSpace: 'nowrap' }}>
                      {shortId(record.entityId)}
                    </Link>
                  </Tooltip>
                ) : (
                  <Tooltip title={record.entityId}>
                    <Typography variant="caption" sx={{ ...mono, whiteSpace: 'nowrap' }}>
                      {shortId(record.entityId)}
                    </Typography>
                  </Tooltip>
                )
              ) : null}
            </>
          ) : (
            <Typography variant="body2" color="text.secondary">
              —
            </Typography>
          )}
        </TableCell>
        <TableCell>
          <Chip
            size="small"
            variant="outlined"
            label={record.outcome}
            color={OUTCOME_COLOR[record.outcome] ?? 'default'}
          />
        </TableCell>
        <TableCell sx={{ ...mono, whiteSpace: 'nowrap' }}>{record.ip || '—'}</TableCell>
        <TableCell>
          <Tooltip title={record.requestId}>
            <Typography variant="body2" sx={{ ...mono, maxWidth: 120 }} noWrap>
              {record.requestId || '—'}
            </Typography>
          </Tooltip>
        </TableCell>
      </TableRow>
      <TableRow>
        <TableCell colSpan={8} sx={{ p: 0, borderBottom: open ? undefined : 0 }}>
          <Collapse in={open} timeout="auto" unmountOnExit id={detailId}>
            <Box sx={{ bgcolor: 'action.hover' }}>
              <Changes record={record} />
            </Box>
          </Collapse>
        </TableCell>
      </TableRow>
    </Fragment>
  );
}

export function AuditTable({
  records,
  nameOf,
}: {
  records: readonly AuditRecord[];
  nameOf: (id: string) => string | null;
}) {
  const now = new Date();
  return (
    <TableContainer component={Paper} variant="outlined">
      <Table size="small" aria-label="Audit records" sx={{ minWidth: 900 }}>
        <TableHead>
          <TableRow>
            <TableCell padding="checkbox">
              <Box component="span" sx={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>
                Details
              </Box>
            </TableCell>
            <TableCell>At</TableCell>
            <TableCell>Actor</TableCell>
            <TableCell>Action</TableCell>
            <TableCell>Entity</TableCell>
            <TableCell>Outcome</TableCell>
            <TableCell>IP</TableCell>
            <TableCell>Request ID</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {records.map((record) => (
            <AuditRow key={record.seq} record={record} nameOf={nameOf} now={now} />
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
