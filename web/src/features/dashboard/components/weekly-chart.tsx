// New leads per week, the last 12 weeks, oldest first; the current week is drawn stronger.
import { alpha, useTheme } from '@mui/material/styles';
import { BarChart } from '@mui/x-charts/BarChart';
import { describeWeeks, type WeekPoint } from '../dashboard-data';
import { ChartCard } from './chart-card';

const NUMBER = new Intl.NumberFormat();

export function WeeklyChart({ points }: { points: readonly WeekPoint[] }) {
  const theme = useTheme();
  const primary = theme.palette.primary.main;
  const weekStarts = points.map((p) => p.weekStart);
  const total = points.reduce((sum, p) => sum + p.count, 0);
  const subtitle =
    total === 0
      ? 'No new leads in the last 12 weeks'
      : `${NUMBER.format(total)} new in the last 12 weeks`;
  return (
    <ChartCard title="New leads per week" subtitle={subtitle} description={describeWeeks(points)}>
      <BarChart
        height={340}
        hideLegend
        grid={{ horizontal: true }}
        margin={{ top: 8, right: 8, bottom: 8, left: 0 }}
        xAxis={[
          {
            scaleType: 'band',
            data: weekStarts,
            valueFormatter: (value: string, context) => {
              const point = points.find((p) => p.weekStart === value);
              if (!point) return value;
              return context.location === 'tick' ? point.label : point.longLabel;
            },
            tickLabelStyle: { fontSize: 11 },
            colorMap: {
              type: 'ordinal',
              values: weekStarts,
              colors: points.map((p) => (p.current ? primary : alpha(primary, 0.55))),
            },
          },
        ]}
        yAxis={[
          {
            width: 40,
            // Counts are whole: no 0.2 ticks when every bar is small (tickInterval alone
            // filters only the ticks of a band scale).
            tickMinStep: 1,
            tickInterval: (value: number) => Number.isInteger(value),
            valueFormatter: (value: number) => NUMBER.format(value),
          },
        ]}
        series={[
          {
            data: points.map((p) => p.count),
            label: 'New leads',
            valueFormatter: (value) => (value === null ? '' : NUMBER.format(value)),
          },
        ]}
      />
    </ChartCard>
  );
}
