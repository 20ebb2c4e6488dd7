// The Documents tab: drop several files at once (or browse), pick each one's category (guessed
// from its name), and send them straight to the blob store, one progress bar per file; then
// the lead's documents with their status (pending while the server checks the upload,
// available, or rejected with the reason), previews of images and PDFs, download, rename and
// recategorise, delete. The claim documents the stage gate wants are summed up on top.
import CheckCircleIcon from '@mui/icons-material/CheckCircleOutlined';
import CloudUploadIcon from '@mui/icons-material/CloudUploadOutlined';
import DeleteIcon from '@mui/icons-material/DeleteOutlined';
import DescriptionIcon from '@mui/icons-material/DescriptionOutlined';
import DownloadIcon from '@mui/icons-material/DownloadOutlined';
import EditIcon from '@mui/icons-material/EditOutlined';
import ErrorIcon from '@mui/icons-material/ErrorOutlineOutlined';
import ImageIcon from '@mui/icons-material/ImageOutlined';
import PictureAsPdfIcon from '@mui/icons-material/PictureAsPdfOutlined';
import RadioButtonUncheckedIcon from '@mui/icons-material/RadioButtonUnchecked';
import VisibilityIcon from '@mui/icons-material/VisibilityOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import LinearProgress from '@mui/material/LinearProgress';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { alpha } from '@mui/material/styles';
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { DOCUMENT_CATEGORIES, documentCategoryLabel, guessDocumentCategory } from '@/components/document-categories';
import { EmptyState } from '@/components/empty-state';
import { ProblemAlert } from '@/components/problem-alert';
import { useToast } from '@/components/toast-context';
import {
  useCreateDocumentMutation,
  useDeleteDocumentMutation,
  useDocumentDownloadUrlMutation,
  useListLeadDocumentsQuery,
  type DocumentCategory,
  type LeadDocument,
} from '../documents-api';
import { formatBytes } from '../lib/format-bytes';
import { putToPresignedUrl, UploadFailed } from '../lib/presigned-upload';
import { DocumentEditDialog } from './document-edit-dialog';
import { DocumentPreviewDialog } from './document-preview-dialog';
import type { LeadTabProps } from './lead-tab-types';
import { RelativeTime } from './relative-time';

/** The server's default limit; a larger file is refused before anything is sent. */
export const MAX_DOCUMENT_BYTES = 100 * 1024 * 1024;

interface Staged {
  key: string;
  file: File;
  category: DocumentCategory;
  state: 'ready' | 'uploading' | 'done' | 'failed';
  progress: number;
  error?: string;
}

let stagedCounter = 0;

function fileIcon(type: string | null | undefined) {
  if (type === 'application/pdf') return <PictureAsPdfIcon />;
  if (type?.startsWith('image/')) return <ImageIcon />;
  return <DescriptionIcon />;
}

function StatusChip({ document }: { document: LeadDocument }) {
  if (document.status === 'available') return <Chip size="small" color="success" variant="outlined" label="Available" />;
  if (document.status === 'rejected') {
    return (
      <Tooltip title={document.rejectionReason ?? 'Rejected'}>
        <Chip size="small" color="error" variant="outlined" icon={<ErrorIcon />} label="Rejected" />
      </Tooltip>
    );
  }
  return <Chip size="small" variant="outlined" label="Checking…" />;
}

