// The new-lead dialog: contact, address, claim, adjuster and tags. The server checks every field
// and names each one at fault; its messages show under the right inputs, the first of them gets
// the focus, and everything typed stays. On success: a toast and the new lead's page.
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Divider from '@mui/material/Divider';
import Stack from '@mui/material/Stack';
import useMediaQuery from '@mui/material/useMediaQuery';
import { useTheme } from '@mui/material/styles';
import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { ProblemAlert } from '@/components/problem-alert';
import { useToast } from '@/components/toast-context';
import { useCreateLeadMutation, type Lead } from '@/lib/leads-api';
import { problemFromError, type ProblemInfo } from '@/lib/problem';
import { leadName } from '../lead-labels';
import {
  asLeadCreate,
  buildLeadCreate,
  emptyDraft,
  fieldOrder,
  mapServerFieldErrors,
  validateDraft,
  type NewLeadDraft,
} from '../new-lead-form';
import {
  AddressSection,
  AdjusterSection,
  ClaimSection,
  ContactSection,
  TagsSection,
  type DraftBinding,
} from './new-lead-sections';

export interface NewLeadDialogProps {
  open: boolean;
  /** Prefills the first phone (screen pop, command menu). */
  initialPhone?: string | null;
  onClose: () => void;
  onCreated: (lead: Lead) => void;
}

function isDirty(draft: NewLeadDraft, initialPhone: string | null | undefined): boolean {
  return JSON.stringify(draft) !== JSON.stringify(emptyDraft(initialPhone));
}

/** The dialog's body; remounted for each opening, so it starts blank (or prefilled). */
function NewLeadForm({
  initialPhone,
  onClose,
  onCreated,
  titleId,
  closeRequests,
}: Omit<NewLeadDialogProps, 'open'> & {
  titleId: string;
  /** Where the dialog finds how to ask before closing (Escape, backdrop). */
  closeRequests: { current: (() => void) | null };
}) {
  const toast = useToast();
  const [createLead, { isLoading }] = useCreateLeadMutation();
  const [draft, setDraft] = useState<NewLeadDraft>(() => emptyDraft(initialPhone));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<ProblemInfo | null>(null);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const fields = useRef(new Map<string, HTMLElement>());

  const register = useCallback(
    (name: string) => (element: HTMLElement | null) => {
      if (element) fields.current.set(name, element);
      else fields.current.delete(name);
    },
    [],
  );

  const focusFirstError = (found: Record<string, string>, order: string[]) => {
    const first = order.find((name) => found[name] !== undefined);
    const root = first ? fields.current.get(first) : undefined;
    const target = root?.querySelector<HTMLElement>(
      'input:not([type="hidden"]):not([aria-hidden="true"]), textarea, [role="combobox"]',
    );
    target?.focus();
    target?.scrollIntoView?.({ block: 'center' });
  };

  const clearError = (name: string) => {
    if (errors[name] === undefined) return;
    setErrors(({ [name]: _removed, ...rest }) => rest);
  };

  const update = (name: string, change: (d: NewLeadDraft) => NewLeadDraft) => {
    setDraft(change);
    clearError(name);
  };

  /** Props shared by every text input: its name, error and the ref for focusing it. */
  const fieldProps = (name: string, helper?: string) => ({
    ref: register(name),
    name,
    error: errors[name] !== undefined,
    helperText: errors[name] ?? helper,
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (isLoading) return;
    const order = fieldOrder(draft);
    const local = validateDraft(draft);
    if (Object.keys(local).length > 0) {
      setErrors(local);
      setProblem(null);
      focusFirstError(local, order);
      return;
    }
    const { body, phoneIndex } = buildLeadCreate(draft);
    try {
      const lead = await createLead(asLeadCreate(body)).unwrap();
      toast.success(`Lead ${leadName(lead)} created.`);
      onCreated(lead);
    } catch (error) {
      const info = problemFromError(error);
      const mapped = info ? mapServerFieldErrors(info.fieldErrors, phoneIndex) : {};
      setErrors(mapped);
      setProblem(info ? { ...info, fieldErrors: mapped } : null);
      focusFirstError(mapped, order);
    }
  };

  const requestClose = () => {
    if (isLoading) return;
    if (isDirty(draft, initialPhone)) setConfirmDiscard(true);
    else onClose();
  };
  useEffect(() => {
    closeRequests.current = requestClose;
  });

  const shownFields = [...fieldOrder(draft), 'phones'];
  const form: DraftBinding = { draft, errors, update, fieldProps, setDraft, setErrors };

  return (
    <>
      <Box
        component="form"
        noValidate
        onSubmit={submit}
        sx={{ display: 'flex', flexDirection: 'column', minHeight: 0, flex: '1 1 auto' }}
      >
        <DialogTitle id={titleId}>New lead</DialogTitle>
        <DialogContent dividers>
          <Stack spacing={3}>
            {problem ? <ProblemAlert error={problem} shownFields={shownFields} /> : null}

            <ContactSection form={form} />

            <Divider />

            <AddressSection form={form} />

            <Divider />

            <ClaimSection form={form} />

            <Divider />

            <AdjusterSection form={form} />

            <Divider />

            <TagsSection form={form} />
          </Stack>
        </DialogContent>
        <DialogActions sx={{ px: 3, py: 2 }}>
          <Button onClick={requestClose} disabled={isLoading}>
            Cancel
          </Button>
          <Button type="submit" variant="contained" loading={isLoading}>
            Create lead
          </Button>
        </DialogActions>
      </Box>
      <ConfirmDialog
        open={confirmDiscard}
        title="Discard this lead?"
        description="What you entered will be lost."
        confirmLabel="Discard"
        cancelLabel="Keep editing"
        destructive
        onConfirm={() => {
          setConfirmDiscard(false);
          onClose();
        }}
        onCancel={() => setConfirmDiscard(false)}
      />
    </>
  );
}

export function NewLeadDialog({ open, initialPhone, onClose, onCreated }: NewLeadDialogProps) {
  const titleId = useId();
  const theme = useTheme();
  // Small screens, and short ones (a laptop at 200% zoom): the whole window for the form.
  const narrow = useMediaQuery(theme.breakpoints.down('sm'));
  const short = useMediaQuery('(max-height: 520px)');
  const fullScreen = narrow || short;
  const closeRequests = useRef<(() => void) | null>(null);
  return (
    <Dialog
      open={open}
      aria-labelledby={titleId}
      maxWidth="md"
      fullWidth
      fullScreen={fullScreen}
      scroll="paper"
      // Escape and backdrop clicks go through the form, which asks before discarding input.
      onClose={() => closeRequests.current?.()}
    >
      {open ? (
        <NewLeadForm
          titleId={titleId}
          initialPhone={initialPhone}
          onClose={onClose}
          onCreated={onCreated}
          closeRequests={closeRequests}
        />
      ) : null}
    </Dialog>
  );
}
