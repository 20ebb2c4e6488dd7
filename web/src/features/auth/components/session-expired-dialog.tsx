// Shown over the current page when the session can no longer be refreshed. The page stays
// mounted, so unsaved input survives; requests that met the expiry wait and then run again.
import LogoutIcon from '@mui/icons-material/Logout';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import Divider from '@mui/material/Divider';
import { useId, useState } from 'react';
import { useNavigate } from 'react-router';
import { useAppDispatch, useAppSelector } from '@/app/hooks';
import { SIGN_IN_PATH } from '@/utils/safe-next-path';
import { selectSessionUser } from '../auth-slice';
import { signOut } from '../session-thunks';
import { SignInForm } from './sign-in-form';

export function SessionExpiredDialog() {
  const titleId = useId();
  const user = useAppSelector(selectSessionUser);
  const dispatch = useAppDispatch();
  const navigate = useNavigate();
  const [signingOut, setSigningOut] = useState(false);

  const handleSignOut = async () => {
    setSigningOut(true);
    await dispatch(signOut());
    navigate(SIGN_IN_PATH, { replace: true });
  };

  return (
    <Dialog
      open
      // No onClose: Escape and the backdrop do not dismiss it; without a session there is
      // nothing to go back to.
      aria-labelledby={titleId}
      maxWidth="xs"
      fullWidth
      slotProps={{ backdrop: { sx: { backdropFilter: 'blur(3px)' } } }}
    >
      <DialogContent sx={{ p: { xs: 3, sm: 4 } }}>
        <SignInForm
          lockedUsername={user?.username || null}
          headingLevel="h2"
          headingId={titleId}
          title="Your session has expired"
          intro="Sign in again to carry on where you left off. Nothing you entered is lost."
        />
        <Divider sx={{ my: 2 }} />
        <Button
          fullWidth
          color="inherit"
          startIcon={<LogoutIcon />}
          onClick={handleSignOut}
          loading={signingOut}
        >
          Sign out instead
        </Button>
      </DialogContent>
    </Dialog>
  );
}

export default SessionExpiredDialog;
