// The sign-in steps: username and password, then whatever the server asks next: a new password
// (NEW_PASSWORD_REQUIRED, after a temporary one) and/or a TOTP code (SOFTWARE_TOKEN_MFA).
import LockResetIcon from '@mui/icons-material/LockReset';
import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import PhonelinkLockIcon from '@mui/icons-material/PhonelinkLock';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useAppDispatch } from '@/app/hooks';
import { PasswordField } from '@/components/password-field';
import { ProblemAlert } from '@/components/problem-alert';
import { toChallenge, toSessionTokens } from '@/lib/api-schema';
import type { SessionUser } from '@/lib/jwt';
import { fieldError, problemFromError, type ProblemInfo } from '@/lib/problem';
import { MONO_STACK } from '@/theme/theme';
import { MIN_PASSWORD_LENGTH, validateNewPassword } from '@/utils/password-policy';
import {
  useLoginMutation,
  useRespondMfaMutation,
  useRespondNewPasswordMutation,
} from '../auth-api';
import { completeSignIn } from '../session-thunks';

type Step =
  | { kind: 'password' }
  | { kind: 'new-password'; session: string }
  | { kind: 'mfa'; session: string; afterNewPassword: boolean };

export interface SignInFormProps {
  /** Signing in again after the session expired: the username is fixed. */
  lockedUsername?: string | null;
  /** Heading of the first step. */
  title?: string;
  /** Text under the heading of the first step. */
  intro?: ReactNode;
  headingLevel?: 'h1' | 'h2';
  headingId?: string;
  onSignedIn?: (user: SessionUser) => void;
}

const UNEXPECTED_REPLY: ProblemInfo = {
  status: null,
  title: null,
  detail: 'The server sent a reply this app does not understand. Try again, or reload the page.',
  fieldErrors: {},
  otherErrors: [],
  problem: null,
};

