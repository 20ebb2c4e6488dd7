// Rename a document or change its category.
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useEffect, useState, type FormEvent } from 'react';
import { DOCUMENT_CATEGORIES, documentCategoryLabel } from '@/components/document-categories';
import { ProblemAlert } from '@/components/problem-alert';
import { useToast } from '@/components/toast-context';
import { fieldError, problemFromError } from '@/lib/problem';
import { usePatchDocumentMutation, type DocumentCategory, type LeadDocument } from '../documents-api';

export function DocumentEditDialog({
  leadId,
  document,
  onClose,
}: {
  leadId: string;
  document: LeadDocument | null;
  onClose: () => void;
}) {
  const [fileName, setFileName] = useState('');
  const [category, setCategory] = useState<DocumentCategory>('other');
  const [patch, { isLoading, error, reset }] = usePatchDocumentMutation();
  const toast = useToast();
  const problem = problemFromError(error);

  useEffect(() => {
    if (document) {
      setFileName(document.fileName);
      setCategory(document.category);
      reset();
    }
  }, [document, reset]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!document) return;
    const change: Partial<Pick<LeadDocument, 'fileName' | 'category'>> = {};
    if (fileName !== document.fileName) change.fileName = fileName;
    if (category !== document.category) change.category = category;
    if (Object.keys(change).length === 0) return onClose();
    try {
      await patch({ leadId, id: document.id, patch: change }).unwrap();
      toast.success('Document updated.');
      onClose();
    } catch {
      // Shown in the dialog.
    }
  };

  return (
    <Dialog open={document !== null} onClose={onClose} maxWidth="sm" fullWidth aria-labelledby="document-edit-title">
      <form onSubmit={submit} noValidate>
        <DialogTitle id="document-edit-title">Rename or recategorise</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ mt: 1 }}>
            <TextField
              label="File name"
              value={fileName}
              onChange={(e) => setFileName(e.target.value)}
              error={!!fieldError(problem, 'fileName') || fileName.trim() === ''}
              helperText={fieldError(problem, 'fileName') ?? (fileName.trim() === '' ? 'A name is required.' : ' ')}
              fullWidth
              autoFocus
            />
            <TextField select label="Category" value={category} onChange={(e) => setCategory(e.target.value as DocumentCategory)}>
              {DOCUMENT_CATEGORIES.map((c) => (
                <MenuItem key={c} value={c}>
                  {documentCategoryLabel(c)}
                </MenuItem>
              ))}
            </TextField>
            {problem && !fieldError(problem, 'fileName') ? <ProblemAlert error={problem} shownFields={['fileName']} /> : null}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button color="inherit" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" variant="contained" loading={isLoading} disabled={fileName.trim() === ''}>
            Save
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
