// The frame of an admin list (users, API keys): loading skeleton, the problem when nothing could
// be loaded, the empty state, else the table (a refresh that failed shows above it) and
// "Load more" while the server has more pages.
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableContainer from '@mui/material/TableContainer';
import type { ReactNode } from 'react';
import { TableSkeleton } from '@/components/loading-skeletons';
import { ProblemAlert } from '@/components/problem-alert';

export interface AdminTableProps {
  /** The table's accessible name ("Users"). */
  label: string;
  /** The loading state's ("Loading users"). */
  loadingLabel: string;
  error: unknown;
  isLoading: boolean;
  rowCount: number;
  columns: number;
  /** The title of the problem when nothing could be loaded. */
  errorTitle: string;
  onRetry: () => void;
  /** What an empty list shows (an EmptyState with the action that fills it). */
  empty: ReactNode;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  onLoadMore: () => void;
  /** The table's head and body. */
  children: ReactNode;
}

export function AdminTable(props: AdminTableProps) {
  const { label, loadingLabel, error, isLoading, rowCount, columns, errorTitle, onRetry, empty, children } = props;
  if (error && rowCount === 0) return <ProblemAlert error={error} title={errorTitle} onRetry={onRetry} />;
  if (isLoading) {
    return (
      <Box role="status" aria-label={loadingLabel} aria-busy="true">
        <TableSkeleton rows={5} columns={columns} />
      </Box>
    );
  }
  if (rowCount === 0) return <>{empty}</>;
  return (
    <Stack spacing={2}>
      {error ? <ProblemAlert error={error} onRetry={onRetry} /> : null}
      <TableContainer component={Paper} variant="outlined">
        <Table
          size="small"
          aria-label={label}
          sx={{ minWidth: 760, '& th': { whiteSpace: 'nowrap' }, '& time': { whiteSpace: 'nowrap' } }}
        >
          {children}
        </Table>
      </TableContainer>
      {props.hasNextPage ? (
        <Box sx={{ display: 'flex', justifyContent: 'center' }}>
          <Button variant="outlined" onClick={props.onLoadMore} loading={props.isFetchingNextPage}>
            Load more
          </Button>
        </Box>
      ) : null}
    </Stack>
  );
}
