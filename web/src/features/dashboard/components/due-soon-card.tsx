// "Due today / overdue": the first few open deadlines of each, each linking to its lead.
import EventBusyIcon from '@mui/icons-material/EventBusyOutlined';
import EventIcon from '@mui/icons-material/EventOutlined';
import TaskAltIcon from '@mui/icons-material/TaskAlt';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Grid from '@mui/material/Grid';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useId } from 'react';
import { Link as RouterLink } from 'react-router';
import { deadlineKindLabel } from '@/components/deadlines-kinds';
import { formatDateTime, formatRelativeTime, formatTime } from '@/components/deadlines-time';
import { ProblemAlert } from '@/components/problem-alert';
import { useListDeadlinesQuery, type DeadlinePage } from '@/lib/leads-api';

type Row = DeadlinePage['items'][number];

const LIMIT = 5;

function DueSection({
  due,
  title,
  utcOffsetMinutes,
  total,
}: {
  due: 'overdue' | 'today';
  title: string;
  utcOffsetMinutes: number;
  /** The summary's count, to say how many more there are. */
  total: number;
}) {
  const headingId = useId();
  const { data, isLoading, error, refetch } = useListDeadlinesQuery({
    due,
    limit: LIMIT,
    utcOffsetMinutes,
  });
  const rows: Row[] = data?.items ?? [];
  const overdue = due === 'overdue';
  const now = new Date();
  return (
    <Box component="section" aria-labelledby={headingId}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'baseline', mb: 0.5 }}>
        <Typography id={headingId} variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
          {title}
        </Typography>
        {total > 0 ? (
          <Typography variant="body2" color={overdue ? 'error.main' : 'text.secondary'}>
            {total}
          </Typography>
        ) : null}
      </Stack>
      {error ? (
        <ProblemAlert error={error} onRetry={refetch} />
      ) : isLoading ? (
        <Box role="status" aria-label={`Loading ${title.toLowerCase()}`}>
          {Array.from({ length: 3 }, (_, i) => (
            <Skeleton key={i} variant="rounded" height={44} sx={{ mb: 1 }} />
          ))}
        </Box>
      ) : rows.length === 0 ? (
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', color: 'text.secondary', py: 1.5 }}>
          <TaskAltIcon fontSize="small" color="success" aria-hidden="true" />
          <Typography variant="body2">
            {overdue ? 'Nothing overdue.' : 'Nothing due today.'}
          </Typography>
        </Stack>
      ) : (
        <List dense disablePadding>
          {rows.map((row) => {
            const name = `${row.lead.firstName} ${row.lead.lastName}`;
            return (
              <ListItem key={row.id} disablePadding>
                <ListItemButton
                  component={RouterLink}
                  to={`/leads/${encodeURIComponent(row.leadId)}`}
                  sx={{ borderRadius: 1 }}
                >
                  <ListItemIcon sx={{ minWidth: 36 }} aria-hidden="true">
                    {overdue ? (
                      <EventBusyIcon fontSize="small" color="error" />
                    ) : (
                      <EventIcon fontSize="small" color="action" />
                    )}
                  </ListItemIcon>
                  <ListItemText
                    primary={name}
                    secondary={
                      <>
                        {deadlineKindLabel(row.kind)} ·{' '}
                        <Box
                          component="time"
                          dateTime={row.dueAt}
                          title={formatDateTime(row.dueAt, now)}
                          sx={{ color: overdue ? 'error.main' : 'inherit', fontWeight: overdue ? 600 : 400 }}
                        >
                          {overdue
                            ? `due ${formatRelativeTime(row.dueAt, now)}`
                            : `${formatTime(row.dueAt)}, ${formatRelativeTime(row.dueAt, now)}`}
                        </Box>
                      </>
                    }
                    slotProps={{ primary: { noWrap: true }, secondary: { noWrap: true } }}
                  />
                </ListItemButton>
              </ListItem>
            );
          })}
        </List>
      )}
    </Box>
  );
}

export function DueSoonCard({
  utcOffsetMinutes,
  overdue,
  dueToday,
}: {
  utcOffsetMinutes: number;
  overdue: number;
  dueToday: number;
}) {
  const titleId = useId();
  return (
    <Card component="section" aria-labelledby={titleId}>
      <CardContent>
        <Stack
          direction="row"
          spacing={2}
          sx={{ alignItems: 'center', justifyContent: 'space-between', mb: 1.5 }}
        >
          <Typography id={titleId} variant="h6" component="h2">
            Due today and overdue
          </Typography>
          <Button component={RouterLink} to="/deadlines" size="small">
            All deadlines
          </Button>
        </Stack>
        <Grid container spacing={3}>
          <Grid size={{ xs: 12, md: 6 }}>
            <DueSection
              due="overdue"
              title="Overdue"
              utcOffsetMinutes={utcOffsetMinutes}
              total={overdue}
            />
          </Grid>
          <Grid size={{ xs: 12, md: 6 }}>
            <DueSection
              due="today"
              title="Due today"
              utcOffsetMinutes={utcOffsetMinutes}
              total={dueToday}
            />
          </Grid>
        </Grid>
      </CardContent>
    </Card>
  );
}
