// What a page or panel shows when there is nothing yet: an icon, what it is, what to do next.
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';

export interface EmptyStateProps {
  icon?: ReactNode;
  title: string;
  /** What the user can do about it. */
  description?: ReactNode;
  /** A button: either `{label, onClick}` or any node (e.g. a Button linking elsewhere). */
  action?: { label: string; onClick: () => void; startIcon?: ReactNode } | ReactNode;
  /** Heading level of the title, to fit the page's outline. */
  headingLevel?: 'h2' | 'h3';
  dense?: boolean;
}

function isActionSpec(
  action: EmptyStateProps['action'],
): action is { label: string; onClick: () => void; startIcon?: ReactNode } {
  return (
    typeof action === 'object' &&
    action !== null &&
    'label' in action &&
    'onClick' in action &&
    typeof (action as { onClick: unknown }).onClick === 'function'
  );
}

export function EmptyState({
  icon,
  title,
  description,
  action,
  headingLevel = 'h2',
  dense = false,
}: EmptyStateProps) {
  return (
    <Box
      sx={{
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        textAlign: 'center',
        gap: 1.5,
        py: dense ? 4 : 8,
        px: 3,
        border: 1,
        borderStyle: 'dashed',
        borderColor: 'divider',
        borderRadius: 1.5,
        bgcolor: 'background.paper',
      }}
    >
      {icon ? (
        <Box
          aria-hidden="true"
          sx={{
            width: 56,
            height: 56,
            borderRadius: '50%',
            display: 'grid',
            placeItems: 'center',
            bgcolor: 'action.hover',
            color: 'primary.main',
            '& svg': { fontSize: 30 },
          }}
        >
          {icon}
        </Box>
      ) : null}
      <Typography variant="h5" component={headingLevel}>
        {title}
      </Typography>
      {description ? (
        <Typography variant="body2" color="text.secondary" sx={{ maxWidth: 460 }}>
          {description}
        </Typography>
      ) : null}
      {action ? (
        <Box sx={{ mt: 1 }}>
          {isActionSpec(action) ? (
            <Button variant="contained" onClick={action.onClick} startIcon={action.startIcon}>
              {action.label}
            </Button>
          ) : (
            action
          )}
        </Box>
      ) : null}
    </Box>
  );
}
