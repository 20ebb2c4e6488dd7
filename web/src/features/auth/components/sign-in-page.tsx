// /sign-in: a centred card with the sign-in steps; afterwards, back to where the user was going.
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { alpha } from '@mui/material/styles';
import { Navigate, useSearchParams } from 'react-router';
import { useAppSelector } from '@/app/hooks';
import { FullPageLoader } from '@/components/full-page-loader';
import { LogoMark } from '@/components/logo-mark';
import { useDocumentTitle } from '@/hooks/use-document-title';
import { safeNextPath } from '@/utils/safe-next-path';
import { selectAuthStatus } from '../auth-slice';
import { SignInForm } from './sign-in-form';

export function SignInPage() {
  useDocumentTitle('Sign in');
  const status = useAppSelector(selectAuthStatus);
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'));

  if (status === 'unknown' || status === 'restoring') {
    return <FullPageLoader label="Checking your session…" />;
  }
  if (status === 'authenticated') return <Navigate to={next} replace />;

  return (
    <Box
      sx={(theme) => ({
        minHeight: '100vh',
        display: 'flex',
        alignItems: { xs: 'flex-start', sm: 'center' },
        justifyContent: 'center',
        px: 2,
        py: { xs: 4, sm: 6 },
        bgcolor: 'background.default',
        backgroundImage: `radial-gradient(ellipse at top, ${alpha(
          theme.palette.primary.main,
          theme.palette.mode === 'dark' ? 0.16 : 0.1,
        )}, transparent 60%)`,
      })}
    >
      <Box component="main" sx={{ width: '100%', maxWidth: 420 }}>
        <Stack
          direction="row"
          spacing={1.5}
          sx={{ alignItems: 'center', justifyContent: 'center', mb: 3 }}
        >
          <LogoMark size={40} />
          <Box>
            <Typography variant="h6" component="p" sx={{ lineHeight: 1.2 }}>
              Claim Connectors
            </Typography>
            <Typography variant="caption" color="text.secondary" component="p">
              CRM for claims offices
            </Typography>
          </Box>
        </Stack>
        <Card sx={{ p: { xs: 3, sm: 4 }, boxShadow: 3 }}>
          <SignInForm headingLevel="h1" />
        </Card>
        <Typography
          variant="body2"
          color="text.secondary"
          component="p"
          sx={{ mt: 3, textAlign: 'center' }}
        >
          Trouble signing in? An administrator can reset your password.
        </Typography>
      </Box>
    </Box>
  );
}

export default SignInPage;
