// The frame around every signed-in page: app bar, navigation, and the page in <main>.
import MenuIcon from '@mui/icons-material/Menu';
import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import LinearProgress from '@mui/material/LinearProgress';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import { useState, type MouseEvent } from 'react';
import { Link as RouterLink, Outlet, useNavigation } from 'react-router';
import { LogoMark } from '@/components/logo-mark';
import { ColorModeMenu } from './color-mode-menu';
import { CommandMenu } from './command-menu';
import { NavDrawer } from './nav-drawer';
import { UserMenu } from './user-menu';

const MAIN_ID = 'main-content';

function SkipLink() {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    document.getElementById(MAIN_ID)?.focus();
  };
  return (
    <Box
      component="a"
      href={`#${MAIN_ID}`}
      onClick={onClick}
      sx={(theme) => ({
        position: 'absolute',
        left: -10000,
        top: 8,
        zIndex: theme.zIndex.tooltip + 1,
        px: 2,
        py: 1,
        borderRadius: 1,
        bgcolor: 'background.paper',
        color: 'primary.main',
        boxShadow: 3,
        '&:focus': { left: 8 },
      })}
    >
      Skip to main content
    </Box>
  );
}

export function AppShell() {
  const [mobileOpen, setMobileOpen] = useState(false);
  const navigation = useNavigation();
  const loading = navigation.state === 'loading';

  return (
    <Box sx={{ display: 'flex', minHeight: '100vh', bgcolor: 'background.default' }}>
      <SkipLink />
      <AppBar position="fixed" sx={(theme) => ({ zIndex: theme.zIndex.drawer + 1 })}>
        <Toolbar sx={{ gap: 1 }}>
          <IconButton
            edge="start"
            aria-label="Open navigation"
            onClick={() => setMobileOpen(true)}
            sx={{ display: { md: 'none' } }}
          >
            <MenuIcon />
          </IconButton>
          <Link
            component={RouterLink}
            to="/"
            underline="none"
            color="inherit"
            aria-label="Claim Connectors CRM, dashboard"
            sx={{ display: 'flex', alignItems: 'center', gap: 1.25, borderRadius: 1, minWidth: 0 }}
          >
            <LogoMark size={30} />
            <Typography variant="h6" component="span" noWrap sx={{ fontSize: '1.05rem' }}>
              Claim Connectors <Box component="span" sx={{ color: 'text.secondary', fontWeight: 500 }}>CRM</Box>
            </Typography>
          </Link>
          <Box sx={{ flexGrow: 1 }} />
          <Stack direction="row" spacing={0.5} sx={{ alignItems: 'center' }}>
            <CommandMenu />
            <ColorModeMenu />
            <UserMenu />
          </Stack>
        </Toolbar>
        {loading ? (
          <LinearProgress
            aria-label="Loading page"
            sx={{ position: 'absolute', left: 0, right: 0, bottom: 0, height: 2 }}
          />
        ) : null}
      </AppBar>
      <NavDrawer mobileOpen={mobileOpen} onMobileClose={() => setMobileOpen(false)} />
      <Box
        component="main"
        id={MAIN_ID}
        tabIndex={-1}
        sx={{ flexGrow: 1, minWidth: 0, outline: 'none' }}
      >
        <Toolbar />
        <Box sx={{ px: { xs: 2, sm: 3, lg: 4 }, py: 3, maxWidth: 1440, mx: 'auto' }}>
          <Outlet />
        </Box>
      </Box>
    </Box>
  );
}

export default AppShell;