function ClaimDocuments({ documents }: { documents: LeadDocument[] }) {
  const available = new Set(documents.filter((d) => d.status === 'available').map((d) => d.category));
  const items = [
    { label: 'Letter of representation', ok: available.has('lor') },
    { label: 'Policy or declarations page', ok: available.has('policy') || available.has('declarations_page') },
  ];
  const complete = items.every((i) => i.ok);
  return (
    <Paper
      variant="outlined"
      data-testid="claim-documents"
      sx={{ p: 1.5, display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap' }}
    >
      <Typography variant="subtitle2" sx={{ mr: 1 }}>
        {complete ? 'Claim documents complete' : 'Needed to file the claim'}
      </Typography>
      {items.map((item) => (
        <Stack key={item.label} direction="row" spacing={0.5} sx={{ alignItems: 'center' }}>
          {item.ok ? (
            <CheckCircleIcon fontSize="small" color="success" aria-hidden="true" />
          ) : (
            <RadioButtonUncheckedIcon fontSize="small" color="disabled" aria-hidden="true" />
          )}
          <Typography variant="body2">
            {item.label}
            <Box component="span" sx={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>
              {item.ok ? ' (available)' : ' (missing)'}
            </Box>
          </Typography>
        </Stack>
      ))}
    </Paper>
  );
}

export function DocumentsTab({ lead, readOnly }: LeadTabProps) {
  // While the server checks an upload, the list is asked again every 1.5 s.
  const [polling, setPolling] = useState(false);
  const { data, error, isLoading, refetch } = useListLeadDocumentsQuery(lead.id, {
    pollingInterval: polling ? 1500 : 0,
  });
  const documents = data?.items ?? [];
  const anyPending = documents.some((d) => d.status === 'pending');
  useEffect(() => setPolling(anyPending), [anyPending]);

  const [staged, setStaged] = useState<Staged[]>([]);
  const [dragging, setDragging] = useState(false);
  const [preview, setPreview] = useState<LeadDocument | null>(null);
  const [editing, setEditing] = useState<LeadDocument | null>(null);
  const [deleting, setDeleting] = useState<LeadDocument | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const [createDocument] = useCreateDocumentMutation();
  const [deleteDocument, deleteState] = useDeleteDocumentMutation();
  const [downloadUrl] = useDocumentDownloadUrlMutation();
  const toast = useToast();

  const stage = (files: FileList | File[]) => {
    const added = Array.from(files).map<Staged>((file) => {
      const tooLarge = file.size > MAX_DOCUMENT_BYTES;
      const empty = file.size === 0;
      return {
        key: `staged-${++stagedCounter}`,
        file,
        category: guessDocumentCategory(file.name, file.type),
        state: tooLarge || empty ? 'failed' : 'ready',
        progress: 0,
        error: tooLarge
          ? `Larger than ${formatBytes(MAX_DOCUMENT_BYTES)}.`
          : empty
            ? 'The file is empty.'
            : undefined,
      };
    });
    setStaged((list) => [...list.filter((s) => s.state !== 'done'), ...added]);
  };

  const update = (key: string, change: Partial<Staged>) =>
    setStaged((list) => list.map((s) => (s.key === key ? { ...s, ...change } : s)));

  const uploadOne = async (item: Staged): Promise<boolean> => {
    update(item.key, { state: 'uploading', progress: 0, error: undefined });
    try {
      const created = await createDocument({
        leadId: lead.id,
        document: {
          fileName: item.file.name,
          contentType: item.file.type || 'application/octet-stream',
          sizeBytes: item.file.size,
          category: item.category,
        },
      }).unwrap();
      await putToPresignedUrl(created.upload, item.file, (progress) => update(item.key, { progress }));
      update(item.key, { state: 'done', progress: 1 });
      setPolling(true);
      return true;
    } catch (e) {
      const message =
        e instanceof UploadFailed
          ? e.message
          : ((e as { data?: { detail?: string } })?.data?.detail ?? 'The document could not be created.');
      update(item.key, { state: 'failed', error: message });
      return false;
    }
  };

  const uploadAll = async () => {
    const ready = staged.filter((s) => s.state === 'ready');
    const sent = (await Promise.all(ready.map(uploadOne))).filter(Boolean).length;
    await refetch();
    // What went up is in the list now (being checked); what failed stays, with its reason.
    setStaged((list) => list.filter((s) => s.state !== 'done'));
    if (sent > 0) toast.success(sent === 1 ? 'Uploaded; checking it now.' : `${sent} files uploaded; checking them now.`);
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (!readOnly && event.dataTransfer.files.length > 0) stage(event.dataTransfer.files);
  };

  const download = async (document: LeadDocument) => {
    try {
      const { url } = await downloadUrl({ id: document.id, disposition: 'attachment' }).unwrap();
      const link = window.document.createElement('a');
      link.href = url;
      link.rel = 'noopener';
      link.click();
    } catch {
      toast.error('The download link could not be made.');
    }
  };

  const confirmDelete = async () => {
    if (!deleting) return;
    try {
      await deleteDocument({ leadId: lead.id, id: deleting.id }).unwrap();
      toast.success('Document deleted.');
      setDeleting(null);
    } catch {
      // Shown in the dialog.
    }
  };

  const readyCount = staged.filter((s) => s.state === 'ready').length;
  const uploading = staged.some((s) => s.state === 'uploading');

  return (
    <Stack spacing={2.5}>
      {data ? <ClaimDocuments documents={documents} /> : null}
      {readOnly ? null : (
        <Paper
          variant="outlined"
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          data-testid="document-drop-zone"
          sx={(theme) => ({
            p: 3,
            borderStyle: 'dashed',
            borderWidth: 2,
            borderColor: dragging ? 'primary.main' : 'divider',
            bgcolor: dragging ? alpha(theme.palette.primary.main, 0.06) : 'transparent',
            textAlign: 'center',
            transition: theme.transitions.create(['border-color', 'background-color']),
          })}
        >
          <CloudUploadIcon color="action" sx={{ fontSize: 36 }} aria-hidden="true" />
          <Typography variant="body1" sx={{ mt: 0.5 }}>
            Drag files here, or{' '}
            <Button size="small" onClick={() => inputRef.current?.click()} sx={{ verticalAlign: 'baseline' }}>
              browse
            </Button>
          </Typography>
          <Typography variant="body2" color="text.secondary">
            PDF, photos (JPEG, PNG, HEIC, TIFF), Word, Excel, text and e-mail files up to {formatBytes(MAX_DOCUMENT_BYTES)}
          </Typography>
          <input
            ref={inputRef}
            type="file"
            multiple
            hidden
            aria-label="Choose files to upload"
            onChange={(e) => {
              if (e.target.files) stage(e.target.files);
              e.target.value = '';
            }}
          />
        </Paper>
      )}

      {staged.length > 0 ? (
        <Paper variant="outlined" sx={{ p: 2 }} aria-label="Files to upload" component="section">
          <Stack spacing={1.5}>
            {staged.map((item) => (
              <Box key={item.key} data-testid="staged-file">
                <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
                  <Box sx={{ flex: 1, minWidth: 0 }}>
                    <Typography variant="body2" noWrap title={item.file.name} sx={{ fontWeight: 500 }}>
                      {item.file.name}
                    </Typography>
                    <Typography variant="caption" color={item.error ? 'error' : 'text.secondary'}>
                      {item.error ??
                        (item.state === 'done'
                          ? 'Uploaded; being checked'
                          : item.state === 'uploading'
                            ? `Uploading… ${Math.round(item.progress * 100)}%`
                            : formatBytes(item.file.size))}
                    </Typography>
                  </Box>
                  {item.state === 'ready' || item.state === 'failed' ? (
                    <Button
                      size="small"
                      color="inherit"
                      onClick={() => setStaged((list) => list.filter((s) => s.key !== item.key))}
                    >
                      Remove
                    </Button>
                  ) : null}
                </Stack>
                <TextField
                  select
                  size="small"
                  fullWidth
                  label="Category"
                  value={item.category}
                  disabled={item.state !== 'ready' && item.state !== 'failed'}
                  onChange={(e) => update(item.key, { category: e.target.value as DocumentCategory })}
                  sx={{ mt: 1 }}
                >
                  {DOCUMENT_CATEGORIES.map((c) => (
                    <MenuItem key={c} value={c}>
                      {documentCategoryLabel(c)}
                    </MenuItem>
                  ))}
                </TextField>
                <LinearProgress
                  variant="determinate"
                  value={Math.round(item.progress * 100)}
                  color={item.state === 'failed' ? 'error' : item.state === 'done' ? 'success' : 'primary'}
                  aria-label={`Upload of ${item.file.name}`}
                  sx={{ mt: 1, height: 6, borderRadius: 3 }}
                />
              </Box>
            ))}
            <Stack direction="row" spacing={1} sx={{ justifyContent: 'flex-end' }}>
              <Button color="inherit" onClick={() => setStaged([])} disabled={uploading}>
                Clear
              </Button>
              <Button variant="contained" onClick={() => void uploadAll()} disabled={readyCount === 0} loading={uploading}>
                {readyCount > 1 ? `Upload ${readyCount} files` : 'Upload'}
              </Button>
            </Stack>
          </Stack>
        </Paper>
      ) : null}

      {error ? <ProblemAlert error={error} onRetry={() => void refetch()} /> : null}
      {isLoading ? (
        <Stack spacing={1}>
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} variant="rounded" height={56} />
          ))}
        </Stack>
      ) : data && documents.length === 0 ? (
        <EmptyState
          icon={<DescriptionIcon />}
          title="No documents yet"
          description="The letter of representation, the policy or its declarations page, photos and estimates belong here."
          dense
        />
      ) : (
        <Stack component="ul" spacing={1} sx={{ listStyle: 'none', m: 0, p: 0 }} aria-label="Documents">
          {documents.map((document) => {
            const available = document.status === 'available';
            const previewable =
              available &&
              (document.contentType === 'application/pdf' || document.contentType?.startsWith('image/'));
            return (
              <Paper
                component="li"
                key={document.id}
                variant="outlined"
                data-testid="document-row"
                data-status={document.status}
                sx={{ p: 1.5 }}
              >
                <Stack direction="row" spacing={1.5} sx={{ alignItems: 'flex-start' }}>
                  <Box sx={{ color: 'text.secondary', display: 'flex', pt: 0.25 }} aria-hidden="true">
                    {fileIcon(document.contentType ?? document.declaredContentType)}
                  </Box>
                  <Box sx={{ flex: 1, minWidth: 0 }}>
                    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                      <Typography variant="body2" noWrap title={document.fileName} sx={{ fontWeight: 500, flex: 1, minWidth: 0 }}>
                        {document.fileName}
                      </Typography>
                      <StatusChip document={document} />
                    </Stack>
                    <Typography variant="caption" color="text.secondary" component="p">
                      {documentCategoryLabel(document.category)} · {formatBytes(document.sizeBytes)} · added{' '}
                      <RelativeTime value={document.createdAt} />
                    </Typography>
                    {document.status === 'pending' ? (
                      <LinearProgress sx={{ mt: 0.75, height: 3, borderRadius: 2 }} aria-label="Being checked" />
                    ) : null}
                    {document.status === 'rejected' && document.rejectionReason ? (
                      <Typography variant="caption" color="error" component="p">
                        {document.rejectionReason}
                      </Typography>
                    ) : null}
                  </Box>
                </Stack>
                {available || !readOnly ? (
                  <Stack direction="row" spacing={0.25} sx={{ justifyContent: 'flex-end', mt: 0.5, mb: -0.75, mr: -0.75 }}>
                    {previewable ? (
                      <Tooltip title="Preview">
                        <IconButton size="small" aria-label={`Preview ${document.fileName}`} onClick={() => setPreview(document)}>
                          <VisibilityIcon fontSize="small" />
                        </IconButton>
                      </Tooltip>
                    ) : null}
                    {available ? (
                      <Tooltip title="Download">
                        <IconButton size="small" aria-label={`Download ${document.fileName}`} onClick={() => void download(document)}>
                          <DownloadIcon fontSize="small" />
                        </IconButton>
                      </Tooltip>
                    ) : null}
                    {readOnly ? null : (
                      <>
                        <Tooltip title="Rename or recategorise">
                          <IconButton size="small" aria-label={`Edit ${document.fileName}`} onClick={() => setEditing(document)}>
                            <EditIcon fontSize="small" />
                          </IconButton>
                        </Tooltip>
                        <Tooltip title="Delete">
                          <IconButton size="small" aria-label={`Delete ${document.fileName}`} onClick={() => setDeleting(document)}>
                            <DeleteIcon fontSize="small" />
                          </IconButton>
                        </Tooltip>
                      </>
                    )}
                  </Stack>
                ) : null}
              </Paper>
            );
          })}
        </Stack>
      )}

      <DocumentPreviewDialog document={preview} onClose={() => setPreview(null)} />
      <DocumentEditDialog leadId={lead.id} document={editing} onClose={() => setEditing(null)} />
      <ConfirmDialog
        open={deleting !== null}
        title="Delete this document?"
        description={
          lead.legalHold ? (
            <Alert severity="warning">The lead is under legal hold: its documents cannot be deleted.</Alert>
          ) : (
            <>
              <strong>{deleting?.fileName}</strong> and its file will be deleted. The timeline keeps a record of it.
            </>
          )
        }
        confirmLabel="Delete"
        destructive
        loading={deleteState.isLoading}
        error={deleteState.error}
        onConfirm={() => void confirmDelete()}
        onCancel={() => {
          setDeleting(null);
          deleteState.reset();
        }}
      />
    </Stack>
  );
}
