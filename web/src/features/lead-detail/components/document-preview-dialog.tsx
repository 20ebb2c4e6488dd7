// A preview of an image or a PDF in the page: the bytes come through a short-lived presigned
// URL (audited like any download) and are shown from a blob: URL, so the file is never framed
// from the server (whose replies forbid framing) and the link is gone when the dialog closes.
import CloseIcon from '@mui/icons-material/Close';
import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import IconButton from '@mui/material/IconButton';
import { useEffect, useState } from 'react';
import { ProblemAlert } from '@/components/problem-alert';
import { useDocumentDownloadUrlMutation, type LeadDocument } from '../documents-api';

export function DocumentPreviewDialog({ document, onClose }: { document: LeadDocument | null; onClose: () => void }) {
  const [downloadUrl] = useDocumentDownloadUrlMutation();
  const [objectUrl, setObjectUrl] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);

  useEffect(() => {
    if (!document) return undefined;
    let cancelled = false;
    let made: string | null = null;
    setObjectUrl(null);
    setFailure(null);
    (async () => {
      try {
        const { url } = await downloadUrl({ id: document.id, disposition: 'inline' }).unwrap();
        const reply = await fetch(url);
        if (!reply.ok) throw new Error(`The file could not be read (${reply.status}).`);
        const blob = await reply.blob();
        if (cancelled) return;
        made = URL.createObjectURL(blob);
        setObjectUrl(made);
      } catch (e) {
        if (!cancelled) setFailure(e instanceof Error ? { status: 'CUSTOM_ERROR', error: e.message } : e);
      }
    })();
    return () => {
      cancelled = true;
      if (made) URL.revokeObjectURL(made);
    };
  }, [document, downloadUrl]);

  const isPdf = document?.contentType === 'application/pdf';
  return (
    <Dialog open={document !== null} onClose={onClose} maxWidth="lg" fullWidth aria-labelledby="document-preview-title">
      <DialogTitle id="document-preview-title" sx={{ pr: 6, overflowWrap: 'anywhere' }}>
        {document?.fileName}
        <IconButton aria-label="Close the preview" onClick={onClose} sx={{ position: 'absolute', right: 8, top: 8 }}>
          <CloseIcon />
        </IconButton>
      </DialogTitle>
      <DialogContent dividers sx={{ p: 0, minHeight: 320, display: 'grid', placeItems: 'center', bgcolor: 'action.hover' }}>
        {failure ? (
          <Box sx={{ p: 2, width: '100%' }}>
            <ProblemAlert error={failure} />
          </Box>
        ) : !objectUrl ? (
          <CircularProgress aria-label="Loading the preview" />
        ) : isPdf ? (
          <Box
            component="iframe"
            title={`Preview of ${document?.fileName ?? 'the document'}`}
            src={objectUrl}
            data-testid="document-preview"
            sx={{ border: 0, width: '100%', height: '75vh' }}
          />
        ) : (
          <Box
            component="img"
            src={objectUrl}
            alt={`Preview of ${document?.fileName ?? 'the document'}`}
            data-testid="document-preview"
            sx={{ maxWidth: '100%', maxHeight: '75vh', objectFit: 'contain', display: 'block' }}
          />
        )}
      </DialogContent>
    </Dialog>
  );
}
