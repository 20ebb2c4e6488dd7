// The admin pages (admins only; routes.tsx keeps them behind RequireRole): the overview, users,
// API keys and the audit log.
import HistoryIcon from '@mui/icons-material/HistoryOutlined';
import KeyIcon from '@mui/icons-material/KeyOutlined';
import ManageAccountsIcon from '@mui/icons-material/ManageAccountsOutlined';
import Card from '@mui/material/Card';
import CardActionArea from '@mui/material/CardActionArea';
import CardContent from '@mui/material/CardContent';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import { Link as RouterLink } from 'react-router';
import { PageHeader } from '@/components/page-header';

export { ApiKeysPage } from './api-keys-page';
export { AuditLogPage } from './audit-log-page';
export { UsersPage } from './users-page';

const SECTIONS: { to: string; title: string; text: string; icon: ReactNode }[] = [
  {
    to: '/admin/users',
    title: 'Users',
    text: 'Add people, set their groups, reset passwords, disable accounts.',
    icon: <ManageAccountsIcon />,
  },
  {
    to: '/admin/api-keys',
    title: 'API keys',
    text: 'Keys for the contact center and other machine clients.',
    icon: <KeyIcon />,
  },
  {
    to: '/admin/audit',
    title: 'Audit log',
    text: 'Every change, sign-in and download, in a tamper-evident chain.',
    icon: <HistoryIcon />,
  },
];

export function AdminOverviewPage() {
  return (
    <>
      <PageHeader title="Admin" subtitle="Run the system: people, machine access and the audit trail." />
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
        {SECTIONS.map((s) => (
          <Card key={s.to} sx={{ flex: 1 }}>
            <CardActionArea component={RouterLink} to={s.to} sx={{ height: '100%' }}>
              <CardContent>
                <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center', mb: 1, color: 'primary.main' }}>
                  {s.icon}
                  <Typography variant="h6" component="h2" color="text.primary">
                    {s.title}
                  </Typography>
                </Stack>
                <Typography variant="body2" color="text.secondary">
                  {s.text}
                </Typography>
              </CardContent>
            </CardActionArea>
          </Card>
        ))}
      </Stack>
    </>
  );
}
