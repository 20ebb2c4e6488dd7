// Someone else saved the lead while the user was editing (412): what changed on the server, the
// user's own edits beside it, and the choice between the server's version and the user's.
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { useId } from 'react';
import { ProblemAlert } from '@/components/problem-alert';
import type { DiffRow } from '../lib/lead-diff';

export interface ConflictDialogProps {
  open: boolean;
  /** What the group is ("Contact"), for the title. */
  groupTitle: string;
  rows: readonly DiffRow[];
  saving: boolean;
  error?: unknown;
  onReload: () => void;
  onOverwrite: () => void;
  onKeepEditing: () => void;
}

function Cell({ text }: { text: string | null }) {
  if (text === null) return <Box component="span" sx={{ color: 'text.disabled' }}>—</Box>;
  if (text === '') return <Box component="span" sx={{ color: 'text.secondary', fontStyle: 'italic' }}>none</Box>;
  return <>{text}</>;
}

export function ConflictDialog({
  open,
  groupTitle,
  rows,
  saving,
  error,
  onReload,
  onOverwrite,
  onKeepEditing,
}: ConflictDialogProps) {
  const titleId = useId();
  const descriptionId = useId();
  const overlapping = rows.filter((r) => r.mine !== null).length;
  return (
    <Dialog
      open={open}
      onClose={saving ? undefined : onKeepEditing}
      aria-labelledby={titleId}
      aria-describedby={descriptionId}
      maxWidth="md"
      fullWidth
    >
      <DialogTitle id={titleId}>Someone else changed this lead</DialogTitle>
      <DialogContent>
        <DialogContentText id={descriptionId} sx={{ mb: 2 }}>
          While you were editing {groupTitle.toLowerCase()}, the lead was saved by someone else. Your
          edits are kept until you choose: reload the lead as it is now (your edits are discarded), or
          save yours over it (only the fields you changed are written).
        </DialogContentText>
        {overlapping > 0 ? (
          <Alert severity="warning" sx={{ mb: 2 }}>
            {overlapping === 1 ? 'One field you edited was' : `${overlapping} fields you edited were`} also
            changed on the server.
          </Alert>
        ) : null}
        <Box sx={{ overflowX: 'auto' }}>
          <Table size="small" aria-label="Changes on the server">
            <TableHead>
              <TableRow>
                <TableCell component="th" scope="col">Field</TableCell>
                <TableCell component="th" scope="col">When you started</TableCell>
                <TableCell component="th" scope="col">On the server now</TableCell>
                <TableCell component="th" scope="col">Your edit</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map((row) => (
                <TableRow
                  key={row.path}
                  sx={row.mine !== null ? { bgcolor: 'action.hover' } : undefined}
                >
                  <TableCell component="th" scope="row" sx={{ fontWeight: 500 }}>
                    {row.label}
                  </TableCell>
                  <TableCell sx={{ color: 'text.secondary', overflowWrap: 'anywhere' }}>
                    <Cell text={row.before} />
                  </TableCell>
                  <TableCell sx={{ overflowWrap: 'anywhere' }}>
                    <Cell text={row.server} />
                  </TableCell>
                  <TableCell sx={{ overflowWrap: 'anywhere', fontWeight: row.mine !== null ? 600 : 400 }}>
                    <Cell text={row.mine} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
        {error ? <ProblemAlert error={error} sx={{ mt: 2 }} /> : null}
      </DialogContent>
      <DialogActions sx={{ px: 3, pb: 2, flexWrap: 'wrap', gap: 1 }}>
        <Button onClick={onKeepEditing} disabled={saving} sx={{ mr: 'auto' }}>
          Back to my edits
        </Button>
        <Button onClick={onReload} disabled={saving} variant="outlined">
          Reload (discard mine)
        </Button>
        <Button onClick={onOverwrite} loading={saving} variant="contained" color="warning">
          Overwrite with mine
        </Button>
      </DialogActions>
    </Dialog>
  );
}
