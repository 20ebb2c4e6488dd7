// The dashboard (/): key numbers, leads by status, new leads per week, calls per day and the
// week's dispositions, and what is due — for the caller's scope (the whole office for managers and admins, their own leads for agents).
import AddIcon from '@mui/icons-material/Add';
import UploadFileIcon from '@mui/icons-material/UploadFileOutlined';
import InsightsIcon from '@mui/icons-material/InsightsOutlined';
import Button from '@mui/material/Button';
import Grid from '@mui/material/Grid';
import Stack from '@mui/material/Stack';
import { useMemo, useState } from 'react';
import { Link as RouterLink } from 'react-router';
import { EmptyState } from '@/components/empty-state';
import { PageHeader } from '@/components/page-header';
import { ProblemAlert } from '@/components/problem-alert';
import { useSessionUser } from '@/hooks/use-session';
import { useGetLeadSummaryQuery, utcOffsetMinutes } from '@/lib/leads-api';
import { statusBars, summaryKpis, weeklyPoints } from '../dashboard-data';
import { CallsCharts } from './calls-charts';
import { ChartCardSkeleton } from './chart-card';
import { DueSoonCard } from './due-soon-card';
import { KpiCards, KpiCardsSkeleton } from './kpi-cards';
import { StatusChart } from './status-chart';
import { WeeklyChart } from './weekly-chart';

function DashboardSkeleton() {
  return (
    <Stack spacing={2} role="status" aria-label="Loading the dashboard" aria-busy="true">
      <KpiCardsSkeleton />
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, lg: 7 }}>
          <ChartCardSkeleton height={340} />
        </Grid>
        <Grid size={{ xs: 12, lg: 5 }}>
          <ChartCardSkeleton height={340} />
        </Grid>
      </Grid>
    </Stack>
  );
}

const SUMMARY_POLL_MS = 30_000;

export function DashboardPage() {
  const user = useSessionUser();
  const [offset] = useState(() => utcOffsetMinutes());
  // Polled: a large office's figures are counted in the background and may trail a write by a
  // count (see GET /leads/summary), and other people's work changes them too.
  const { data: summary, isLoading, error, refetch } = useGetLeadSummaryQuery(
    { utcOffsetMinutes: offset },
    { pollingInterval: SUMMARY_POLL_MS, skipPollingIfUnfocused: true },
  );
  const view = useMemo(
    () =>
      summary
        ? { kpis: summaryKpis(summary), bars: statusBars(summary), weeks: weeklyPoints(summary) }
        : null,
    [summary],
  );

  const scopeText =
    summary?.scope === 'all'
      ? 'Showing the whole office.'
      : summary?.scope === 'mine'
        ? 'Showing the leads assigned to you.'
        : null;
  const subtitle = [user?.username ? `Welcome back, ${user.username}.` : null, scopeText]
    .filter(Boolean)
    .join(' ');

  let body;
  if (error && !summary) {
    body = <ProblemAlert error={error} title="The dashboard could not be loaded" onRetry={refetch} />;
  } else if (isLoading || !summary || !view) {
    body = <DashboardSkeleton />;
  } else if (summary.total === 0) {
    body = (
      <EmptyState
        icon={<InsightsIcon />}
        title={summary.scope === 'all' ? 'No leads yet' : 'No leads assigned to you yet'}
        description={
          summary.scope === 'all'
            ? 'Once the office has leads, their pipeline, new leads per week and upcoming deadlines show here. Add the first one, or import a spreadsheet of leads.'
            : 'Leads you create, or that a manager assigns to you, show here with their pipeline and deadlines. Add one, or import a spreadsheet of leads.'
        }
        action={
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1.5}>
            <Button
              component={RouterLink}
              to="/leads?new=1"
              variant="contained"
              startIcon={<AddIcon />}
            >
              Add a lead
            </Button>
            <Button
              component={RouterLink}
              to="/leads"
              variant="outlined"
              startIcon={<UploadFileIcon />}
            >
              Import CSV
            </Button>
          </Stack>
        }
      />
    );
  } else {
    body = (
      <Stack spacing={2}>
        <KpiCards kpis={view.kpis} />
        <Grid container spacing={2}>
          <Grid size={{ xs: 12, lg: 7 }}>
            <StatusChart bars={view.bars} scope={summary.scope} />
          </Grid>
          <Grid size={{ xs: 12, lg: 5 }}>
            <WeeklyChart points={view.weeks} />
          </Grid>
        </Grid>
        <CallsCharts utcOffsetMinutes={offset} />
        <DueSoonCard
          utcOffsetMinutes={offset}
          overdue={summary.deadlines.overdue}
          dueToday={summary.deadlines.dueToday}
        />
      </Stack>
    );
  }

  return (
    <>
      <PageHeader title="Dashboard" subtitle={subtitle || undefined} />
      {body}
    </>
  );
}
