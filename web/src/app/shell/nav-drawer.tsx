// The navigation: a permanent drawer on wide screens, a temporary one (menu button) on narrow
// ones and at high zoom.
import Box from '@mui/material/Box';
import Drawer from '@mui/material/Drawer';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import ListSubheader from '@mui/material/ListSubheader';
import Toolbar from '@mui/material/Toolbar';
import { Link as RouterLink, useMatch } from 'react-router';
import { useRoles } from '@/hooks/use-role';
import { hasAnyRole } from '@/lib/permissions';
import { DRAWER_WIDTH } from '@/theme/theme';
import { NAV_SECTIONS, type NavItem } from './nav-config';

function NavLinkItem({ item, onNavigate }: { item: NavItem; onNavigate?: () => void }) {
  const match = useMatch({ path: item.to, end: item.end ?? false });
  return (
    <ListItem disablePadding sx={{ px: 1, py: 0.25 }}>
      <ListItemButton
        component={RouterLink}
        to={item.to}
        selected={!!match}
        aria-current={match ? 'page' : undefined}
        onClick={onNavigate}
      >
        <ListItemIcon aria-hidden="true">{item.icon}</ListItemIcon>
        <ListItemText primary={item.label} />
      </ListItemButton>
    </ListItem>
  );
}

function NavContent({ onNavigate }: { onNavigate?: () => void }) {
  const roles = useRoles();
  return (
    <Box component="nav" aria-label="Main" sx={{ overflowY: 'auto', py: 1 }}>
      {NAV_SECTIONS.filter((s) => !s.roles || hasAnyRole(roles, s.roles)).map((section, i) => (
        <List
          key={section.title ?? i}
          dense={false}
          subheader={
            section.title ? (
              <ListSubheader component="li" sx={{ bgcolor: 'transparent', lineHeight: 2.5, mt: 1 }}>
                {section.title}
              </ListSubheader>
            ) : undefined
          }
        >
          {section.items.map((item) => (
            <NavLinkItem key={item.to} item={item} onNavigate={onNavigate} />
          ))}
        </List>
      ))}
    </Box>
  );
}

export interface NavDrawerProps {
  /** Temporary drawer open (narrow screens). */
  mobileOpen: boolean;
  onMobileClose: () => void;
}

export function NavDrawer({ mobileOpen, onMobileClose }: NavDrawerProps) {
  return (
    <>
      <Drawer
        variant="temporary"
        open={mobileOpen}
        onClose={onMobileClose}
        ModalProps={{ keepMounted: true }}
        sx={{
          display: { xs: 'block', md: 'none' },
          '& .MuiDrawer-paper': { width: DRAWER_WIDTH, boxSizing: 'border-box' },
        }}
      >
        <Toolbar />
        <NavContent onNavigate={onMobileClose} />
      </Drawer>
      <Drawer
        variant="permanent"
        open
        sx={{
          display: { xs: 'none', md: 'block' },
          width: DRAWER_WIDTH,
          flexShrink: 0,
          '& .MuiDrawer-paper': { width: DRAWER_WIDTH, boxSizing: 'border-box' },
        }}
      >
        <Toolbar />
        <NavContent />
      </Drawer>
    </>
  );
}
