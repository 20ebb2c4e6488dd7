// /profile: who you are, your password and two-step verification.
import Avatar from '@mui/material/Avatar';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { CardSkeleton } from '@/components/loading-skeletons';
import { PageHeader } from '@/components/page-header';
import { ProblemAlert } from '@/components/problem-alert';
import { useSessionUser } from '@/hooks/use-session';
import { useGetMeQuery } from '@/lib/me-api';
import { ROLE_LABELS } from '@/lib/permissions';
import { ChangePasswordCard } from './change-password-card';
import { MfaCard } from './mfa-card';

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Box
      sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', sm: '160px 1fr' }, gap: { xs: 0, sm: 2 }, py: 1 }}
    >
      <Typography component="dt" variant="body2" color="text.secondary">
        {label}
      </Typography>
      <Typography component="dd" variant="body2" sx={{ m: 0, minWidth: 0, overflowWrap: 'anywhere' }}>
        {children}
      </Typography>
    </Box>
  );
}

export function ProfilePage() {
  const session = useSessionUser();
  const { data: me, error, isLoading, refetch } = useGetMeQuery();
  const username = me?.username ?? session?.username ?? '';
  const groups = me?.groups ?? session?.groups ?? [];
  const external = me?.external ?? null;
  const externalReason = external
    ? `You sign in through ${external.issuer ?? 'an external identity provider'}, which manages your password and two-step verification.`
    : null;

  return (
    <>
      <PageHeader title="Profile" subtitle="Your account and how you sign in." />
      <Stack spacing={3} sx={{ maxWidth: 880 }}>
        {error ? <ProblemAlert error={error} title="Couldn't load your account" onRetry={refetch} /> : null}
        {isLoading ? (
          <CardSkeleton lines={3} />
        ) : (
          <Card component="section" aria-labelledby="profile-account-heading">
            <CardContent sx={{ p: 3 }}>
              <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 2 }}>
                <Avatar sx={{ width: 48, height: 48, bgcolor: 'primary.main' }} aria-hidden="true">
                  {username.slice(0, 1).toUpperCase() || '?'}
                </Avatar>
                <Box sx={{ minWidth: 0 }}>
                  <Typography variant="h5" component="h2" id="profile-account-heading">
                    {username || 'Your account'}
                  </Typography>
                  <Typography variant="body2" color="text.secondary">
                    {me?.email || session?.email || 'No email on file'}
                  </Typography>
                </Box>
              </Stack>
              <Box component="dl" sx={{ m: 0 }}>
                <Row label="Username">{username || '—'}</Row>
                <Row label="Email">{me?.email || session?.email || '—'}</Row>
                <Row label="Groups">
                  {groups.length > 0 ? (
                    <Stack direction="row" spacing={1} component="span" sx={{ flexWrap: 'wrap' }}>
                      {groups.map((g) => (
                        <Chip key={g} size="small" label={ROLE_LABELS[g]} component="span" />
                      ))}
                    </Stack>
                  ) : (
                    'None'
                  )}
                </Row>
                {external ? <Row label="Signs in through">{external.issuer}</Row> : null}
              </Box>
            </CardContent>
          </Card>
        )}
        <ChangePasswordCard disabledReason={externalReason} />
        <MfaCard mfaEnabled={!!me?.mfaEnabled} disabledReason={externalReason} />
      </Stack>
    </>
  );
}
