// The dashboard's calls: per day for the last two weeks (inbound answered, abandoned and other
// stacked, outbound beside them), and the dispositions given in the last 7 days. Fetched on
// their own, so the leads figures never wait for them.
import { useTheme } from '@mui/material/styles';
import Grid from '@mui/material/Grid';
import { BarChart } from '@mui/x-charts/BarChart';
import { useMemo } from 'react';
import { ProblemAlert } from '@/components/problem-alert';
import { callDayPoints, describeCallDays, describeDispositions, dispositionBars } from '../calls-data';
import { useGetCallSummaryQuery } from '../calls-summary-api';
import { ChartCard, ChartCardSkeleton } from './chart-card';

const NUMBER = new Intl.NumberFormat();
const DAYS = 14;
const POLL_MS = 30_000;
const wholeTicks = {
  tickMinStep: 1,
  tickInterval: (value: number) => Number.isInteger(value),
  valueFormatter: (value: number) => NUMBER.format(value),
};
const count = (value: number | null) => (value === null ? '' : NUMBER.format(value));

export function CallsCharts({ utcOffsetMinutes }: { utcOffsetMinutes: number }) {
  const theme = useTheme();
  const { data, error, isLoading, refetch } = useGetCallSummaryQuery(
    { days: DAYS, utcOffsetMinutes },
    { pollingInterval: POLL_MS, skipPollingIfUnfocused: true },
  );
  const view = useMemo(() => (data ? { days: callDayPoints(data), bars: dispositionBars(data) } : null), [data]);

  if (error && !data) {
    return <ProblemAlert error={error} title="The calls figures could not be loaded" onRetry={refetch} />;
  }
  if (isLoading || !view || !data) {
    return (
      <Grid container spacing={2} aria-busy="true" aria-label="Loading the calls figures">
        <Grid size={{ xs: 12, lg: 7 }}>
          <ChartCardSkeleton height={300} />
        </Grid>
        <Grid size={{ xs: 12, lg: 5 }}>
          <ChartCardSkeleton height={300} />
        </Grid>
      </Grid>
    );
  }
  const inbound = view.days.reduce((sum, d) => sum + d.answeredIn + d.abandoned + d.otherIn, 0);
  const outbound = view.days.reduce((sum, d) => sum + d.outbound, 0);
  const abandoned = view.days.reduce((sum, d) => sum + d.abandoned, 0);
  const scope = data.scope === 'all' ? '' : ' on your leads';
  const daySubtitle =
    inbound + outbound === 0
      ? `No calls${scope} in the last ${DAYS} days`
      : `${NUMBER.format(inbound)} in, ${NUMBER.format(outbound)} out${scope} in the last ${DAYS} days` +
        (inbound > 0 ? ` · ${Math.round((abandoned / inbound) * 100)}% abandoned` : '');
  const weekTotal = view.bars.reduce((sum, b) => sum + b.count, 0);
  const labels = view.days.map((d) => d.date);
  const barLabels = view.bars.map((b) => b.label);
  return (
    <Grid container spacing={2}>
      <Grid size={{ xs: 12, lg: 7 }}>
        <ChartCard title="Calls per day" subtitle={daySubtitle} description={describeCallDays(view.days)}>
          <BarChart
            height={300}
            grid={{ horizontal: true }}
            margin={{ top: 8, right: 8, bottom: 8, left: 0 }}
            slotProps={{ legend: { position: { vertical: 'top', horizontal: 'end' } } }}
            xAxis={[
              {
                scaleType: 'band',
                data: labels,
                valueFormatter: (value: string, context) => {
                  const day = view.days.find((d) => d.date === value);
                  if (!day) return value;
                  return context.location === 'tick' ? day.label : day.longLabel;
                },
                tickLabelStyle: { fontSize: 11 },
              },
            ]}
            yAxis={[{ width: 36, ...wholeTicks }]}
            series={[
              { data: view.days.map((d) => d.answeredIn), label: 'Inbound answered', stack: 'in', color: theme.palette.info.main, valueFormatter: count },
              { data: view.days.map((d) => d.abandoned), label: 'Abandoned', stack: 'in', color: theme.palette.error.light, valueFormatter: count },
              { data: view.days.map((d) => d.otherIn), label: 'Inbound, other', stack: 'in', color: theme.palette.grey[400], valueFormatter: count },
              { data: view.days.map((d) => d.outbound), label: 'Outbound', stack: 'out', color: theme.palette.primary.main, valueFormatter: count },
            ]}
          />
        </ChartCard>
      </Grid>
      <Grid size={{ xs: 12, lg: 5 }}>
        <ChartCard
          title="Dispositions this week"
          subtitle={weekTotal === 0 ? `No calls${scope} in the last 7 days` : `${NUMBER.format(weekTotal)} ${weekTotal === 1 ? 'call' : 'calls'}${scope} in the last 7 days`}
          description={describeDispositions(view.bars)}
        >
          <BarChart
            height={300}
            layout="horizontal"
            hideLegend
            grid={{ vertical: true }}
            margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
            yAxis={[{ scaleType: 'band', data: barLabels.length ? barLabels : ['No calls'], width: 120, disableTicks: true }]}
            xAxis={[wholeTicks]}
            series={[
              {
                data: view.bars.length ? view.bars.map((b) => b.count) : [0],
                label: 'Calls',
                color: theme.palette.secondary.main,
                valueFormatter: count,
              },
            ]}
          />
        </ChartCard>
      </Grid>
    </Grid>
  );
}
