// The navigation drawer's entries. Role-restricted entries are hidden from other roles (the
// routes themselves answer not-found for them as well).
import EventIcon from '@mui/icons-material/EventOutlined';
import HistoryIcon from '@mui/icons-material/HistoryOutlined';
import KeyIcon from '@mui/icons-material/KeyOutlined';
import ManageAccountsIcon from '@mui/icons-material/ManageAccountsOutlined';
import PeopleIcon from '@mui/icons-material/PeopleAltOutlined';
import PhoneIcon from '@mui/icons-material/PhoneOutlined';
import AdminPanelSettingsIcon from '@mui/icons-material/AdminPanelSettingsOutlined';
import DashboardIcon from '@mui/icons-material/SpaceDashboardOutlined';
import ViewKanbanIcon from '@mui/icons-material/ViewKanbanOutlined';
import type { ReactNode } from 'react';
import type { Role } from '@/lib/api-schema';

export interface NavItem {
  label: string;
  to: string;
  icon: ReactNode;
  /** Selected only on this exact path, not below it. */
  end?: boolean;
}

export interface NavSection {
  /** Shown as a subheader; omitted for the main section. */
  title?: string;
  roles?: readonly Role[];
  items: NavItem[];
}

export const NAV_SECTIONS: NavSection[] = [
  {
    items: [
      { label: 'Dashboard', to: '/', icon: <DashboardIcon />, end: true },
      { label: 'Leads', to: '/leads', icon: <PeopleIcon /> },
      { label: 'Board', to: '/board', icon: <ViewKanbanIcon /> },
      { label: 'Deadlines', to: '/deadlines', icon: <EventIcon /> },
      { label: 'Calls', to: '/calls', icon: <PhoneIcon /> },
    ],
  },
  {
    title: 'Admin',
    roles: ['admin'],
    items: [
      { label: 'Overview', to: '/admin', icon: <AdminPanelSettingsIcon />, end: true },
      { label: 'Users', to: '/admin/users', icon: <ManageAccountsIcon /> },
      { label: 'API keys', to: '/admin/api-keys', icon: <KeyIcon /> },
      { label: 'Audit log', to: '/admin/audit', icon: <HistoryIcon /> },
    ],
  },
];
