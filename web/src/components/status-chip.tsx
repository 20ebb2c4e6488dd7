// A lead's status as a small chip: a dot in the status colour and the label, on a faint tint of
// the same colour (the text stays in the theme's text colour, so it is readable in both modes).
import Chip, { type ChipProps } from '@mui/material/Chip';
import { alpha, useTheme } from '@mui/material/styles';
import { statusColor, statusLabel } from './status-colors';

export interface StatusChipProps {
  status: string;
  size?: ChipProps['size'];
  sx?: ChipProps['sx'];
}

export function StatusChip({ status, size = 'small', sx }: StatusChipProps) {
  const theme = useTheme();
  const color = statusColor(status, theme.palette.mode);
  return (
    <Chip
      size={size}
      label={statusLabel(status)}
      icon={
        <span
          aria-hidden="true"
          style={{ width: 8, height: 8, borderRadius: '50%', backgroundColor: color, flexShrink: 0 }}
        />
      }
      sx={[
        {
          bgcolor: alpha(color, theme.palette.mode === 'dark' ? 0.18 : 0.1),
          border: 1,
          borderColor: alpha(color, 0.45),
          color: 'text.primary',
          fontWeight: 500,
          '& .MuiChip-icon': { ml: 1, mr: -0.25 },
        },
        ...(Array.isArray(sx) ? sx : [sx]),
      ]}
    />
  );
}
