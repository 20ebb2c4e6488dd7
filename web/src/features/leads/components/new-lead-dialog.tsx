// The new-lead dialog: contact, address, claim, adjuster and tags. The server checks every field
// and names each one at fault; its messages show under the right inputs, the first of them gets
// the focus, and everything typed stays. On success: a toast and the new lead's page.
import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/DeleteOutlined';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Divider from '@mui/material/Divider';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import { useTheme } from '@mui/material/styles';
import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { ProblemAlert } from '@/components/problem-alert';
import { useToast } from '@/components/toast-context';
import { useCreateLeadMutation, type Lead, type LossType } from '@/lib/leads-api';
import { problemFromError, type ProblemInfo } from '@/lib/problem';
import { LOSS_TYPES } from '../lead-filters';
import { leadName, LOSS_TYPE_LABELS } from '../lead-labels';
import {
  asLeadCreate,
  buildLeadCreate,
  emptyDraft,
  fieldOrder,
  mapServerFieldErrors,
  MAX_PHONES,
  MAX_TAGS,
  validateDraft,
  type NewLeadDraft,
  type PhoneType,
  type PreferredContact,
} from '../new-lead-form';

export interface NewLeadDialogProps {
  open: boolean;
  /** Prefills the first phone (screen pop, command menu). */
  initialPhone?: string | null;
  onClose: () => void;
  onCreated: (lead: Lead) => void;
}

const PHONE_TYPES: { value: PhoneType; label: string }[] = [
  { value: 'mobile', label: 'Mobile' },
  { value: 'home', label: 'Home' },
  { value: 'work', label: 'Work' },
];

const CONTACT_OPTIONS: { value: PreferredContact; label: string }[] = [
  { value: '', label: 'No preference' },
  { value: 'phone', label: 'Phone call' },
  { value: 'sms', label: 'Text message' },
  { value: 'email', label: 'Email' },
];

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <Box component="section" aria-labelledby={id}>
      <Typography id={id} variant="subtitle2" component="h3" color="text.secondary" sx={{ mb: 1.5, textTransform: 'uppercase', letterSpacing: '0.06em', fontSize: '0.75rem' }}>
        {title}
      </Typography>
      {children}
    </Box>
  );
}

