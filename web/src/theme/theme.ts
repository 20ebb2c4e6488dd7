// The app's MUI theme, in a light and a dark variant. Overrides live here, not in components.
import { alpha, createTheme, type Theme } from '@mui/material/styles';

export type ResolvedMode = 'light' | 'dark';

/** System fonts only: the Content-Security-Policy allows no font CDN, and nothing is bundled. */
export const FONT_STACK = [
  'system-ui',
  '-apple-system',
  '"Segoe UI"',
  'Roboto',
  '"Helvetica Neue"',
  'Arial',
  '"Noto Sans"',
  'sans-serif',
  '"Apple Color Emoji"',
  '"Segoe UI Emoji"',
].join(',');

export const MONO_STACK = [
  'ui-monospace',
  'SFMono-Regular',
  '"SF Mono"',
  'Menlo',
  'Consolas',
  '"Liberation Mono"',
  'monospace',
].join(',');

export const DRAWER_WIDTH = 248;

export function createAppTheme(mode: ResolvedMode): Theme {
  const dark = mode === 'dark';
  const primary = dark ? '#7aa7ff' : '#1d4ed8';
  const base = createTheme({
    palette: {
      mode,
      primary: { main: primary, contrastText: dark ? '#0b1020' : '#ffffff' },
      secondary: { main: dark ? '#fbbf24' : '#b45309' },
      success: { main: dark ? '#4ade80' : '#15803d' },
      warning: { main: dark ? '#fbbf24' : '#b45309' },
      error: { main: dark ? '#f87171' : '#c62828' },
      info: { main: dark ? '#67e8f9' : '#0369a1' },
      background: dark
        ? { default: '#0e1220', paper: '#151a2b' }
        : { default: '#f5f6fa', paper: '#ffffff' },
      divider: dark ? 'rgba(255,255,255,0.10)' : 'rgba(15,23,42,0.10)',
      text: dark
        ? { primary: '#e7eaf3', secondary: '#a3abc2' }
        : { primary: '#0f172a', secondary: '#475569' },
    },
    shape: { borderRadius: 10 },
    typography: {
      fontFamily: FONT_STACK,
      h1: { fontSize: '2rem', fontWeight: 650, letterSpacing: '-0.01em' },
      h2: { fontSize: '1.75rem', fontWeight: 650, letterSpacing: '-0.01em' },
      h3: { fontSize: '1.5rem', fontWeight: 650 },
      h4: { fontSize: '1.375rem', fontWeight: 650 },
      h5: { fontSize: '1.125rem', fontWeight: 600 },
      h6: { fontSize: '1rem', fontWeight: 600 },
      subtitle1: { fontWeight: 500 },
      button: { textTransform: 'none', fontWeight: 600, letterSpacing: 0 },
    },
  });

  const focusRing = {
    outline: `2px solid ${base.palette.primary.main}`,
    outlineOffset: 2,
  };

  return createTheme(base, {
    components: {
      MuiCssBaseline: {
        styleOverrides: {
          body: {
            WebkitFontSmoothing: 'antialiased',
            MozOsxFontSmoothing: 'grayscale',
          },
          'a:focus-visible': focusRing,
          code: { fontFamily: MONO_STACK },
          '@media (prefers-reduced-motion: reduce)': {
            '*, *::before, *::after': {
              animationDuration: '0.01ms !important',
              transitionDuration: '0.01ms !important',
            },
          },
        },
      },
      MuiButtonBase: {
        defaultProps: { disableRipple: false },
        styleOverrides: {
          root: { '&.Mui-focusVisible': focusRing },
        },
      },
      MuiButton: {
        defaultProps: { disableElevation: true },
        styleOverrides: { root: { borderRadius: 8 } },
      },
      MuiAppBar: {
        defaultProps: { elevation: 0, color: 'inherit' },
        styleOverrides: {
          root: {
            backgroundColor: base.palette.background.paper,
            borderBottom: `1px solid ${base.palette.divider}`,
          },
        },
      },
      MuiDrawer: {
        styleOverrides: {
          paper: { backgroundColor: base.palette.background.paper },
        },
      },
      MuiCard: {
        defaultProps: { variant: 'outlined' },
      },
      MuiPaper: {
        styleOverrides: {
          outlined: { borderColor: base.palette.divider },
        },
      },
      MuiListItemButton: {
        styleOverrides: {
          root: {
            borderRadius: 8,
            '&.Mui-selected': {
              backgroundColor: alpha(base.palette.primary.main, dark ? 0.18 : 0.1),
              color: base.palette.primary.main,
              '& .MuiListItemIcon-root': { color: base.palette.primary.main },
              '&:hover': {
                backgroundColor: alpha(base.palette.primary.main, dark ? 0.24 : 0.14),
              },
            },
          },
        },
      },
      MuiListItemIcon: {
        styleOverrides: { root: { minWidth: 40 } },
      },
      MuiTooltip: {
        defaultProps: { arrow: true },
      },
      MuiAlert: {
        styleOverrides: { root: { alignItems: 'flex-start' } },
      },
      MuiDialog: {
        styleOverrides: { paper: { borderRadius: 14 } },
      },
      MuiTextField: {
        defaultProps: { variant: 'outlined' },
      },
    },
  });
}
