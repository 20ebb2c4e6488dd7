// Shows why a request failed, from the server's problem reply (RFC 9457): its detail, and the
// field messages that no input on screen shows.
import Alert, { type AlertProps } from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import { problemFromError, type ProblemInfo } from '@/lib/problem';

export interface ProblemAlertProps {
  /** An RTK Query error (or anything thrown), or an already read ProblemInfo. */
  error: unknown;
  title?: string;
  /** Field paths an input already shows; the other field messages are listed here. */
  shownFields?: readonly string[];
  onRetry?: () => void;
  severity?: AlertProps['severity'];
  sx?: AlertProps['sx'];
}

function isProblemInfo(value: unknown): value is ProblemInfo {
  return (
    typeof value === 'object' &&
    value !== null &&
    'fieldErrors' in value &&
    'detail' in value &&
    'otherErrors' in value
  );
}

export function ProblemAlert({
  error,
  title,
  shownFields,
  onRetry,
  severity = 'error',
  sx,
}: ProblemAlertProps) {
  const info = isProblemInfo(error) ? error : problemFromError(error);
  if (!info) return null;
  const unshown = shownFields
    ? Object.entries(info.fieldErrors).filter(([field]) => !shownFields.includes(field))
    : [];
  const extra = [...info.otherErrors, ...unshown.map(([field, message]) => `${field}: ${message}`)];
  return (
    <Alert
      severity={severity}
      role="alert"
      sx={sx}
      action={
        onRetry ? (
          <Button color="inherit" size="small" onClick={onRetry}>
            Try again
          </Button>
        ) : undefined
      }
    >
      {title ? <AlertTitle>{title}</AlertTitle> : null}
      {info.detail}
      {extra.length > 0 ? (
        <Box component="ul" sx={{ m: 0, mt: 0.5, pl: 2.5 }}>
          {extra.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </Box>
      ) : null}
    </Alert>
  );
}
