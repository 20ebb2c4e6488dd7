// The four numbers at the top of the dashboard.
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardActionArea from '@mui/material/CardActionArea';
import CardContent from '@mui/material/CardContent';
import Grid from '@mui/material/Grid';
import Skeleton from '@mui/material/Skeleton';
import Typography from '@mui/material/Typography';
import { Link as RouterLink } from 'react-router';
import type { Kpi } from '../dashboard-data';

const NUMBER = new Intl.NumberFormat();

function KpiBody({ kpi }: { kpi: Kpi }) {
  const color =
    kpi.tone === 'error' ? 'error.main' : kpi.tone === 'warning' ? 'warning.main' : 'text.primary';
  return (
    <CardContent sx={{ height: '100%' }}>
      <Typography variant="body2" color="text.secondary" component="h2" sx={{ fontWeight: 600 }}>
        {kpi.label}
      </Typography>
      <Typography
        component="p"
        sx={{ fontSize: '2rem', fontWeight: 700, lineHeight: 1.2, mt: 0.5, color }}
        data-testid={`kpi-${kpi.key}`}
      >
        {NUMBER.format(kpi.value)}
      </Typography>
      <Typography variant="caption" color="text.secondary" component="p">
        {kpi.caption}
      </Typography>
    </CardContent>
  );
}

export function KpiCards({ kpis }: { kpis: readonly Kpi[] }) {
  return (
    <Grid container spacing={2} component="ul" sx={{ listStyle: 'none', p: 0, m: 0 }} aria-label="Key numbers">
      {kpis.map((kpi) => (
        <Grid key={kpi.key} size={{ xs: 12, sm: 6, lg: 3 }} component="li">
          <Card
            sx={{
              height: '100%',
              borderLeft: 4,
              borderLeftColor:
                kpi.tone === 'error' ? 'error.main' : kpi.tone === 'warning' ? 'warning.main' : 'divider',
            }}
          >
            {kpi.to ? (
              <CardActionArea component={RouterLink} to={kpi.to} sx={{ height: '100%' }}>
                <KpiBody kpi={kpi} />
              </CardActionArea>
            ) : (
              <KpiBody kpi={kpi} />
            )}
          </Card>
        </Grid>
      ))}
    </Grid>
  );
}

export function KpiCardsSkeleton() {
  return (
    <Grid container spacing={2}>
      {Array.from({ length: 4 }, (_, i) => (
        <Grid key={i} size={{ xs: 12, sm: 6, lg: 3 }}>
          <Card>
            <CardContent>
              <Skeleton variant="text" width="55%" />
              <Skeleton variant="text" width="35%" sx={{ fontSize: '2rem' }} />
              <Box>
                <Skeleton variant="text" width="75%" />
              </Box>
            </CardContent>
          </Card>
        </Grid>
      ))}
    </Grid>
  );
}
