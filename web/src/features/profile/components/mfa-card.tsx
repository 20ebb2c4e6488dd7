// TOTP enrolment: start (secret + otpauth URI) → scan the QR code or type the secret → confirm
// with a current code, which turns two-step verification on.
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { ProblemAlert } from '@/components/problem-alert';
import { useToast } from '@/components/toast-context';
import type { TotpEnrolment } from '@/lib/api-schema';
import { fieldError, problemFromError, type ProblemInfo } from '@/lib/problem';
import { MONO_STACK } from '@/theme/theme';
import { useStartTotpEnrolmentMutation, useVerifyTotpEnrolmentMutation } from '../profile-api';
import { qrCodeDataUrl } from '../qr-code';

function groupSecret(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

export interface MfaCardProps {
  mfaEnabled: boolean;
  disabledReason?: string | null;
}

export function MfaCard({ mfaEnabled, disabledReason }: MfaCardProps) {
  const headingId = useId();
  const toast = useToast();
  const [start, startState] = useStartTotpEnrolmentMutation();
  const [verify, verifyState] = useVerifyTotpEnrolmentMutation();
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null);
  const [qr, setQr] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string | null>(null);
  const [problem, setProblem] = useState<ProblemInfo | null>(null);

  useEffect(() => {
    let cancelled = false;
    setQr(null);
    if (enrolment?.otpauthUri) {
      qrCodeDataUrl(enrolment.otpauthUri)
        .then((url) => {
          if (!cancelled) setQr(url);
        })
        .catch(() => {
          // Without a QR code the secret below still works.
        });
    }
    return () => {
      cancelled = true;
    };
  }, [enrolment?.otpauthUri]);

  const begin = async () => {
    setProblem(null);
    try {
      const result = await start().unwrap();
      setEnrolment(result);
      setCode('');
      setCodeError(null);
    } catch (error) {
      setProblem(problemFromError(error));
    }
  };

  const copySecret = async () => {
    if (!enrolment?.secret) return;
    try {
      await navigator.clipboard.writeText(enrolment.secret);
      toast.success('Secret copied.');
    } catch {
      toast.error("Couldn't copy. Select the secret and copy it by hand.");
    }
  };

  const onVerify = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!/^\d{6}$/.test(code)) {
      setCodeError('Enter the 6 digits your authenticator app shows.');
      return;
    }
    setCodeError(null);
    setProblem(null);
    try {
      await verify({ code }).unwrap();
      setEnrolment(null);
      setCode('');
      toast.success('Two-step verification is on.');
    } catch (error) {
      const info = problemFromError(error);
      setProblem(info);
      setCode('');
    }
  };

  const codeFieldError = codeError ?? fieldError(problem, 'code');

  return (
    <Card component="section" aria-labelledby={headingId}>
      <CardContent sx={{ p: 3 }}>
        <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center' }}>
          <Typography variant="h5" component="h2" id={headingId}>
            Two-step verification
          </Typography>
          {mfaEnabled ? (
            <Chip size="small" color="success" icon={<CheckCircleIcon />} label="On" />
          ) : (
            <Chip size="small" label="Off" />
          )}
        </Stack>
        <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5, mb: 2.5 }}>
          After your password, sign-in asks for a code from an authenticator app on your phone.
        </Typography>

        {disabledReason ? <Typography variant="body2">{disabledReason}</Typography> : null}

        {!disabledReason && !enrolment ? (
          <Button variant={mfaEnabled ? 'outlined' : 'contained'} onClick={begin} loading={startState.isLoading}>
            {mfaEnabled ? 'Move to a new authenticator app' : 'Set up an authenticator app'}
          </Button>
        ) : null}

        {!disabledReason && enrolment ? (
          <Stack direction={{ xs: 'column', md: 'row' }} spacing={3} sx={{ alignItems: 'flex-start' }}>
            <Box
              sx={{
                p: 1.5,
                bgcolor: '#fff',
                borderRadius: 2,
                border: 1,
                borderColor: 'divider',
                width: 204,
                height: 204,
                display: 'grid',
                placeItems: 'center',
                flexShrink: 0,
              }}
            >
              {qr ? (
                <Box
                  component="img"
                  src={qr}
                  alt="QR code to scan with your authenticator app"
                  sx={{ width: 180, height: 180, display: 'block' }}
                />
              ) : (
                <Typography variant="caption" color="text.secondary">
                  Preparing QR code…
                </Typography>
              )}
            </Box>
            <Box sx={{ minWidth: 0, flex: 1 }}>
              <Typography variant="body2" component="ol" sx={{ pl: 2.5, m: 0, '& li': { mb: 1 } }}>
                <li>Open your authenticator app and add an account.</li>
                <li>Scan the QR code, or type this secret:</li>
              </Typography>
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 2, ml: 2.5 }}>
                <Typography
                  component="code"
                  data-testid="totp-secret"
                  sx={{
                    fontFamily: MONO_STACK,
                    fontSize: '0.95rem',
                    bgcolor: 'action.hover',
                    px: 1,
                    py: 0.5,
                    borderRadius: 1,
                    wordBreak: 'break-all',
                  }}
                >
                  {groupSecret(enrolment.secret ?? '')}
                </Typography>
                <Tooltip title="Copy secret">
                  <IconButton aria-label="Copy secret" onClick={copySecret} size="small">
                    <ContentCopyIcon fontSize="small" />
                  </IconButton>
                </Tooltip>
              </Stack>
              <Typography variant="body2" component="ol" start={3} sx={{ pl: 2.5, m: 0, mb: 1.5 }}>
                <li>Enter the 6-digit code the app shows.</li>
              </Typography>
              <Stack
                component="form"
                noValidate
                onSubmit={onVerify}
                direction={{ xs: 'column', sm: 'row' }}
                spacing={1.5}
                sx={{ alignItems: 'flex-start', ml: 2.5 }}
              >
                <TextField
                  name="code"
                  label="6-digit code"
                  value={code}
                  onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 6))}
                  autoComplete="one-time-code"
                  required
                  size="small"
                  error={!!codeFieldError}
                  helperText={codeFieldError}
                  slotProps={{
                    htmlInput: {
                      inputMode: 'numeric',
                      pattern: '[0-9]{6}',
                      maxLength: 6,
                      sx: { fontFamily: MONO_STACK, letterSpacing: '0.25em' },
                    },
                  }}
                  sx={{ width: 180 }}
                />
                <Button type="submit" variant="contained" loading={verifyState.isLoading}>
                  Turn on
                </Button>
                <Button onClick={() => setEnrolment(null)} disabled={verifyState.isLoading}>
                  Cancel
                </Button>
              </Stack>
            </Box>
          </Stack>
        ) : null}

        {problem ? <ProblemAlert error={problem} shownFields={['code']} sx={{ mt: 2.5 }} /> : null}
      </CardContent>
    </Card>
  );
}