export function SignInForm({
  lockedUsername,
  title = 'Sign in',
  intro = 'Welcome back. Sign in to continue.',
  headingLevel = 'h1',
  headingId,
  onSignedIn,
}: SignInFormProps) {
  const dispatch = useAppDispatch();
  const [login] = useLoginMutation();
  const [respondMfa] = useRespondMfaMutation();
  const [respondNewPassword] = useRespondNewPasswordMutation();

  const [step, setStep] = useState<Step>({ kind: 'password' });
  const [username, setUsername] = useState(lockedUsername ?? '');
  const [password, setPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirmPassword, setConfirmPassword] = useState('');
  const [code, setCode] = useState('');
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<ProblemInfo | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const errorOf = (field: string) => clientErrors[field] ?? fieldError(problem, field);

  const focusField = (name: string) => {
    // After React commits the error state.
    requestAnimationFrame(() => {
      formRef.current?.querySelector<HTMLInputElement>(`[name="${name}"]`)?.focus();
    });
  };

  const validate = (): Record<string, string> => {
    const errors: Record<string, string> = {};
    if (step.kind === 'password') {
      if (!username.trim()) errors.username = 'Enter your username.';
      if (!password) errors.password = 'Enter your password.';
    } else if (step.kind === 'new-password') {
      const problemText = validateNewPassword(newPassword);
      if (problemText) errors.newPassword = problemText;
      if (!errors.newPassword && confirmPassword !== newPassword) {
        errors.confirmPassword = "The passwords don't match.";
      }
    } else if (!/^\d{6}$/.test(code)) {
      errors.code = 'Enter the 6 digits your authenticator app shows.';
    }
    return errors;
  };

  const restart = () => {
    setStep({ kind: 'password' });
    setPassword('');
    setNewPassword('');
    setConfirmPassword('');
    setCode('');
    setClientErrors({});
    setProblem(null);
    focusField(lockedUsername ? 'password' : 'username');
  };

  const handleReply = (reply: unknown, from: Step['kind']) => {
    const challenge = toChallenge(reply);
    if (challenge) {
      setPassword('');
      setCode('');
      if (challenge.challenge === 'NEW_PASSWORD_REQUIRED') {
        setStep({ kind: 'new-password', session: challenge.session });
      } else {
        setStep({
          kind: 'mfa',
          session: challenge.session,
          afterNewPassword: from === 'new-password',
        });
      }
      return;
    }
    const tokens = toSessionTokens(reply);
    if (!tokens) {
      setProblem(UNEXPECTED_REPLY);
      return;
    }
    const user = dispatch(completeSignIn(tokens));
    onSignedIn?.(user);
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (submitting) return;
    const errors = validate();
    setClientErrors(errors);
    const firstInvalid = Object.keys(errors)[0];
    if (firstInvalid) {
      focusField(firstInvalid);
      return;
    }
    setProblem(null);
    setSubmitting(true);
    const current = step;
    try {
      let reply: unknown;
      if (current.kind === 'password') {
        reply = await login({ username: username.trim(), password }).unwrap();
      } else if (current.kind === 'new-password') {
        reply = await respondNewPassword({ session: current.session, newPassword }).unwrap();
      } else {
        reply = await respondMfa({ session: current.session, code }).unwrap();
      }
      handleReply(reply, current.kind);
    } catch (error) {
      const info = problemFromError(error);
      setProblem(info);
      const field = info ? Object.keys(info.fieldErrors)[0] : undefined;
      if (current.kind === 'mfa') {
        setCode('');
        focusField('code');
      } else if (current.kind === 'password') {
        setPassword('');
        focusField(field === 'username' && !lockedUsername ? 'username' : 'password');
      } else if (field) {
        focusField(field);
      }
    } finally {
      setSubmitting(false);
    }
  };

  const heading = (text: string, body: ReactNode, icon?: ReactNode) => (
    <Box sx={{ mb: 3 }}>
      {icon ? (
        <Box aria-hidden="true" sx={{ color: 'primary.main', mb: 1, '& svg': { fontSize: 32 } }}>
          {icon}
        </Box>
      ) : null}
      <Typography variant="h4" component={headingLevel} id={headingId}>
        {text}
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mt: 0.75 }}>
        {body}
      </Typography>
    </Box>
  );

  const shownFields =
    step.kind === 'password'
      ? ['username', 'password']
      : step.kind === 'new-password'
        ? ['newPassword', 'confirmPassword']
        : ['code'];

  return (
    <Box component="form" ref={formRef} noValidate onSubmit={onSubmit} aria-busy={submitting}>
      {step.kind === 'password' ? (
        <>
          {heading(title, intro)}
          <Stack spacing={2.5}>
            <TextField
              key="username"
              name="username"
              label="Username"
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              autoFocus={!lockedUsername}
              required
              fullWidth
              disabled={submitting}
              slotProps={{ htmlInput: { readOnly: !!lockedUsername } }}
              error={!!errorOf('username')}
              helperText={errorOf('username')}
            />
            <PasswordField
              key="password"
              name="password"
              label="Password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoComplete="current-password"
              autoFocus={!!lockedUsername}
              required
              fullWidth
              disabled={submitting}
              error={!!errorOf('password')}
              helperText={errorOf('password')}
            />
          </Stack>
        </>
      ) : null}

      {step.kind === 'new-password' ? (
        <>
          {heading(
            'Choose a new password',
            'You signed in with a temporary password. Choose your own to continue.',
            <LockResetIcon />,
          )}
          {/* Lets password managers file the new password under the right account. */}
          <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
          <Stack spacing={2.5}>
            <PasswordField
              key="newPassword"
              name="newPassword"
              label="New password"
              value={newPassword}
              onChange={(e) => setNewPassword(e.target.value)}
              autoComplete="new-password"
              autoFocus
              required
              fullWidth
              disabled={submitting}
              error={!!errorOf('newPassword')}
              helperText={
                errorOf('newPassword') ??
                `At least ${MIN_PASSWORD_LENGTH} characters. A few unrelated words make a strong one.`
              }
            />
            <PasswordField
              key="confirmPassword"
              name="confirmPassword"
              label="Confirm new password"
              value={confirmPassword}
              onChange={(e) => setConfirmPassword(e.target.value)}
              autoComplete="new-password"
              required
              fullWidth
              disabled={submitting}
              error={!!errorOf('confirmPassword')}
              helperText={errorOf('confirmPassword')}
            />
          </Stack>
        </>
      ) : null}

      {step.kind === 'mfa' ? (
        <>
          {heading(
            'Two-step verification',
            'Enter the 6-digit code from your authenticator app.',
            <PhonelinkLockIcon />,
          )}
          {step.afterNewPassword ? (
            <Alert severity="success" sx={{ mb: 2.5 }}>
              Your new password is set.
            </Alert>
          ) : null}
          <TextField
            key="code"
            name="code"
            label="6-digit code"
            value={code}
            onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 6))}
            autoComplete="one-time-code"
            autoFocus
            required
            fullWidth
            disabled={submitting}
            error={!!errorOf('code')}
            helperText={errorOf('code') ?? 'The code changes every 30 seconds.'}
            slotProps={{
              htmlInput: {
                inputMode: 'numeric',
                pattern: '[0-9]{6}',
                maxLength: 6,
                sx: { fontFamily: MONO_STACK, letterSpacing: '0.3em' },
              },
            }}
          />
        </>
      ) : null}

      {problem ? <ProblemAlert error={problem} shownFields={shownFields} sx={{ mt: 2.5 }} /> : null}

      <Button
        type="submit"
        variant="contained"
        size="large"
        fullWidth
        loading={submitting}
        sx={{ mt: 3 }}
      >
        {step.kind === 'password'
          ? 'Sign in'
          : step.kind === 'new-password'
            ? 'Set password and continue'
            : 'Verify'}
      </Button>

      {step.kind !== 'password' ? (
        <Button
          type="button"
          fullWidth
          startIcon={<ArrowBackIcon />}
          onClick={restart}
          disabled={submitting}
          sx={{ mt: 1 }}
        >
          Start over
        </Button>
      ) : null}
    </Box>
  );
}
