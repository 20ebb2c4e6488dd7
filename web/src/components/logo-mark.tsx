// The product's mark: a "C" with a signal dot, drawn in theme colours.
import Box from '@mui/material/Box';
import { useTheme } from '@mui/material/styles';

export function LogoMark({ size = 32 }: { size?: number }) {
  const theme = useTheme();
  return (
    <Box
      component="svg"
      viewBox="0 0 64 64"
      aria-hidden="true"
      focusable="false"
      sx={{ width: size, height: size, flexShrink: 0, display: 'block' }}
    >
      <rect width="64" height="64" rx="14" fill={theme.palette.primary.main} />
      <path
        d="M44.5 21.5A15 15 0 1 0 44.5 42.5"
        fill="none"
        stroke={theme.palette.primary.contrastText}
        strokeWidth="7"
        strokeLinecap="round"
      />
      <circle cx="46" cy="32" r="4.5" fill="#fbbf24" />
    </Box>
  );
}
