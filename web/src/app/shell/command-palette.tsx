// The command palette (opened by command-menu.tsx: Ctrl+K / ⌘K, or the app bar's button). One input
// searches leads (GET /api/v1/leads?q=…&limit=8, debounced; a reply for an older query is never
// shown) and lists the matching pages and actions. A combobox over a listbox: arrow keys move,
// Enter opens, Escape closes.
import AddIcon from '@mui/icons-material/Add';
import AdminPanelSettingsIcon from '@mui/icons-material/AdminPanelSettingsOutlined';
import EventIcon from '@mui/icons-material/EventOutlined';
import HistoryIcon from '@mui/icons-material/HistoryOutlined';
import KeyIcon from '@mui/icons-material/KeyOutlined';
import ManageAccountsIcon from '@mui/icons-material/ManageAccountsOutlined';
import PeopleIcon from '@mui/icons-material/PeopleAltOutlined';
import PhoneIcon from '@mui/icons-material/PhoneOutlined';
import PersonIcon from '@mui/icons-material/PersonOutlined';
import SearchIcon from '@mui/icons-material/Search';
import DashboardIcon from '@mui/icons-material/SpaceDashboardOutlined';
import ViewKanbanIcon from '@mui/icons-material/ViewKanbanOutlined';
import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import Divider from '@mui/material/Divider';
import InputBase from '@mui/material/InputBase';
import Typography from '@mui/material/Typography';
import { alpha } from '@mui/material/styles';
import {
  useCallback,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { useNavigate } from 'react-router';
import { statusLabel } from '@/components/status-colors';
import { useRoles } from '@/hooks/use-role';
import type { Role } from '@/lib/api-schema';
import { useListLeadsQuery, type Lead } from '@/lib/leads-api';
import { hasAnyRole } from '@/lib/permissions';
import { problemFromError } from '@/lib/problem';

/** How long typing must pause before the lead search goes out. */
export const SEARCH_DEBOUNCE_MS = 200;

export interface CommandItem {
  id: string;
  group: 'Leads' | 'Actions' | 'Pages';
  label: string;
  secondary?: string;
  to: string;
  icon: ReactNode;
}

interface StaticCommand extends Omit<CommandItem, 'id'> {
  key: string;
  keywords: string;
  roles?: readonly Role[];
}

const STATIC_COMMANDS: StaticCommand[] = [
  { key: 'new-lead', group: 'Actions', label: 'New lead', secondary: 'Add a lead', to: '/leads?new=1', icon: <AddIcon />, keywords: 'add create lead' },
  { key: 'dashboard', group: 'Pages', label: 'Dashboard', to: '/', icon: <DashboardIcon />, keywords: 'home overview charts' },
  { key: 'leads', group: 'Pages', label: 'Leads', to: '/leads', icon: <PeopleIcon />, keywords: 'grid list import export' },
  { key: 'board', group: 'Pages', label: 'Board', to: '/board', icon: <ViewKanbanIcon />, keywords: 'pipeline kanban' },
  { key: 'deadlines', group: 'Pages', label: 'Deadlines', to: '/deadlines', icon: <EventIcon />, keywords: 'due overdue today follow-up' },
  { key: 'calls', group: 'Pages', label: 'Calls', to: '/calls', icon: <PhoneIcon />, keywords: 'phone contact center unmatched recordings' },
  { key: 'profile', group: 'Pages', label: 'Profile', to: '/profile', icon: <PersonIcon />, keywords: 'account password mfa' },
  { key: 'admin', group: 'Pages', label: 'Admin', secondary: 'Admin', to: '/admin', icon: <AdminPanelSettingsIcon />, keywords: 'administration settings', roles: ['admin'] },
  { key: 'users', group: 'Pages', label: 'Users', secondary: 'Admin', to: '/admin/users', icon: <ManageAccountsIcon />, keywords: 'admin people groups accounts', roles: ['admin'] },
  { key: 'api-keys', group: 'Pages', label: 'API keys', secondary: 'Admin', to: '/admin/api-keys', icon: <KeyIcon />, keywords: 'admin machine contact center', roles: ['admin'] },
  { key: 'audit', group: 'Pages', label: 'Audit log', secondary: 'Admin', to: '/admin/audit', icon: <HistoryIcon />, keywords: 'admin history trail', roles: ['admin'] },
];

/** Pages and actions this role may use whose words all start a word of their label or keywords. */
export function matchStaticCommands(query: string, roles: readonly Role[]): CommandItem[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return STATIC_COMMANDS.filter((c) => !c.roles || hasAnyRole(roles, c.roles))
    .filter((c) => {
      const haystack = `${c.label} ${c.keywords}`.toLowerCase().split(/[\s-]+/);
      return words.every((w) => haystack.some((h) => h.startsWith(w)));
    })
    .map(({ key, keywords: _k, roles: _r, ...item }) => ({ ...item, id: `cmd-${key}` }));
}

function leadItem(lead: Lead): CommandItem {
  const phone = lead.phones?.[0]?.number;
  const place = [lead.address?.city, lead.address?.state].filter(Boolean).join(', ');
  return {
    id: `lead-${lead.id}`,
    group: 'Leads',
    label: `${lead.firstName} ${lead.lastName}`.trim(),
    secondary: [statusLabel(lead.status), phone, place].filter(Boolean).join(' · '),
    to: `/leads/${encodeURIComponent(lead.id)}`,
    icon: <PersonIcon />,
  };
}

function useDebouncedValue<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

interface CommandPaletteProps {
  open: boolean;
  onClose: () => void;
}

export function CommandPalette({ open, onClose }: CommandPaletteProps) {
  const navigate = useNavigate();
  const roles = useRoles();
  const inputId = useId();
  const listboxId = useId();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listRef = useRef<HTMLDivElement>(null);

  const trimmed = query.trim().slice(0, 200);
  const debounced = useDebouncedValue(trimmed, SEARCH_DEBOUNCE_MS);
  const searching = debounced !== '';
  // currentData belongs to the current arguments only: a reply to an older query is ignored.
  const { currentData, isFetching, error } = useListLeadsQuery(
    { q: debounced, limit: 8 },
    { skip: !open || !searching },
  );
  const leadsPending = trimmed !== '' && (trimmed !== debounced || (isFetching && !currentData));

  const items = useMemo(() => {
    const leads = trimmed !== '' && trimmed === debounced ? (currentData?.items ?? []).map(leadItem) : [];
    const commands = matchStaticCommands(trimmed, roles);
    return [...leads, ...commands.filter((c) => c.group === 'Actions'), ...commands.filter((c) => c.group === 'Pages')];
  }, [currentData, trimmed, debounced, roles]);

  // A new list starts at its first entry.
  const itemKey = items.map((i) => i.id).join('|');
  useEffect(() => setActive(0), [itemKey]);

  useEffect(() => {
    if (!open) {
      setQuery('');
      setActive(0);
    }
  }, [open]);

  const activeItem = items[Math.min(active, items.length - 1)];
  const optionId = (item: CommandItem) => `${listboxId}-${item.id}`;

  const activeId = activeItem?.id;
  useEffect(() => {
    if (!activeId) return;
    document.getElementById(`${listboxId}-${activeId}`)?.scrollIntoView?.({ block: 'nearest' });
  }, [activeId, listboxId]);

  const choose = useCallback(
    (item: CommandItem | undefined) => {
      if (!item) return;
      onClose();
      navigate(item.to);
    },
    [navigate, onClose],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const count = items.length;
    if (event.key === 'ArrowDown' && count > 0) {
      event.preventDefault();
      setActive((i) => (i + 1) % count);
    } else if (event.key === 'ArrowUp' && count > 0) {
      event.preventDefault();
      setActive((i) => (i - 1 + count) % count);
    } else if (event.key === 'Home' && count > 0 && event.ctrlKey) {
      event.preventDefault();
      setActive(0);
    } else if (event.key === 'End' && count > 0 && event.ctrlKey) {
      event.preventDefault();
      setActive(count - 1);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      choose(activeItem);
    }
  };

  const groups = (['Leads', 'Actions', 'Pages'] as const)
    .map((group) => ({ group, items: items.filter((i) => i.group === group) }))
    .filter((g) => g.items.length > 0 || (g.group === 'Leads' && trimmed !== ''));

  const leadStatus = (() => {
    if (trimmed === '') return null;
    if (leadsPending) return 'Searching leads…';
    if (error) return `Lead search failed: ${problemFromError(error)?.detail ?? 'try again'}`;
    if ((currentData?.items.length ?? 0) === 0) return `No leads match “${trimmed}”`;
    return null;
  })();

  const resultCount = items.length;

  return (
    <Dialog
      open={open}
      onClose={onClose}
      fullWidth
      maxWidth="sm"
      aria-label="Search leads and pages"
      sx={{ '& .MuiDialog-container': { alignItems: 'flex-start' } }}
      slotProps={{ paper: { sx: { mt: { xs: 2, sm: '10vh' }, overflow: 'hidden' } } }}
    >
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5, px: 2, py: 1.25 }}>
        {leadsPending && trimmed !== '' ? (
          <CircularProgress size={20} aria-hidden="true" />
        ) : (
          <SearchIcon color="action" aria-hidden="true" />
        )}
        <InputBase
          id={inputId}
          autoFocus
          fullWidth
          placeholder="Search leads by name, phone, address, claim…"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onKeyDown}
          slotProps={{
            input: {
              role: 'combobox',
              'aria-label': 'Search leads and pages',
              'aria-expanded': true,
              'aria-controls': listboxId,
              'aria-autocomplete': 'list',
              'aria-activedescendant': activeItem ? optionId(activeItem) : undefined,
              autoComplete: 'off',
              spellCheck: false,
              maxLength: 200,
            },
          }}
          sx={{ fontSize: '1.05rem' }}
        />
        <Box
          component="kbd"
          aria-hidden="true"
          sx={{ fontSize: 12, px: 0.75, py: 0.25, borderRadius: 0.75, border: 1, borderColor: 'divider', color: 'text.secondary', fontFamily: 'inherit' }}
        >
          Esc
        </Box>
      </Box>
      <Divider />
      <Box
        ref={listRef}
        id={listboxId}
        role="listbox"
        aria-label="Results"
        sx={{ maxHeight: 'min(60vh, 440px)', overflowY: 'auto', py: 1 }}
      >
        {groups.map(({ group, items: groupItems }) => {
          const headingId = `${listboxId}-${group}`;
          return (
            <Box key={group} role="group" aria-labelledby={headingId} sx={{ mb: 0.5 }}>
              <Typography
                id={headingId}
                role="presentation"
                variant="caption"
                color="text.secondary"
                sx={{ display: 'block', px: 2, py: 0.5, fontWeight: 600, textTransform: 'uppercase', letterSpacing: '0.04em' }}
              >
                {group}
              </Typography>
              {group === 'Leads' && leadStatus ? (
                <Typography variant="body2" color="text.secondary" sx={{ px: 2, py: 1 }} role="presentation">
                  {leadStatus}
                </Typography>
              ) : null}
              {groupItems.map((item) => {
                const selected = item.id === activeItem?.id;
                return (
                  <Box
                    key={item.id}
                    id={optionId(item)}
                    role="option"
                    aria-selected={selected}
                    onMouseMove={() => setActive(items.indexOf(item))}
                    onMouseDown={(e) => e.preventDefault()}
                    onClick={() => choose(item)}
                    sx={(theme) => ({
                      display: 'flex',
                      alignItems: 'center',
                      gap: 1.5,
                      mx: 1,
                      px: 1.25,
                      py: 0.875,
                      borderRadius: 1,
                      cursor: 'pointer',
                      color: 'text.primary',
                      bgcolor: selected ? alpha(theme.palette.primary.main, theme.palette.mode === 'dark' ? 0.22 : 0.12) : 'transparent',
                      outline: selected ? `1px solid ${alpha(theme.palette.primary.main, 0.5)}` : 'none',
                      '& svg': { color: selected ? 'primary.main' : 'text.secondary', fontSize: 20 },
                    })}
                  >
                    <Box aria-hidden="true" sx={{ display: 'flex' }}>
                      {item.icon}
                    </Box>
                    <Box sx={{ minWidth: 0, flex: 1 }}>
                      <Typography variant="body2" noWrap sx={{ fontWeight: 500 }}>
                        {item.label}
                      </Typography>
                      {item.secondary ? (
                        <Typography variant="caption" color="text.secondary" noWrap component="div">
                          {item.secondary}
                        </Typography>
                      ) : null}
                    </Box>
                    {selected ? (
                      <Box component="kbd" aria-hidden="true" sx={{ fontSize: 12, color: 'text.secondary', fontFamily: 'inherit' }}>
                        ↵
                      </Box>
                    ) : null}
                  </Box>
                );
              })}
            </Box>
          );
        })}
      </Box>
      <Divider />
      <Box sx={{ display: 'flex', gap: 2, px: 2, py: 1, color: 'text.secondary', fontSize: 12 }} aria-hidden="true">
        <span>↑↓ to move</span>
        <span>↵ to open</span>
        <span>Esc to close</span>
      </Box>
      <Box role="status" sx={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>
        {trimmed !== '' && !leadsPending ? `${resultCount} ${resultCount === 1 ? 'result' : 'results'}` : ''}
      </Box>
    </Dialog>
  );
}
