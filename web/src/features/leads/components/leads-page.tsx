// /leads: search, filter and sort every lead the user may see, one server page at a time; select
// leads to reassign or export them; add a lead (also opened by /leads?new=1&phone=…, the address
// the screen pop and the command menu use); import or export CSV.
import AddIcon from '@mui/icons-material/Add';
import AssignmentIndIcon from '@mui/icons-material/AssignmentIndOutlined';
import CloseIcon from '@mui/icons-material/Close';
import DownloadIcon from '@mui/icons-material/FileDownloadOutlined';
import PeopleIcon from '@mui/icons-material/PeopleAltOutlined';
import SearchOffIcon from '@mui/icons-material/SearchOff';
import UploadFileIcon from '@mui/icons-material/UploadFileOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import IconButton from '@mui/material/IconButton';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link as RouterLink, useNavigate, useSearchParams } from 'react-router';
import { EmptyState } from '@/components/empty-state';
import { PageHeader } from '@/components/page-header';
import { ProblemAlert } from '@/components/problem-alert';
import { useCan } from '@/hooks/use-role';
import { useSessionUser } from '@/hooks/use-session';
import { useListLeadsQuery, type Lead, type LeadListParams } from '@/lib/leads-api';
import { formatBytes } from '../authorized-request';
import { useCursorPagination } from '../cursor-pagination';
import { useGridPrefs } from '../grid-prefs';
import {
  EMPTY_FILTERS,
  exportSearchParams,
  exportSelectionParams,
  filtersFromSearchParams,
  filtersToQuery,
  filtersToSearchParams,
  hasActiveFilters,
  queryKey,
  type LeadFilters,
} from '../lead-filters';
import { useAssignees } from '../use-assignees';
import { useLeadExport } from '../use-lead-export';
import { LeadSearchBox, useSlashToFocus } from './lead-search-box';
import { DEFAULT_HIDDEN, LeadsGrid } from './leads-grid';
import { LeadsFilterBar } from './leads-filter-bar';

// The dialogs load when first opened: the grid route downloads less (the new-lead form and its
// validation, the bulk reassign) and most visits open neither.
const NewLeadDialog = lazy(() => import('./new-lead-dialog').then((m) => ({ default: m.NewLeadDialog })));
const BulkReassignDialog = lazy(() =>
  import('./bulk-reassign-dialog').then((m) => ({ default: m.BulkReassignDialog })),
);

/** True from the first time `open` is true: a dialog stays mounted after that, to animate closing. */
function useOpenedOnce(open: boolean): boolean {
  const [opened, setOpened] = useState(open);
  if (open && !opened) setOpened(true);
  return opened || open;
}

const NO_SELECTION: string[] = [];
/** Agents see only their own leads: "Assigned to" would always say "You". */
const AGENT_HIDDEN = { ...DEFAULT_HIDDEN, assignedTo: false };

function sameArgs(a: LeadListParams | undefined, b: LeadListParams): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

function GridMessage({ children }: { children: React.ReactNode }) {
  return (
    <Box
      sx={{
        height: '100%',
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        justifyContent: 'center',
        textAlign: 'center',
        gap: 1,
        p: 3,
      }}
    >
      {children}
    </Box>
  );
}

/** An export in flight, in the grid's toolbar: bytes so far, and a way to stop it. */
function ExportStatus({
  label,
  bytes,
  total,
  onCancel,
}: {
  label: string;
  bytes: number;
  total: number | null;
  onCancel: () => void;
}) {
  return (
    <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center', minWidth: 0, flex: 1 }} role="status">
      <Typography variant="body2" noWrap sx={{ flexShrink: 0 }}>
        {label}… {formatBytes(bytes)}
        {total ? ` of ${formatBytes(total)}` : ' so far'}
      </Typography>
      <LinearProgress
        variant={total ? 'determinate' : 'indeterminate'}
        value={total ? Math.min(100, (bytes / total) * 100) : undefined}
        aria-label={`${label} progress`}
        sx={{ flex: 1, maxWidth: 220, minWidth: 60 }}
      />
      <Button onClick={onCancel} size="small">
        Cancel
      </Button>
    </Stack>
  );
}

