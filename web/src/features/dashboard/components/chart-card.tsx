// A card holding one chart: a heading, an optional note, the chart, and the same data as text
// for screen readers (the SVG itself is hidden from them).
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Skeleton from '@mui/material/Skeleton';
import Typography from '@mui/material/Typography';
import { useId, type ReactNode } from 'react';

export const visuallyHidden = {
  border: 0,
  clip: 'rect(0 0 0 0)',
  height: '1px',
  margin: '-1px',
  overflow: 'hidden',
  padding: 0,
  position: 'absolute',
  whiteSpace: 'nowrap',
  width: '1px',
} as const;

export interface ChartCardProps {
  title: string;
  subtitle?: ReactNode;
  /** The chart's data as a sentence, read instead of the drawing. */
  description: string;
  children: ReactNode;
}

export function ChartCard({ title, subtitle, description, children }: ChartCardProps) {
  const titleId = useId();
  const descriptionId = useId();
  return (
    <Card component="section" aria-labelledby={titleId} sx={{ height: '100%' }}>
      <CardContent sx={{ pb: 1 }}>
        <Typography id={titleId} variant="h6" component="h2">
          {title}
        </Typography>
        {subtitle ? (
          <Typography variant="body2" color="text.secondary">
            {subtitle}
          </Typography>
        ) : null}
        {/* The chart stays in the accessibility tree (its bars can take focus: hiding them
            would hide focusable elements); the text summary below describes it too. */}
        <Box role="group" aria-labelledby={titleId} aria-describedby={descriptionId} sx={{ mt: 1 }}>
          {children}
        </Box>
        <Box id={descriptionId} sx={visuallyHidden}>
          {description}
        </Box>
      </CardContent>
    </Card>
  );
}

export function ChartCardSkeleton({ height }: { height: number }) {
  return (
    <Card sx={{ height: '100%' }}>
      <CardContent>
        <Skeleton variant="text" width="40%" sx={{ fontSize: '1.25rem' }} />
        <Skeleton variant="rounded" height={height} sx={{ mt: 1 }} />
      </CardContent>
    </Card>
  );
}
