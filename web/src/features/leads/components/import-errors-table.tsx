// The rows an import refused (row, column, message), a page at a time.
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TablePagination from '@mui/material/TablePagination';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import type { ImportRowError } from '../leads-feature-api';

export interface ImportErrorsTableProps {
  errors: readonly ImportRowError[];
  caption: string;
}

export function ImportErrorsTable({ errors, caption }: ImportErrorsTableProps) {
  const [page, setPage] = useState(0);
  const [rowsPerPage, setRowsPerPage] = useState(10);
  const lastPage = Math.max(0, Math.ceil(errors.length / rowsPerPage) - 1);
  const shown = errors.slice(Math.min(page, lastPage) * rowsPerPage, (Math.min(page, lastPage) + 1) * rowsPerPage);

  return (
    <>
      <TableContainer sx={{ border: 1, borderColor: 'divider', borderRadius: 1 }}>
        <Table size="small" aria-label={caption}>
          <TableHead>
            <TableRow>
              <TableCell sx={{ width: 90 }}>Row</TableCell>
              <TableCell sx={{ width: 180 }}>Column</TableCell>
              <TableCell>Message</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {shown.map((error, index) => (
              <TableRow key={`${error.row}-${error.field}-${index}`}>
                <TableCell sx={{ fontVariantNumeric: 'tabular-nums' }}>{error.row}</TableCell>
                <TableCell>
                  {error.field ? (
                    <Typography component="code" variant="body2" sx={{ fontFamily: 'monospace' }}>
                      {error.field}
                    </Typography>
                  ) : (
                    <Typography variant="body2" color="text.secondary" component="span">
                      whole row
                    </Typography>
                  )}
                </TableCell>
                <TableCell sx={{ wordBreak: 'break-word' }}>{error.message}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      {errors.length > 10 ? (
        <TablePagination
          component="div"
          count={errors.length}
          page={Math.min(page, lastPage)}
          onPageChange={(_e, next) => setPage(next)}
          rowsPerPage={rowsPerPage}
          onRowsPerPageChange={(event) => {
            setRowsPerPage(Number(event.target.value));
            setPage(0);
          }}
          rowsPerPageOptions={[10, 25, 50, 100]}
        />
      ) : null}
    </>
  );
}
