// The title row of a page: title, optional subtitle and breadcrumbs, actions on the right.
// Also sets the tab title.
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import { useDocumentTitle } from '@/hooks/use-document-title';

export interface PageHeaderProps {
  title: string;
  subtitle?: ReactNode;
  /** Buttons and the like, shown at the end of the row (below the title on narrow screens). */
  actions?: ReactNode;
  /** Shown above the title, e.g. MUI <Breadcrumbs>. */
  breadcrumbs?: ReactNode;
  /** Tab title, when it should differ from `title`. */
  documentTitle?: string;
}

export function PageHeader({ title, subtitle, actions, breadcrumbs, documentTitle }: PageHeaderProps) {
  useDocumentTitle(documentTitle ?? title);
  return (
    <Box component="header" sx={{ mb: 3 }}>
      {breadcrumbs ? <Box sx={{ mb: 1 }}>{breadcrumbs}</Box> : null}
      <Stack
        direction={{ xs: 'column', sm: 'row' }}
        spacing={2}
        sx={{ alignItems: { xs: 'flex-start', sm: 'center' }, justifyContent: 'space-between' }}
      >
        <Box sx={{ minWidth: 0 }}>
          <Typography variant="h1" component="h1" sx={{ fontSize: { xs: '1.5rem', sm: '1.75rem' } }}>
            {title}
          </Typography>
          {subtitle ? (
            <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
              {subtitle}
            </Typography>
          ) : null}
        </Box>
        {actions ? (
          <Stack direction="row" spacing={1} sx={{ flexShrink: 0, flexWrap: 'wrap' }}>
            {actions}
          </Stack>
        ) : null}
      </Stack>
    </Box>
  );
}
