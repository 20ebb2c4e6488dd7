// The leads grid: one server page at a time (cursor pagination, no total count), server-side
// sorting on the two time columns, checkbox selection of the page, columns and density chosen by
// the user. A row opens its lead (click, or Enter on a focused row).
import DensityMediumIcon from '@mui/icons-material/DensityMedium';
import ViewColumnIcon from '@mui/icons-material/ViewColumnOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress, { type LinearProgressProps } from '@mui/material/LinearProgress';
import Link from '@mui/material/Link';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import CheckIcon from '@mui/icons-material/Check';
import ErrorOutlineIcon from '@mui/icons-material/ErrorOutlineOutlined';
import {
  ColumnsPanelTrigger,
  DataGrid,
  Toolbar,
  type GridColDef,
  type GridColumnVisibilityModel,
  type GridRowSelectionModel,
  type GridSortModel,
} from '@mui/x-data-grid';
import {
  createContext,
  forwardRef,
  useContext,
  useId,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import { Link as RouterLink, useNavigate } from 'react-router';
import { StatusChip } from '@/components/status-chip';
import { readCspNonce } from '@/lib/csp-nonce';
import type { Lead } from '@/lib/leads-api';
import type { LeadSort } from '../lead-filters';
import {
  DEADLINE_KIND_LABELS,
  formatDateTime,
  leadName,
  LOSS_TYPE_LABELS,
  nextDeadline,
  relativeTime,
  STATUS_LABELS,
} from '../lead-labels';
import { DENSITIES, PAGE_SIZES, type Density, type GridPrefs, type PageSize } from '../grid-prefs';

/** Read by screen readers, not shown. */
const visuallyHidden = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;

/** Hidden unless the user shows them. */
export const DEFAULT_HIDDEN: GridColumnVisibilityModel = { createdAt: false };

const DENSITY_LABELS: Record<Density, string> = {
  compact: 'Compact',
  standard: 'Standard',
  comfortable: 'Comfortable',
};

// The grid's loading bar, with the name a screen reader announces (the grid's own has none).
const LabelledLinearProgress = forwardRef<HTMLSpanElement, LinearProgressProps & { material?: object }>(
  function LabelledLinearProgress({ material, ...props }, ref) {
    return <LinearProgress ref={ref} aria-label="Loading leads" {...props} {...material} />;
  },
);

export function sortToModel(sort: LeadSort, searching: boolean): GridSortModel {
  if (searching) return [];
  const desc = sort.startsWith('-');
  return [{ field: desc ? sort.slice(1) : sort, sort: desc ? 'desc' : 'asc' }];
}

export function modelToSort(model: GridSortModel): LeadSort | null {
  const item = model[0];
  if (!item || (item.field !== 'updatedAt' && item.field !== 'createdAt') || !item.sort) return null;
  return (item.sort === 'desc' ? `-${item.field}` : item.field) as LeadSort;
}

interface ToolbarExtras {
  /** Left side: bulk actions or a hint. */
  start: ReactNode;
  density: Density;
  onDensityChange: (density: Density) => void;
}

const ToolbarExtrasContext = createContext<ToolbarExtras | null>(null);

function DensityMenu({ density, onChange }: { density: Density; onChange: (d: Density) => void }) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const menuId = useId();
  const buttonId = useId();
  return (
    <>
      <Button
        id={buttonId}
        size="small"
        startIcon={<DensityMediumIcon fontSize="small" />}
        aria-haspopup="menu"
        aria-controls={anchor ? menuId : undefined}
        aria-expanded={anchor ? 'true' : undefined}
        onClick={(event) => setAnchor(event.currentTarget)}
      >
        Density
      </Button>
      <Menu
        id={menuId}
        anchorEl={anchor}
        open={anchor !== null}
        onClose={() => setAnchor(null)}
        slotProps={{ list: { 'aria-labelledby': buttonId } }}
      >
        {DENSITIES.map((option) => (
          <MenuItem
            key={option}
            role="menuitemradio"
            aria-checked={option === density}
            selected={option === density}
            onClick={() => {
              onChange(option);
              setAnchor(null);
            }}
          >
            <ListItemIcon>{option === density ? <CheckIcon fontSize="small" /> : null}</ListItemIcon>
            <ListItemText>{DENSITY_LABELS[option]}</ListItemText>
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}

function LeadsToolbar() {
  const extras = useContext(ToolbarExtrasContext);
  return (
    <Toolbar>
      <Box sx={{ flex: 1, minWidth: 0, display: 'flex', alignItems: 'center', gap: 1, pl: 0.5 }}>
        {extras?.start}
      </Box>
      <ColumnsPanelTrigger size="small" startIcon={<ViewColumnIcon fontSize="small" />}>
        Columns
      </ColumnsPanelTrigger>
      {extras ? <DensityMenu density={extras.density} onChange={extras.onDensityChange} /> : null}
    </Toolbar>
  );
}

function NextDeadlineCell({ lead }: { lead: Lead }) {
  const deadline = nextDeadline(lead);
  if (!deadline) return null;
  const overdue = new Date(deadline.dueAt).getTime() < Date.now();
  const kind = DEADLINE_KIND_LABELS[deadline.kind] ?? deadline.kind;
  return (
    <Tooltip title={`${overdue ? 'Overdue: ' : ''}${kind} · ${formatDateTime(deadline.dueAt)}`}>
      <Typography
        variant="body2"
        component="span"
        sx={{
          color: overdue ? 'error.main' : 'text.primary',
          fontWeight: overdue ? 600 : 400,
          display: 'inline-flex',
          alignItems: 'center',
          verticalAlign: 'middle',
          gap: 0.5,
        }}
      >
        {overdue ? <ErrorOutlineIcon sx={{ fontSize: 16 }} aria-hidden="true" /> : null}
        {overdue ? <Box component="span" sx={visuallyHidden}>Overdue, </Box> : null}
        {relativeTime(deadline.dueAt)}
      </Typography>
    </Tooltip>
  );
}

function useColumns(nameOf: (id: string | null | undefined) => string, searching: boolean) {
  return useMemo<GridColDef<Lead>[]>(
    () => [
      {
        field: 'name',
        headerName: 'Name',
        minWidth: 200,
        flex: 1.2,
        sortable: false,
        valueGetter: (_value, lead) => leadName(lead),
        renderCell: (params) => (
          <Link
            component={RouterLink}
            to={`/leads/${encodeURIComponent(params.row.id)}`}
            tabIndex={params.tabIndex}
            underline="hover"
            onClick={(event) => event.stopPropagation()}
            sx={{ fontWeight: 600 }}
          >
            {params.value as string}
          </Link>
        ),
      },
      {
        field: 'status',
        headerName: 'Status',
        width: 185,
        sortable: false,
        valueGetter: (_value, lead) => STATUS_LABELS[lead.status],
        renderCell: (params) => <StatusChip status={params.row.status} />,
      },
      {
        field: 'phone',
        headerName: 'Phone',
        width: 140,
        sortable: false,
        valueGetter: (_value, lead) => lead.phones?.[0]?.number ?? '',
      },
      {
        field: 'email',
        headerName: 'Email',
        minWidth: 200,
        flex: 1,
        sortable: false,
        valueGetter: (_value, lead) => lead.email ?? '',
      },
      {
        field: 'location',
        headerName: 'City / state',
        width: 140,
        sortable: false,
        valueGetter: (_value, lead) =>
          [lead.address?.city, lead.address?.state].filter(Boolean).join(', '),
      },
      {
        field: 'lossType',
        headerName: 'Loss type',
        width: 105,
        sortable: false,
        valueGetter: (_value, lead) =>
          lead.claim?.lossType ? LOSS_TYPE_LABELS[lead.claim.lossType] : '',
      },
      {
        field: 'carrier',
        headerName: 'Carrier',
        minWidth: 150,
        flex: 0.8,
        sortable: false,
        valueGetter: (_value, lead) => lead.claim?.carrier ?? '',
      },
      {
        field: 'assignedTo',
        headerName: 'Assigned to',
        width: 125,
        sortable: false,
        valueGetter: (_value, lead) => nameOf(lead.assignedTo),
        renderCell: (params) => (
          <Typography
            variant="body2"
            component="span"
            title={params.row.assignedTo ?? undefined}
            sx={{ color: params.row.assignedTo ? 'text.primary' : 'text.secondary' }}
          >
            {params.value as string}
          </Typography>
        ),
      },
      {
        field: 'nextDeadline',
        headerName: 'Next deadline',
        width: 150,
        sortable: false,
        valueGetter: (_value, lead) => nextDeadline(lead)?.dueAt ?? '',
        renderCell: (params) => <NextDeadlineCell lead={params.row} />,
      },
      {
        field: 'updatedAt',
        headerName: 'Updated',
        width: 145,
        sortable: !searching,
        renderCell: (params) => (
          <Typography variant="body2" component="span" title={formatDateTime(params.row.updatedAt)}>
            {relativeTime(params.row.updatedAt)}
          </Typography>
        ),
      },
      {
        field: 'createdAt',
        headerName: 'Created',
        width: 145,
        sortable: !searching,
        renderCell: (params) => (
          <Typography variant="body2" component="span" title={formatDateTime(params.row.createdAt)}>
            {relativeTime(params.row.createdAt)}
          </Typography>
        ),
      },
    ],
    [nameOf, searching],
  );
}

export interface LeadsGridProps {
  rows: Lead[];
  loading: boolean;
  page: number;
  /** null while the page loads (its next cursor is not known yet). */
  hasNextPage: boolean | null;
  /** On the last page: the rows up to its end; null while more may follow. */
  lastRowCount: number | null;
  onPageChange: (page: number) => void;
  sort: LeadSort;
  /** With a search, results are ranked by relevance: no sorting. */
  searching: boolean;
  onSortChange: (sort: LeadSort) => void;
  prefs: GridPrefs;
  onPrefsChange: (patch: Partial<GridPrefs>) => void;
  selection: readonly string[];
  onSelectionChange: (ids: string[]) => void;
  nameOf: (id: string | null | undefined) => string;
  /** What an empty page shows. */
  noRows: ReactNode;
  /** The toolbar's left side (bulk actions, hints). */
  toolbarStart: ReactNode;
  /** Columns hidden until the user shows them. */
  defaultHidden?: GridColumnVisibilityModel;
}

export function LeadsGrid({
  rows,
  loading,
  page,
  hasNextPage,
  lastRowCount,
  onPageChange,
  sort,
  searching,
  onSortChange,
  prefs,
  onPrefsChange,
  selection,
  onSelectionChange,
  nameOf,
  noRows,
  toolbarStart,
  defaultHidden = DEFAULT_HIDDEN,
}: LeadsGridProps) {
  const navigate = useNavigate();
  const cspNonce = useMemo(() => readCspNonce(), []);
  // A new sort model (even an equal one) sends the grid back to its first page: keep it stable.
  const sortModel = useMemo(() => sortToModel(sort, searching), [sort, searching]);
  const paginationMeta = useMemo(() => ({ hasNextPage: hasNextPage ?? true }), [hasNextPage]);
  const columnsDefs = useColumns(nameOf, searching);
  const open = (id: string) => navigate(`/leads/${encodeURIComponent(id)}`);

  const selectionModel = useMemo<GridRowSelectionModel>(
    () => ({ type: 'include', ids: new Set(selection) }),
    [selection],
  );
  const visibility = useMemo(() => ({ ...defaultHidden, ...prefs.columns }), [defaultHidden, prefs.columns]);
  const extras = useMemo<ToolbarExtras>(
    () => ({
      start: toolbarStart,
      density: prefs.density,
      onDensityChange: (density) => onPrefsChange({ density }),
    }),
    [toolbarStart, prefs.density, onPrefsChange],
  );
  const NoRows = useMemo(() => {
    function LeadsNoRowsOverlay() {
      return <>{noRows}</>;
    }
    return LeadsNoRowsOverlay;
  }, [noRows]);

  return (
    <ToolbarExtrasContext.Provider value={extras}>
      <DataGrid<Lead>
        aria-label="Leads"
        // The grid inserts a <style> of CSS variables; the CSP admits it by the page's nonce.
        nonce={cspNonce}
        rows={rows}
        columns={columnsDefs}
        getRowId={(lead) => lead.id}
        loading={loading}
        showToolbar
        slots={{
          toolbar: LeadsToolbar,
          noRowsOverlay: NoRows,
          noResultsOverlay: NoRows,
          baseLinearProgress: LabelledLinearProgress,
        }}
        // Pages come from the server, one at a time, with no total count. While a page loads,
        // "more may follow": the grid fixes its row count the moment it hears there is no next
        // page, and would then pull the page back into a range that is not known yet. On the
        // last page the count is given, so a later query (rowCount back to -1) starts afresh.
        paginationMode="server"
        rowCount={lastRowCount ?? -1}
        paginationMeta={paginationMeta}
        paginationModel={{ page, pageSize: prefs.pageSize }}
        onPaginationModelChange={(model) => {
          if (model.pageSize !== prefs.pageSize) {
            onPrefsChange({ pageSize: model.pageSize as PageSize });
          } else if (model.page !== page) {
            onPageChange(model.page);
          }
        }}
        pageSizeOptions={[...PAGE_SIZES]}
        sortingMode="server"
        sortingOrder={['desc', 'asc']}
        sortModel={sortModel}
        onSortModelChange={(model) => {
          const next = modelToSort(model);
          if (next && next !== sort) onSortChange(next);
        }}
        filterMode="server"
        disableColumnFilter
        checkboxSelection
        disableRowSelectionOnClick
        rowSelectionModel={selectionModel}
        onRowSelectionModelChange={(model) => {
          const ids =
            model.type === 'include'
              ? [...model.ids].map(String)
              : rows.map((r) => r.id).filter((id) => !model.ids.has(id));
          onSelectionChange(ids);
        }}
        columnVisibilityModel={visibility}
        slotProps={{
          loadingOverlay: { variant: 'linear-progress', noRowsVariant: 'skeleton' },
          // The checkbox column is not a column one chooses.
          columnsManagement: { getTogglableColumns: (cols) => cols.filter((c) => c.field !== '__check__').map((c) => c.field) },
        }}
        onColumnVisibilityModelChange={(model) => {
          const columns: Record<string, boolean> = {};
          for (const column of columnsDefs.map((c) => c.field)) {
            const visible = model[column] ?? true;
            if (visible !== (defaultHidden[column] ?? true)) columns[column] = visible;
          }
          onPrefsChange({ columns });
        }}
        density={prefs.density}
        onDensityChange={(density) => onPrefsChange({ density })}
        onCellClick={(params, event) => {
          if (params.field === '__check__') return;
          if ((event.target as HTMLElement).closest('a, button, input')) return;
          open(String(params.id));
        }}
        onCellKeyDown={(params, event) => {
          if (event.key !== 'Enter' || params.field === '__check__') return;
          if ((event.target as HTMLElement).closest('a, button, input')) return;
          event.preventDefault();
          open(String(params.id));
        }}
        getRowClassName={() => 'leads-grid-row'}
        sx={{
          border: 1,
          borderColor: 'divider',
          bgcolor: 'background.paper',
          '& .leads-grid-row': { cursor: 'pointer' },
          '& .MuiDataGrid-cell:focus-within, & .MuiDataGrid-cell:focus': {
            outline: (theme) => `2px solid ${theme.palette.primary.main}`,
            outlineOffset: -2,
          },
          '& .MuiDataGrid-columnHeader:focus, & .MuiDataGrid-columnHeader:focus-within': {
            outline: (theme) => `2px solid ${theme.palette.primary.main}`,
            outlineOffset: -2,
          },
        }}
      />
    </ToolbarExtrasContext.Provider>
  );
}
