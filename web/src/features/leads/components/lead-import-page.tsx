// /leads/import: choose or drop a CSV file, check it with a dry run (counts and row errors), then
// import it for real with a progress bar that follows the server's work.
import DownloadIcon from '@mui/icons-material/FileDownloadOutlined';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Breadcrumbs from '@mui/material/Breadcrumbs';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Checkbox from '@mui/material/Checkbox';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormLabel from '@mui/material/FormLabel';
import LinearProgress from '@mui/material/LinearProgress';
import Link from '@mui/material/Link';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import Step from '@mui/material/Step';
import StepLabel from '@mui/material/StepLabel';
import Stepper from '@mui/material/Stepper';
import Typography from '@mui/material/Typography';
import { useEffect, useId, useRef } from 'react';
import { Link as RouterLink, useBlocker, useNavigate } from 'react-router';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { PageHeader } from '@/components/page-header';
import { ProblemAlert } from '@/components/problem-alert';
import { formatBytes } from '../authorized-request';
import { saveBlob } from '../csv-download';
import { errorsFileName, importErrorsToCsv } from '../import-errors-csv';
import {
  importStep,
  jobErrors,
  jobProgress,
  rowsToWrite,
  type ImportState,
  type OnDuplicate,
} from '../import-flow';
import type { ImportJob } from '../leads-feature-api';
import { useLeadImport } from '../use-lead-import';
import { CsvDropZone } from './csv-drop-zone';
import { ImportErrorsTable } from './import-errors-table';

