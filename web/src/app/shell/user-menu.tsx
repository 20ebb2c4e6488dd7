// The signed-in user's menu: who they are, Profile, Sign out.
import LogoutIcon from '@mui/icons-material/Logout';
import PersonIcon from '@mui/icons-material/PersonOutlined';
import Avatar from '@mui/material/Avatar';
import Box from '@mui/material/Box';
import Divider from '@mui/material/Divider';
import IconButton from '@mui/material/IconButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useId, useState } from 'react';
import { Link as RouterLink, useNavigate } from 'react-router';
import { useToast } from '@/components/toast-context';
import { signOut } from '@/features/auth/session-thunks';
import { useRole } from '@/hooks/use-role';
import { useSessionUser } from '@/hooks/use-session';
import { useGetMeQuery } from '@/lib/me-api';
import { ROLE_LABELS } from '@/lib/permissions';
import { SIGN_IN_PATH } from '@/utils/safe-next-path';
import { useAppDispatch } from '../hooks';

export function UserMenu() {
  const user = useSessionUser();
  const role = useRole();
  const { data: me } = useGetMeQuery();
  const dispatch = useAppDispatch();
  const navigate = useNavigate();
  const toast = useToast();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const menuId = useId();
  const username = me?.username ?? user?.username ?? '';
  const email = me?.email || user?.email || null;

  const handleSignOut = async () => {
    setAnchor(null);
    try {
      await dispatch(signOut()).unwrap();
    } catch {
      toast.warning('Signed out here, but the server could not be told.');
    }
    navigate(SIGN_IN_PATH, { replace: true });
  };

  return (
    <>
      <Tooltip title="Account">
        <IconButton
          aria-label={`Account menu for ${username || 'you'}`}
          aria-haspopup="menu"
          aria-controls={anchor ? menuId : undefined}
          aria-expanded={anchor ? 'true' : undefined}
          onClick={(e) => setAnchor(e.currentTarget)}
          sx={{ p: 0.5 }}
        >
          <Avatar sx={{ width: 32, height: 32, bgcolor: 'primary.main', fontSize: '0.95rem' }}>
            {username.slice(0, 1).toUpperCase() || '?'}
          </Avatar>
        </IconButton>
      </Tooltip>
      <Menu
        id={menuId}
        anchorEl={anchor}
        open={!!anchor}
        onClose={() => setAnchor(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}
        transformOrigin={{ vertical: 'top', horizontal: 'right' }}
        slotProps={{ paper: { sx: { minWidth: 240 } } }}
      >
        <Box sx={{ px: 2, py: 1.25 }} role="presentation">
          <Typography variant="subtitle1" sx={{ lineHeight: 1.3 }}>
            {username}
          </Typography>
          {email ? (
            <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
              {email}
            </Typography>
          ) : null}
          {role ? (
            <Typography variant="caption" color="text.secondary">
              {ROLE_LABELS[role]}
            </Typography>
          ) : null}
        </Box>
        <Divider />
        <MenuItem component={RouterLink} to="/profile" onClick={() => setAnchor(null)}>
          <ListItemIcon>
            <PersonIcon fontSize="small" />
          </ListItemIcon>
          <ListItemText>Profile</ListItemText>
        </MenuItem>
        <MenuItem onClick={handleSignOut}>
          <ListItemIcon>
            <LogoutIcon fontSize="small" />
          </ListItemIcon>
          <ListItemText>Sign out</ListItemText>
        </MenuItem>
      </Menu>
    </>
  );
}
