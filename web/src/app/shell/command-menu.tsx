// The app bar's search button and Ctrl+K / ⌘K. The palette itself (command-palette.tsx: its
// list, lead search and page index) loads on first use, not with every page.
import Box from '@mui/material/Box';
import ButtonBase from '@mui/material/ButtonBase';
import { alpha } from '@mui/material/styles';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import SearchIcon from '@mui/icons-material/Search';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { isMacLike } from './is-mac-like';

const CommandPalette = lazy(() => import('./command-palette').then((m) => ({ default: m.CommandPalette })));

/** The app bar's search button and the palette it opens; Ctrl+K / ⌘K toggles it from anywhere. */
export function CommandMenu() {
  const [open, setOpen] = useState(false);
  const [opened, setOpened] = useState(false);
  if (open && !opened) setOpened(true);
  const mac = useMemo(isMacLike, []);
  const shortcut = mac ? '⌘K' : 'Ctrl+K';

  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key.toLowerCase() !== 'k' || event.altKey || event.shiftKey) return;
      if (!(event.ctrlKey || event.metaKey)) return;
      event.preventDefault();
      setOpen((o) => !o);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const close = useCallback(() => setOpen(false), []);
  const label = `Search leads and pages (${shortcut})`;

  return (
    <>
      <Tooltip title={label}>
        <ButtonBase
          onClick={() => setOpen(true)}
          aria-label={label}
          aria-haspopup="dialog"
          aria-keyshortcuts="Control+K Meta+K"
          sx={(theme) => ({
            display: 'flex',
            alignItems: 'center',
            gap: 1,
            width: { xs: 40, sm: 220, lg: 300 },
            height: { xs: 40, sm: 36 },
            px: { xs: 0, sm: 1.25 },
            justifyContent: { xs: 'center', sm: 'flex-start' },
            borderRadius: { xs: '50%', sm: 2 },
            border: { xs: 0, sm: 1 },
            borderColor: { sm: 'divider' },
            bgcolor: { xs: 'transparent', sm: alpha(theme.palette.text.primary, 0.04) },
            color: 'text.secondary',
            '&:hover': { bgcolor: alpha(theme.palette.text.primary, 0.08) },
          })}
        >
          <SearchIcon fontSize="small" aria-hidden="true" />
          <Typography
            variant="body2"
            aria-hidden="true"
            sx={{ flex: 1, textAlign: 'left', display: { xs: 'none', sm: 'block' } }}
          >
            Search…
          </Typography>
          <Box
            component="kbd"
            aria-hidden="true"
            sx={{
              display: { xs: 'none', sm: 'block' },
              fontSize: 12,
              px: 0.75,
              borderRadius: 0.75,
              border: 1,
              borderColor: 'divider',
              fontFamily: 'inherit',
            }}
          >
            {shortcut}
          </Box>
        </ButtonBase>
      </Tooltip>
      {opened ? (
        <Suspense fallback={null}>
          <CommandPalette open={open} onClose={close} />
        </Suspense>
      ) : null}
    </>
  );
}
