// Change one's own password (POST /api/v1/users/me/password).
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Stack from '@mui/material/Stack';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { useId, useState, type FormEvent } from 'react';
import { PasswordField } from '@/components/password-field';
import { ProblemAlert } from '@/components/problem-alert';
import { useToast } from '@/components/toast-context';
import { fieldError, problemFromError, type ProblemInfo } from '@/lib/problem';
import { MIN_PASSWORD_LENGTH, validateNewPassword } from '@/utils/password-policy';
import { useChangePasswordMutation } from '../profile-api';

export function ChangePasswordCard({ disabledReason }: { disabledReason?: string | null }) {
  const headingId = useId();
  const toast = useToast();
  const [changePassword, { isLoading }] = useChangePasswordMutation();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirmPassword, setConfirmPassword] = useState('');
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<ProblemInfo | null>(null);

  const errorOf = (field: string) => clientErrors[field] ?? fieldError(problem, field);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!currentPassword) errors.currentPassword = 'Enter your current password.';
    const policy = validateNewPassword(newPassword);
    if (policy) errors.newPassword = policy;
    else if (newPassword === currentPassword) {
      errors.newPassword = 'Choose a password different from the current one.';
    }
    if (!errors.newPassword && confirmPassword !== newPassword) {
      errors.confirmPassword = "The passwords don't match.";
    }
    setClientErrors(errors);
    if (Object.keys(errors).length > 0) return;
    setProblem(null);
    try {
      await changePassword({ currentPassword, newPassword }).unwrap();
      setCurrentPassword('');
      setNewPassword('');
      setConfirmPassword('');
      toast.success('Your password was changed.');
    } catch (error) {
      setProblem(problemFromError(error));
    }
  };

  return (
    <Card component="section" aria-labelledby={headingId}>
      <CardContent sx={{ p: 3 }}>
        <Typography variant="h5" component="h2" id={headingId}>
          Password
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5, mb: 2.5 }}>
          Use at least {MIN_PASSWORD_LENGTH} characters that you use nowhere else.
        </Typography>
        {disabledReason ? (
          <Typography variant="body2">{disabledReason}</Typography>
        ) : (
          <Stack component="form" noValidate onSubmit={onSubmit} spacing={2.5} sx={{ maxWidth: 440 }}>
            <PasswordField
              name="currentPassword"
              label="Current password"
              autoComplete="current-password"
              value={currentPassword}
              onChange={(e) => setCurrentPassword(e.target.value)}
              required
              fullWidth
              error={!!errorOf('currentPassword')}
              helperText={errorOf('currentPassword')}
            />
            <PasswordField
              name="newPassword"
              label="New password"
              autoComplete="new-password"
              value={newPassword}
              onChange={(e) => setNewPassword(e.target.value)}
              required
              fullWidth
              error={!!errorOf('newPassword')}
              helperText={errorOf('newPassword') ?? `At least ${MIN_PASSWORD_LENGTH} characters.`}
            />
            <PasswordField
              name="confirmPassword"
              label="Confirm new password"
              autoComplete="new-password"
              value={confirmPassword}
              onChange={(e) => setConfirmPassword(e.target.value)}
              required
              fullWidth
              error={!!errorOf('confirmPassword')}
              helperText={errorOf('confirmPassword')}
            />
            {problem ? (
              <ProblemAlert
                error={problem}
                shownFields={['currentPassword', 'newPassword', 'confirmPassword']}
              />
            ) : null}
            <div>
              <Button type="submit" variant="contained" loading={isLoading}>
                Change password
              </Button>
            </div>
          </Stack>
        )}
      </CardContent>
    </Card>
  );
}
