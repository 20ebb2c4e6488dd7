// Placeholders in the shape of what is loading, so the layout does not jump when it arrives.
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';

export function PageHeaderSkeleton() {
  return (
    <Box sx={{ mb: 3 }}>
      <Skeleton variant="text" width={240} sx={{ fontSize: '1.75rem' }} />
      <Skeleton variant="text" width={360} />
    </Box>
  );
}

export function TableSkeleton({ rows = 8, columns = 5 }: { rows?: number; columns?: number }) {
  return (
    <Card>
      <Box sx={{ p: 2 }}>
        <Stack direction="row" spacing={2} sx={{ mb: 2 }}>
          {Array.from({ length: columns }, (_, i) => (
            <Skeleton key={i} variant="text" sx={{ flex: 1 }} />
          ))}
        </Stack>
        {Array.from({ length: rows }, (_, r) => (
          <Stack key={r} direction="row" spacing={2} sx={{ py: 1 }}>
            {Array.from({ length: columns }, (_, c) => (
              <Skeleton key={c} variant="rounded" height={20} sx={{ flex: 1 }} />
            ))}
          </Stack>
        ))}
      </Box>
    </Card>
  );
}

export function CardSkeleton({ lines = 3 }: { lines?: number }) {
  return (
    <Card>
      <CardContent>
        <Skeleton variant="text" width="40%" sx={{ fontSize: '1.25rem' }} />
        {Array.from({ length: lines }, (_, i) => (
          <Skeleton key={i} variant="text" width={`${90 - i * 12}%`} />
        ))}
      </CardContent>
    </Card>
  );
}

/** A page's worth: header plus a few cards. */
export function PageSkeleton({ cards = 2 }: { cards?: number }) {
  return (
    <Box role="status" aria-label="Loading" aria-busy="true">
      <PageHeaderSkeleton />
      <Stack spacing={2}>
        {Array.from({ length: cards }, (_, i) => (
          <CardSkeleton key={i} />
        ))}
      </Stack>
    </Box>
  );
}
