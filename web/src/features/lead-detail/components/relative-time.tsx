// A moment as "3 hours ago", with the date and time on hover (and for screen readers).
import Box from '@mui/material/Box';
import Tooltip from '@mui/material/Tooltip';
import type { SxProps, Theme } from '@mui/material/styles';
import { formatDateTime, formatRelativeTime } from '@/components/deadlines-time';

export function RelativeTime({ value, sx }: { value: string; sx?: SxProps<Theme> }) {
  const absolute = formatDateTime(value);
  return (
    <Tooltip title={absolute} describeChild>
      <Box component="time" dateTime={value} sx={[{ whiteSpace: 'nowrap' }, ...(Array.isArray(sx) ? sx : [sx])]}>
        {formatRelativeTime(value)}
      </Box>
    </Tooltip>
  );
}