const twoColumns = {
  display: 'grid',
  gap: 2,
  gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' },
} as const;

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
  const [tagInput, setTagInput] = useState('');
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
  const commitTag = (raw: string) => {
    const parts = raw.split(/[;,]/).map((t) => t.trim()).filter(Boolean);
    if (parts.length === 0) return;
    update('tags', (d) => ({ ...d, tags: [...d.tags, ...parts.map((t) => t.slice(0, 40))] }));
    setTagInput('');
  };

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

            <Section title="Contact">
              <Box sx={twoColumns}>
                <TextField
                  size="small"
                  {...fieldProps('firstName')}
                  label="First name"
                  required
                  autoFocus
                  autoComplete="off"
                  value={draft.firstName}
                  onChange={(e) => update('firstName', (d) => ({ ...d, firstName: e.target.value }))}
                  slotProps={{ htmlInput: { maxLength: 100 } }}
                />
                <TextField
                  size="small"
                  {...fieldProps('lastName')}
                  label="Last name"
                  required
                  autoComplete="off"
                  value={draft.lastName}
                  onChange={(e) => update('lastName', (d) => ({ ...d, lastName: e.target.value }))}
                  slotProps={{ htmlInput: { maxLength: 100 } }}
                />
                <TextField
                  size="small"
                  {...fieldProps('email')}
                  label="Email"
                  type="email"
                  autoComplete="off"
                  value={draft.email}
                  onChange={(e) => update('email', (d) => ({ ...d, email: e.target.value }))}
                  slotProps={{ htmlInput: { maxLength: 254 } }}
                />
                <TextField
                  size="small"
                  {...fieldProps('preferredContact')}
                  select
                  label="Preferred contact"
                  value={draft.preferredContact}
                  onChange={(e) =>
                    update('preferredContact', (d) => ({
                      ...d,
                      preferredContact: e.target.value as PreferredContact,
                    }))
                  }
                  slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
                >
                  {CONTACT_OPTIONS.map((option) => (
                    <MenuItem key={option.value || 'none'} value={option.value}>
                      {option.label}
                    </MenuItem>
                  ))}
                </TextField>
              </Box>

              <Stack spacing={1.5} sx={{ mt: 2 }} role="group" aria-label="Phone numbers">
                {draft.phones.map((phone, index) => (
                  <Stack key={index} direction="row" spacing={1.5} sx={{ alignItems: 'flex-start' }}>
                    <TextField
                      size="small"
                      {...fieldProps(`phones[${index}].number`)}
                      label={draft.phones.length > 1 ? `Phone ${index + 1}` : 'Phone'}
                      type="tel"
                      autoComplete="off"
                      value={phone.number}
                      onChange={(e) =>
                        update(`phones[${index}].number`, (d) => ({
                          ...d,
                          phones: d.phones.map((p, i) => (i === index ? { ...p, number: e.target.value } : p)),
                        }))
                      }
                      slotProps={{ htmlInput: { maxLength: 40 } }}
                      sx={{ flex: 1 }}
                    />
                    <TextField
                      size="small"
                      {...fieldProps(`phones[${index}].type`)}
                      select
                      label="Type"
                      value={phone.type}
                      onChange={(e) =>
                        update(`phones[${index}].type`, (d) => ({
                          ...d,
                          phones: d.phones.map((p, i) =>
                            i === index ? { ...p, type: e.target.value as PhoneType } : p,
                          ),
                        }))
                      }
                      sx={{ width: 130 }}
                    >
                      {PHONE_TYPES.map((type) => (
                        <MenuItem key={type.value} value={type.value}>
                          {type.label}
                        </MenuItem>
                      ))}
                    </TextField>
                    <IconButton
                      aria-label={`Remove phone ${index + 1}`}
                      onClick={() => {
                        setDraft((d) => ({ ...d, phones: d.phones.filter((_, i) => i !== index) }));
                        // Messages of later rows no longer match their rows.
                        setErrors((e) =>
                          Object.fromEntries(Object.entries(e).filter(([k]) => !k.startsWith('phones'))),
                        );
                      }}
                      disabled={draft.phones.length === 1 && phone.number === ''}
                      sx={{ mt: 1 }}
                    >
                      <DeleteIcon />
                    </IconButton>
                  </Stack>
                ))}
                {errors.phones ? (
                  <Typography variant="caption" color="error" role="alert">
                    {errors.phones}
                  </Typography>
                ) : null}
                <Box>
                  <Button
                    size="small"
                    startIcon={<AddIcon />}
                    disabled={draft.phones.length >= MAX_PHONES}
                    onClick={() =>
                      setDraft((d) => ({ ...d, phones: [...d.phones, { number: '', type: 'mobile' }] }))
                    }
                  >
                    Add phone
                  </Button>
                </Box>
              </Stack>
            </Section>

            <Divider />

            <Section title="Loss address">
              <Box sx={twoColumns}>
                <TextField
                  size="small"
                  {...fieldProps('address.line1')}
                  label="Street address"
                  autoComplete="off"
                  value={draft.address.line1}
                  onChange={(e) =>
                    update('address.line1', (d) => ({ ...d, address: { ...d.address, line1: e.target.value } }))
                  }
                  slotProps={{ htmlInput: { maxLength: 200 } }}
                />
                <TextField
                  size="small"
                  {...fieldProps('address.line2')}
                  label="Apartment, suite, unit"
                  autoComplete="off"
                  value={draft.address.line2}
                  onChange={(e) =>
                    update('address.line2', (d) => ({ ...d, address: { ...d.address, line2: e.target.value } }))
                  }
                  slotProps={{ htmlInput: { maxLength: 200 } }}
                />
                <TextField
                  size="small"
                  {...fieldProps('address.city')}
                  label="City"
                  autoComplete="off"
                  value={draft.address.city}
                  onChange={(e) =>
                    update('address.city', (d) => ({ ...d, address: { ...d.address, city: e.target.value } }))
                  }
                  slotProps={{ htmlInput: { maxLength: 100 } }}
                />
                <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: '1fr 1fr 0.8fr' }}>
                  <TextField
                    size="small"
                    {...fieldProps('address.state')}
                    label="State"
                    autoComplete="off"
                    value={draft.address.state}
                    onChange={(e) =>
                      update('address.state', (d) => ({ ...d, address: { ...d.address, state: e.target.value } }))
                    }
                    slotProps={{ htmlInput: { maxLength: 100 } }}
                  />
                  <TextField
                    size="small"
                    {...fieldProps('address.postalCode')}
                    label="ZIP"
                    autoComplete="off"
                    value={draft.address.postalCode}
                    onChange={(e) =>
                      update('address.postalCode', (d) => ({
                        ...d,
                        address: { ...d.address, postalCode: e.target.value },
                      }))
                    }
                    slotProps={{ htmlInput: { maxLength: 20 } }}
                  />
                  <TextField
                    size="small"
                    {...fieldProps('address.country')}
                    label="Country"
                    autoComplete="off"
                    value={draft.address.country}
                    onChange={(e) =>
                      update('address.country', (d) => ({
                        ...d,
                        address: { ...d.address, country: e.target.value.toUpperCase() },
                      }))
                    }
                    slotProps={{ htmlInput: { maxLength: 2 } }}
                  />
                </Box>
              </Box>
            </Section>

            <Divider />

            <Section title="Claim">
              <Box sx={twoColumns}>
                <TextField
                  size="small"
                  {...fieldProps('claim.carrier')}
                  label="Insurance carrier"
                  autoComplete="off"
                  value={draft.claim.carrier}
                  onChange={(e) =>
                    update('claim.carrier', (d) => ({ ...d, claim: { ...d.claim, carrier: e.target.value } }))
                  }
                  slotProps={{ htmlInput: { maxLength: 200 } }}
                />
                <TextField
                  size="small"
                  {...fieldProps('claim.policyNumber')}
                  label="Policy number"
                  autoComplete="off"
                  value={draft.claim.policyNumber}
                  onChange={(e) =>
                    update('claim.policyNumber', (d) => ({
                      ...d,
                      claim: { ...d.claim, policyNumber: e.target.value },
                    }))
                  }
                  slotProps={{ htmlInput: { maxLength: 100 } }}
                />
                <TextField
                  size="small"
                  {...fieldProps('claim.claimNumber')}
                  label="Claim number"
                  autoComplete="off"
                  value={draft.claim.claimNumber}
                  onChange={(e) =>
                    update('claim.claimNumber', (d) => ({
                      ...d,
                      claim: { ...d.claim, claimNumber: e.target.value },
                    }))
                  }
                  slotProps={{ htmlInput: { maxLength: 100 } }}
                />
                <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: '1fr 1fr' }}>
                  <TextField
                    size="small"
                    {...fieldProps('claim.dateOfLoss')}
                    label="Date of loss"
                    type="date"
                    value={draft.claim.dateOfLoss}
                    onChange={(e) =>
                      update('claim.dateOfLoss', (d) => ({
                        ...d,
                        claim: { ...d.claim, dateOfLoss: e.target.value },
                      }))
                    }
                    slotProps={{ inputLabel: { shrink: true } }}
                  />
                  <TextField
                    size="small"
                    {...fieldProps('claim.lossType')}
                    select
                    label="Loss type"
                    value={draft.claim.lossType}
                    onChange={(e) =>
                      update('claim.lossType', (d) => ({
                        ...d,
                        claim: { ...d.claim, lossType: e.target.value as LossType | '' },
                      }))
                    }
                    slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
                  >
                    <MenuItem value="">Not known</MenuItem>
                    {LOSS_TYPES.map((type) => (
                      <MenuItem key={type} value={type}>
                        {LOSS_TYPE_LABELS[type]}
                      </MenuItem>
                    ))}
                  </TextField>
                </Box>
                <TextField
                  size="small"
                  {...fieldProps('claim.lossDescription')}
                  label="What happened"
                  multiline
                  minRows={2}
                  maxRows={6}
                  value={draft.claim.lossDescription}
                  onChange={(e) =>
                    update('claim.lossDescription', (d) => ({
                      ...d,
                      claim: { ...d.claim, lossDescription: e.target.value },
                    }))
                  }
                  slotProps={{ htmlInput: { maxLength: 10000 } }}
                  sx={{ gridColumn: { sm: '1 / -1' } }}
                />
              </Box>
            </Section>

            <Divider />

            <Section title="Carrier's adjuster">
              <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr 1fr' } }}>
                <TextField
                  size="small"
                  {...fieldProps('claim.adjuster.name')}
                  label="Adjuster name"
                  autoComplete="off"
                  value={draft.adjuster.name}
                  onChange={(e) =>
                    update('claim.adjuster.name', (d) => ({ ...d, adjuster: { ...d.adjuster, name: e.target.value } }))
                  }
                  slotProps={{ htmlInput: { maxLength: 100 } }}
                />
                <TextField
                  size="small"
                  {...fieldProps('claim.adjuster.phone')}
                  label="Adjuster phone"
                  type="tel"
                  autoComplete="off"
                  value={draft.adjuster.phone}
                  onChange={(e) =>
                    update('claim.adjuster.phone', (d) => ({ ...d, adjuster: { ...d.adjuster, phone: e.target.value } }))
                  }
                  slotProps={{ htmlInput: { maxLength: 40 } }}
                />
                <TextField
                  size="small"
                  {...fieldProps('claim.adjuster.email')}
                  label="Adjuster email"
                  type="email"
                  autoComplete="off"
                  value={draft.adjuster.email}
                  onChange={(e) =>
                    update('claim.adjuster.email', (d) => ({ ...d, adjuster: { ...d.adjuster, email: e.target.value } }))
                  }
                  slotProps={{ htmlInput: { maxLength: 254 } }}
                />
              </Box>
            </Section>

            <Divider />

            <Section title="Tags">
              <Autocomplete
                multiple
                freeSolo
                size="small"
                options={[] as string[]}
                value={draft.tags}
                inputValue={tagInput}
                onInputChange={(_e, value, reason) => {
                  if (reason === 'reset') return;
                  if (/[;,]/.test(value)) commitTag(value);
                  else setTagInput(value);
                }}
                onChange={(_e, value) => update('tags', (d) => ({ ...d, tags: value.map((t) => t.trim()).filter(Boolean) }))}
                onBlur={() => commitTag(tagInput)}
                renderValue={(value, getItemProps) =>
                  value.map((tag, index) => {
                    const { key, ...itemProps } = getItemProps({ index });
                    return <Chip key={key} size="small" label={tag} {...itemProps} />;
                  })
                }
                renderInput={(params) => (
                  <TextField
                    {...params}
                    {...fieldProps('tags', `Press Enter or comma after each tag; at most ${MAX_TAGS}.`)}
                    label="Tags"
                    placeholder={draft.tags.length === 0 ? 'e.g. roof, hail-2025' : undefined}
                  />
                )}
              />
            </Section>
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
