// Leads by status: one horizontal bar per pipeline stage, in pipeline order, in the app's status
// colours.
import { useTheme } from '@mui/material/styles';
import { BarChart } from '@mui/x-charts/BarChart';
import { statusColor } from '@/components/status-colors';
import { describeStatusBars, type StatusBar } from '../dashboard-data';
import { ChartCard } from './chart-card';

const NUMBER = new Intl.NumberFormat();

export interface StatusChartProps {
  bars: readonly StatusBar[];
  scope: 'all' | 'mine';
}

export function StatusChart({ bars, scope }: StatusChartProps) {
  const theme = useTheme();
  const labels = bars.map((b) => b.label);
  const colors = bars.map((b) => statusColor(b.status, theme.palette.mode));
  const subtitle = scope === 'all' ? 'All leads in the office' : 'Leads assigned to you';
  return (
    <ChartCard title="Leads by status" subtitle={subtitle} description={describeStatusBars(bars)}>
      <BarChart
        height={340}
        layout="horizontal"
        hideLegend
        grid={{ vertical: true }}
        margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
        yAxis={[
          {
            scaleType: 'band',
            data: labels,
            width: 150,
            disableTicks: true,
            colorMap: { type: 'ordinal', values: labels, colors },
          },
        ]}
        xAxis={[
          {
            // Counts are whole: no 0.2 ticks when every bar is small (tickInterval alone
            // filters only the ticks of a band scale).
            tickMinStep: 1,
            tickInterval: (value: number) => Number.isInteger(value),
            valueFormatter: (value: number) => NUMBER.format(value),
          },
        ]}
        series={[
          {
            data: bars.map((b) => b.count),
            label: 'Leads',
            valueFormatter: (value) => (value === null ? '' : NUMBER.format(value)),
          },
        ]}
      />
    </ChartCard>
  );
}