const STEPS = ['Choose a file', 'Check it (dry run)', 'Import'];

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString()} ${count === 1 ? one : many}`;
}

/** A labelled determinate bar (the label is also its accessible name). */
function LabelledProgress({ label, value, detail }: { label: string; value: number; detail?: string }) {
  const id = useId();
  return (
    <Box>
      <Stack direction="row" sx={{ justifyContent: 'space-between', mb: 0.75, gap: 2 }}>
        <Typography id={id} variant="body2">
          {label}
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ fontVariantNumeric: 'tabular-nums' }}>
          {detail ?? `${Math.floor(value)}%`}
        </Typography>
      </Stack>
      <LinearProgress
        variant="determinate"
        value={value}
        aria-labelledby={id}
        sx={{ height: 8, borderRadius: 4 }}
      />
    </Box>
  );
}

function Counts({ job, dryRun }: { job: ImportJob; dryRun: boolean }) {
  const items: [string, number, 'success' | 'info' | 'warning' | 'error' | 'text'][] = [
    [dryRun ? 'Would create' : 'Created', job.created, 'success'],
    [dryRun ? 'Would update' : 'Updated', job.updated, 'info'],
    ['Skipped (duplicates)', job.skipped, 'text'],
    ['Unchanged', job.unchanged, 'text'],
    ['Rows with errors', job.errorCount, job.errorCount > 0 ? 'error' : 'text'],
  ];
  return (
    <Box
      component="dl"
      sx={{
        m: 0,
        display: 'grid',
        gap: 1.5,
        gridTemplateColumns: { xs: 'repeat(2, 1fr)', sm: 'repeat(5, 1fr)' },
      }}
    >
      {items.map(([label, value, color]) => (
        <Box
          key={label}
          sx={{ border: 1, borderColor: 'divider', borderRadius: 1.5, px: 1.5, py: 1, bgcolor: 'background.paper' }}
        >
          <Typography component="dt" variant="caption" color="text.secondary">
            {label}
          </Typography>
          <Typography
            component="dd"
            variant="h5"
            sx={{
              m: 0,
              fontVariantNumeric: 'tabular-nums',
              color: color === 'text' ? 'text.primary' : `${color}.main`,
            }}
          >
            {value.toLocaleString()}
          </Typography>
        </Box>
      ))}
    </Box>
  );
}

function ErrorsReport({ job, fileName }: { job: ImportJob; fileName: string | undefined }) {
  const errors = jobErrors(job);
  if (errors.length === 0) return null;
  const download = () =>
    saveBlob(new Blob([importErrorsToCsv(errors)], { type: 'text/csv;charset=utf-8' }), errorsFileName(fileName));
  return (
    <Box>
      <Stack
        direction="row"
        sx={{ alignItems: 'center', justifyContent: 'space-between', mb: 1, gap: 2, flexWrap: 'wrap' }}
      >
        <Typography variant="h6" component="h3">
          Row errors ({errors.length.toLocaleString()})
        </Typography>
        <Button startIcon={<DownloadIcon />} onClick={download}>
          Download errors as CSV
        </Button>
      </Stack>
      <ImportErrorsTable errors={errors} caption="Rows with errors" />
    </Box>
  );
}

function ProgressPanel({ state, onCancel }: { state: ImportState; onCancel: () => void }) {
  if (state.phase === 'uploading') {
    const percent = state.total > 0 ? (state.loaded / state.total) * 100 : 0;
    return (
      <Stack spacing={2}>
        <LabelledProgress
          label={`Uploading ${state.file?.name ?? 'the file'}…`}
          value={percent}
          detail={`${formatBytes(state.loaded)} of ${formatBytes(state.total)}`}
        />
        <Box>
          <Button onClick={onCancel}>Cancel upload</Button>
        </Box>
      </Stack>
    );
  }
  if (state.phase === 'running') {
    const { percent, label } = jobProgress(state.job);
    return (
      <Stack spacing={2} aria-live="polite">
        <LabelledProgress
          label={state.run === 'dryRun' ? `Checking… ${label}` : `Importing… ${label}`}
          value={percent}
        />
        <Counts job={state.job} dryRun={state.run === 'dryRun'} />
        {state.job.indexing ? (
          <Typography variant="body2" color="text.secondary">
            Every row is written; search is catching up. The new leads appear in search results in a moment.
          </Typography>
        ) : null}
      </Stack>
    );
  }
  return null;
}

export function LeadImportPage() {
  const navigate = useNavigate();
  const optionsId = useId();
  const { state, chooseFile, setOptions, start, cancelUpload, reset, pollTrouble } = useLeadImport();
  const busy = state.phase === 'uploading' || state.phase === 'running';
  const step = importStep(state);

  // Bring each new stage (progress, the dry run's report, the summary) into view.
  const stage = useRef<HTMLDivElement>(null);
  const stageName = state.phase === 'running' ? 'uploading' : state.phase;
  useEffect(() => {
    if (stageName === 'idle' || stageName === 'ready') return;
    const reduce = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    stage.current?.scrollIntoView?.({ behavior: reduce ? 'auto' : 'smooth', block: 'start' });
  }, [stageName]);

  // In-app navigation during an upload asks first; a reload or tab close gets the browser's prompt.
  const blocker = useBlocker(state.phase === 'uploading');
  useEffect(() => {
    if (state.phase !== 'uploading') return undefined;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [state.phase]);

  return (
    <>
      <PageHeader
        title="Import leads"
        documentTitle="Import leads"
        subtitle="Check a CSV file first (nothing is written), then import it. Duplicates are found by id, email or phone."
        breadcrumbs={
          <Breadcrumbs aria-label="Breadcrumb">
            <Link component={RouterLink} to="/leads" underline="hover" color="inherit">
              Leads
            </Link>
            <Typography color="text.primary">Import CSV</Typography>
          </Breadcrumbs>
        }
      />

      <Stepper activeStep={step} alternativeLabel sx={{ mb: 3 }} aria-label="Import steps">
        {STEPS.map((label) => (
          <Step key={label}>
            <StepLabel>{label}</StepLabel>
          </Step>
        ))}
      </Stepper>

      <Stack spacing={3}>
        <Card>
          <CardContent sx={{ p: { xs: 2, sm: 3 } }}>
            <Stack spacing={3}>
              <CsvDropZone file={state.file} error={state.fileError} disabled={busy} onFile={chooseFile} />

              <Stack direction={{ xs: 'column', md: 'row' }} spacing={3}>
                <FormControl disabled={busy}>
                  <FormLabel id={optionsId}>When a row matches a lead you already have</FormLabel>
                  <RadioGroup
                    aria-labelledby={optionsId}
                    value={state.options.onDuplicate}
                    onChange={(event) => setOptions({ onDuplicate: event.target.value as OnDuplicate })}
                  >
                    <FormControlLabel value="skip" control={<Radio />} label="Skip the row" />
                    <FormControlLabel
                      value="update"
                      control={<Radio />}
                      label="Update the lead with the row's filled-in cells"
                    />
                  </RadioGroup>
                </FormControl>
                <FormControl disabled={busy}>
                  <FormLabel component="span">Columns</FormLabel>
                  <FormControlLabel
                    control={
                      <Checkbox
                        checked={state.options.strict}
                        onChange={(event) => setOptions({ strict: event.target.checked })}
                      />
                    }
                    label="Treat unknown columns as errors"
                  />
                </FormControl>
              </Stack>

              <Stack direction="row" spacing={1.5} sx={{ flexWrap: 'wrap' }}>
                <Button
                  variant={state.phase === 'checked' ? 'outlined' : 'contained'}
                  onClick={() => start('dryRun')}
                  disabled={!state.file || busy}
                  loading={busy && state.run === 'dryRun'}
                >
                  {state.phase === 'checked' || state.phase === 'done' ? 'Check again' : 'Check file'}
                </Button>
                {state.file && !busy ? (
                  <Button onClick={reset} color="inherit">
                    Start over
                  </Button>
                ) : null}
              </Stack>
            </Stack>
          </CardContent>
        </Card>

        <Box ref={stage} sx={{ scrollMarginTop: (theme) => theme.spacing(10), '&:empty': { display: 'none' } }}>
          {busy ? (
            <Card>
              <CardContent sx={{ p: { xs: 2, sm: 3 } }}>
                <Typography variant="h6" component="h2" sx={{ mb: 2 }}>
                  {state.run === 'dryRun' ? 'Checking the file' : 'Importing'}
                </Typography>
                {pollTrouble ? (
                  <Alert severity="warning" sx={{ mb: 2 }}>
                    Can't reach the server for progress right now; still trying. The import goes on at the server.
                  </Alert>
                ) : null}
                <ProgressPanel state={state} onCancel={cancelUpload} />
              </CardContent>
            </Card>
          ) : null}

          {state.phase === 'checked' ? (
            <Card>
              <CardContent sx={{ p: { xs: 2, sm: 3 } }}>
                <Stack spacing={2.5}>
                  <Typography variant="h6" component="h2">
                    Dry run: nothing was written
                  </Typography>
                  <Alert severity={state.dryRun.errorCount > 0 ? 'warning' : 'success'}>
                    {plural(state.dryRun.totalRows ?? state.dryRun.rowsDone, 'row')} checked.{' '}
                    {state.dryRun.errorCount > 0
                      ? `${plural(state.dryRun.errorCount, 'row')} with errors will be left out; fix them and import them later.`
                      : 'No errors found.'}
                  </Alert>
                  <Counts job={state.dryRun} dryRun />
                  <ErrorsReport job={state.dryRun} fileName={state.file?.name} />
                  <Box>
                    <Button
                      variant="contained"
                      size="large"
                      onClick={() => start('import')}
                      disabled={rowsToWrite(state.dryRun) === 0}
                    >
                      {rowsToWrite(state.dryRun) === 0
                        ? 'Nothing to import'
                        : `Import ${plural(rowsToWrite(state.dryRun), 'lead')}`}
                    </Button>
                  </Box>
                </Stack>
              </CardContent>
            </Card>
          ) : null}

          {state.phase === 'done' ? (
            <Card>
              <CardContent sx={{ p: { xs: 2, sm: 3 } }}>
                <Stack spacing={2.5}>
                  <Alert severity={state.job.errorCount > 0 ? 'warning' : 'success'}>
                    <AlertTitle>Import finished</AlertTitle>
                    {plural(state.job.created, 'lead')} created and {plural(state.job.updated, 'lead')} updated
                    {state.job.errorCount > 0 ? `; ${plural(state.job.errorCount, 'row')} left out because of errors.` : '.'}
                  </Alert>
                  <Counts job={state.job} dryRun={false} />
                  <ErrorsReport job={state.job} fileName={state.file?.name} />
                  <Stack direction="row" spacing={1.5}>
                    <Button variant="contained" onClick={() => navigate('/leads')}>
                      View leads
                    </Button>
                    <Button onClick={reset}>Import another file</Button>
                  </Stack>
                </Stack>
              </CardContent>
            </Card>
          ) : null}

          {state.phase === 'failed' ? (
            <Card>
              <CardContent sx={{ p: { xs: 2, sm: 3 } }}>
                <Stack spacing={2}>
                  <ProblemAlert
                    error={state.error ?? { status: 'CUSTOM_ERROR', error: 'The import failed.' }}
                    title={state.run === 'dryRun' ? 'The check failed' : 'The import failed'}
                  />
                  {state.run === 'import' && state.job ? (
                    <Typography variant="body2" color="text.secondary">
                      Batches written before the failure stay written ({plural(state.job.created, 'lead')} created,{' '}
                      {plural(state.job.updated, 'lead')} updated). Importing the file again finds them as duplicates.
                    </Typography>
                  ) : null}
                  <Stack direction="row" spacing={1.5}>
                    <Button variant="contained" onClick={() => start(state.run)} disabled={!state.file}>
                      Try again
                    </Button>
                    <Button onClick={reset}>Start over</Button>
                  </Stack>
                </Stack>
              </CardContent>
            </Card>
          ) : null}
        </Box>
      </Stack>

      <ConfirmDialog
        open={blocker.state === 'blocked'}
        title="Cancel the upload?"
        description="The file is still uploading. Leaving this page cancels it; nothing is imported."
        confirmLabel="Leave"
        cancelLabel="Stay"
        destructive
        onConfirm={() => blocker.proceed?.()}
        onCancel={() => blocker.reset?.()}
      />
    </>
  );
}