export function LeadsPage() {
  const me = useSessionUser();
  const navigate = useNavigate();
  const canPickAssignee = useCan('leads.reassign');
  const canCreate = useCan('leads.create');
  const canImport = useCan('leads.import');
  const assignees = useAssignees();
  const [searchParams, setSearchParams] = useSearchParams();
  const searchInput = useRef<HTMLInputElement>(null);
  useSlashToFocus(searchInput);

  const filters = useMemo(
    () => filtersFromSearchParams(searchParams, { allowAssignee: canPickAssignee }),
    [searchParams, canPickAssignee],
  );
  const searching = filters.q !== '';
  const [prefs, updatePrefs] = useGridPrefs(me?.sub ?? 'signed-out');

  // ---- the page of leads -------------------------------------------------------------------
  const query = useMemo(() => filtersToQuery(filters), [filters]);
  const key = queryKey(query, prefs.pageSize);
  const pagination = useCursorPagination(key);
  const args = useMemo<LeadListParams>(
    () => ({ ...query, limit: prefs.pageSize, ...(pagination.cursor ? { cursor: pagination.cursor } : {}) }),
    [query, prefs.pageSize, pagination.cursor],
  );
  const list = useListLeadsQuery(args);
  // RTK Query serves only the latest arguments; a reply for older ones (a search typed further
  // meanwhile) is not shown either way.
  const page = list.currentData && sameArgs(list.originalArgs, args) ? list.currentData : undefined;

  const { loaded, page: pageIndex } = pagination;
  const cursor = pagination.cursor;
  useEffect(() => {
    if (!page) return;
    loaded({ key, page: pageIndex, cursor, itemCount: page.items.length, nextCursor: page.nextCursor });
  }, [page, key, pageIndex, cursor, loaded]);

  // While the reply to a new search or filter is on its way, the last rows stay under the grid's
  // progress bar instead of turning into skeletons and back: typing a search stays smooth.
  const previousRows = list.isFetching && !list.error ? list.data?.items : undefined;
  const rows = page?.items ?? previousRows ?? [];
  const loading = !page && !list.error;
  const firstPageEmpty = page !== undefined && pageIndex === 0 && rows.length === 0 && page.nextCursor === null;
  const nothingAtAll = firstPageEmpty && !hasActiveFilters(filters);

  // ---- filters in the URL ------------------------------------------------------------------
  const setFilters = useCallback(
    (patch: Partial<LeadFilters>, { replace = false }: { replace?: boolean } = {}) => {
      setSearchParams((current) => filtersToSearchParams({ ...filtersFromSearchParams(current, { allowAssignee: canPickAssignee }), ...patch }, current), { replace });
    },
    [setSearchParams, canPickAssignee],
  );
  const clearFilters = useCallback(
    () => setSearchParams((current) => filtersToSearchParams({ ...EMPTY_FILTERS, sort: filters.sort }, current)),
    [setSearchParams, filters.sort],
  );

  // ---- selection (the current page) ---------------------------------------------------------
  const [selectionState, setSelectionState] = useState<{ scope: string; ids: string[] }>({ scope: '', ids: [] });
  const scope = `${key}#${pageIndex}`;
  const selection = selectionState.scope === scope ? selectionState.ids : NO_SELECTION;
  const setSelection = useCallback((ids: string[]) => setSelectionState({ scope, ids }), [scope]);
  const selectedLeads = useMemo(() => rows.filter((lead) => selection.includes(lead.id)), [rows, selection]);
  const [reassignOpen, setReassignOpen] = useState(false);

  // ---- export --------------------------------------------------------------------------------
  const exporter = useLeadExport();
  const exporting = exporter.progress !== null;

  // ---- new lead (?new=1&phone=…) ---------------------------------------------------------------
  const newOpen = searchParams.get('new') === '1' && canCreate;
  const newPhone = searchParams.get('phone');
  const openNew = () =>
    setSearchParams((current) => {
      const next = new URLSearchParams(current);
      next.set('new', '1');
      return next;
    });
  const closeNew = () =>
    setSearchParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.delete('new');
        next.delete('phone');
        return next;
      },
      { replace: true },
    );
  // The new lead's page takes the place of "/leads?new=1", so Back does not reopen the form.
  const onCreated = (lead: Lead) => navigate(`/leads/${encodeURIComponent(lead.id)}`, { replace: true });

  // ---- what an empty grid says -----------------------------------------------------------------
  const noRows = list.error ? (
    <GridMessage>
      <Typography variant="h6" component="p">
        The leads could not be loaded
      </Typography>
      <Typography variant="body2" color="text.secondary">
        See the message above, then try again.
      </Typography>
    </GridMessage>
  ) : pagination.hopLimitReached ? (
    <GridMessage>
      <Typography variant="h6" component="p">
        No matches among the leads read so far
      </Typography>
      <Typography variant="body2" color="text.secondary">
        These filters match few leads. Keep looking further, or narrow the search.
      </Typography>
      <Button variant="contained" onClick={pagination.keepLooking} sx={{ mt: 1 }}>
        Keep looking
      </Button>
    </GridMessage>
  ) : (
    <GridMessage>
      <SearchOffIcon color="action" sx={{ fontSize: 40 }} aria-hidden="true" />
      <Typography variant="h6" component="p">
        {searching ? `No leads match “${filters.q}”` : 'No leads match these filters'}
      </Typography>
      <Typography variant="body2" color="text.secondary">
        {searching
          ? 'Check the spelling, search by phone digits or email, or clear the filters.'
          : 'Try other filters, or clear them to see every lead.'}
      </Typography>
      <Button variant="outlined" onClick={clearFilters} sx={{ mt: 1 }}>
        Clear filters
      </Button>
    </GridMessage>
  );

  const toolbarStart = exporter.progress ? (
    <ExportStatus {...exporter.progress} onCancel={exporter.cancel} />
  ) : selection.length > 0 ? (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }} role="group" aria-label="Selected leads">
      <Typography variant="body2" sx={{ fontWeight: 600, mr: 0.5 }}>
        {selection.length} selected
      </Typography>
      {canPickAssignee ? (
        <Button size="small" startIcon={<AssignmentIndIcon />} onClick={() => setReassignOpen(true)}>
          Reassign
        </Button>
      ) : null}
      <Button
        size="small"
        startIcon={<DownloadIcon />}
        disabled={exporting}
        onClick={() => void exporter.start(exportSelectionParams(selection), 'Exporting the selection')}
      >
        Export selection
      </Button>
      <Tooltip title="Clear selection">
        <IconButton size="small" aria-label="Clear selection" onClick={() => setSelection([])}>
          <CloseIcon fontSize="small" />
        </IconButton>
      </Tooltip>
    </Stack>
  ) : searching ? (
    <Typography variant="body2" color="text.secondary">
      Best matches first
    </Typography>
  ) : null;

  const headerActions = (
    <>
      <Button
        variant="outlined"
        startIcon={<DownloadIcon />}
        disabled={exporting || nothingAtAll}
        onClick={() =>
          void exporter.start(
            exportSearchParams(filters),
            hasActiveFilters(filters) ? 'Exporting the matching leads' : 'Exporting every lead',
          )
        }
      >
        Export
      </Button>
      {canImport ? (
        <Button variant="outlined" startIcon={<UploadFileIcon />} component={RouterLink} to="/leads/import">
          Import CSV
        </Button>
      ) : null}
      {canCreate ? (
        <Button variant="contained" startIcon={<AddIcon />} onClick={openNew}>
          New lead
        </Button>
      ) : null}
    </>
  );

  const reassignMounted = useOpenedOnce(reassignOpen);
  const newMounted = useOpenedOnce(newOpen);

  const retry = () => {
    if (pageIndex > 0) pagination.goTo(0);
    else void list.refetch();
  };

  return (
    <>
      <PageHeader
        title="Leads"
        subtitle={
          canPickAssignee
            ? 'Every lead in the office. Press / to search.'
            : 'The leads assigned to you. Press / to search.'
        }
        actions={headerActions}
      />

      {nothingAtAll ? (
        <EmptyState
          icon={<PeopleIcon />}
          title="No leads yet"
          description={
            canPickAssignee
              ? 'Add the first lead by hand, or import a CSV file of leads from another system.'
              : 'No leads are assigned to you yet. Add one by hand, or import a CSV file.'
          }
          action={
            <Stack direction="row" spacing={1.5} sx={{ justifyContent: 'center' }}>
              {canCreate ? (
                <Button variant="contained" startIcon={<AddIcon />} onClick={openNew}>
                  New lead
                </Button>
              ) : null}
              {canImport ? (
                <Button variant="outlined" startIcon={<UploadFileIcon />} component={RouterLink} to="/leads/import">
                  Import CSV
                </Button>
              ) : null}
            </Stack>
          }
        />
      ) : (
        <Stack spacing={2}>
          <Card sx={{ p: 2 }}>
            <LeadsFilterBar
              search={
                <LeadSearchBox
                  value={filters.q}
                  onSearch={(q) => setFilters({ q }, { replace: true })}
                  searching={searching && list.isFetching}
                  inputRef={searchInput}
                />
              }
              filters={filters}
              onChange={(patch) => setFilters(patch)}
              onClear={clearFilters}
              assignees={assignees}
            />
          </Card>

          {list.error && !page ? <ProblemAlert error={list.error} onRetry={retry} /> : null}

          <Box
            sx={{ height: { xs: 560, md: 'max(384px, calc(100vh - 336px))' }, minHeight: 0 }}
            // The search whose reply the grid shows, and whether a reply for the current one is
            // still on its way: what browser tests and timings wait for.
            data-shown-query={page ? (list.originalArgs?.q ?? '') : undefined}
            data-reply={page ? 'shown' : 'pending'}
          >
            <LeadsGrid
              rows={rows}
              loading={loading || pagination.hopping}
              page={pageIndex}
              hasNextPage={page ? pagination.hasNextPage : null}
              lastRowCount={page && !pagination.hasNextPage ? pageIndex * prefs.pageSize + rows.length : null}
              onPageChange={pagination.goTo}
              sort={filters.sort}
              searching={searching}
              onSortChange={(sort) => setFilters({ sort })}
              prefs={prefs}
              onPrefsChange={updatePrefs}
              selection={selection}
              onSelectionChange={setSelection}
              nameOf={assignees.nameOf}
              noRows={noRows}
              toolbarStart={toolbarStart}
              defaultHidden={canPickAssignee ? DEFAULT_HIDDEN : AGENT_HIDDEN}
            />
          </Box>
        </Stack>
      )}

      {canPickAssignee && reassignMounted ? (
        <Suspense fallback={null}>
          <BulkReassignDialog
            open={reassignOpen}
            leads={selectedLeads}
            assignees={assignees}
            onClose={() => setReassignOpen(false)}
            onFinished={(ids) => setSelection(selection.filter((id) => !ids.includes(id)))}
          />
        </Suspense>
      ) : null}

      {newMounted ? (
        <Suspense fallback={null}>
          <NewLeadDialog open={newOpen} initialPhone={newPhone} onClose={closeNew} onCreated={onCreated} />
        </Suspense>
      ) : null}
    </>
  );
}
