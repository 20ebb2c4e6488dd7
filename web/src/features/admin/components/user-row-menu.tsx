// The "more actions" menu of one user row.
import BlockIcon from '@mui/icons-material/Block';
import CheckCircleIcon from '@mui/icons-material/CheckCircleOutlined';
import GroupsIcon from '@mui/icons-material/GroupsOutlined';
import HistoryIcon from '@mui/icons-material/HistoryOutlined';
import LockResetIcon from '@mui/icons-material/LockReset';
import MoreVertIcon from '@mui/icons-material/MoreVert';
import IconButton from '@mui/material/IconButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import { useId, useState } from 'react';
import { Link as RouterLink } from 'react-router';
import type { User } from '@/lib/api-schema';

export type UserAction = 'groups' | 'reset' | 'disable' | 'enable';

export function UserRowMenu({
  user,
  isMe,
  onAction,
}: {
  user: User;
  isMe: boolean;
  onAction: (action: UserAction, user: User) => void;
}) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const menuId = useId();
  const external = !!user.external;
  const pick = (action: UserAction) => {
    setAnchor(null);
    onAction(action, user);
  };
  return (
    <>
      <IconButton
        aria-label={`Actions for ${user.username}`}
        aria-haspopup="menu"
        aria-controls={anchor ? menuId : undefined}
        aria-expanded={anchor ? 'true' : undefined}
        onClick={(e) => setAnchor(e.currentTarget)}
        size="small"
      >
        <MoreVertIcon fontSize="small" />
      </IconButton>
      <Menu
        id={menuId}
        anchorEl={anchor}
        open={!!anchor}
        onClose={() => setAnchor(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}
        transformOrigin={{ vertical: 'top', horizontal: 'right' }}
      >
        <MenuItem onClick={() => pick('groups')}>
          <ListItemIcon>
            <GroupsIcon fontSize="small" />
          </ListItemIcon>
          <ListItemText
            primary={external ? 'View groups' : 'Change groups'}
            secondary={external ? 'Set by the external issuer' : undefined}
          />
        </MenuItem>
        {external ? null : (
          <MenuItem onClick={() => pick('reset')}>
            <ListItemIcon>
              <LockResetIcon fontSize="small" />
            </ListItemIcon>
            <ListItemText>Reset password</ListItemText>
          </MenuItem>
        )}
        {user.enabled === false ? (
          <MenuItem onClick={() => pick('enable')}>
            <ListItemIcon>
              <CheckCircleIcon fontSize="small" />
            </ListItemIcon>
            <ListItemText>Enable</ListItemText>
          </MenuItem>
        ) : (
          <MenuItem onClick={() => pick('disable')} disabled={isMe}>
            <ListItemIcon>
              <BlockIcon fontSize="small" />
            </ListItemIcon>
            <ListItemText
              primary="Disable"
              secondary={isMe ? 'You cannot disable yourself here' : undefined}
            />
          </MenuItem>
        )}
        <MenuItem
          component={RouterLink}
          to={`/admin/audit?entity=user&entityId=${encodeURIComponent(user.id ?? '')}`}
          onClick={() => setAnchor(null)}
        >
          <ListItemIcon>
            <HistoryIcon fontSize="small" />
          </ListItemIcon>
          <ListItemText>Audit history</ListItemText>
        </MenuItem>
      </Menu>
    </>
  );
}
