// One group of the lead's fields (contact, property, claim, adjuster, money) as a card that edits
// in place: Edit → inputs → Save / Cancel. Save sends a JSON merge patch of only what changed with
// If-Match = the lead's version. Field errors of the server's problem land on their inputs. On a
// 412 (someone else saved meanwhile) the edits stay, the lead is fetched again and a dialog shows
// what changed on the server, to reload or overwrite with the user's edits.
import EditIcon from '@mui/icons-material/EditOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import InputAdornment from '@mui/material/InputAdornment';
import Link from '@mui/material/Link';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useAppDispatch } from '@/app/hooks';
import { PHONE_TYPE_LABELS, type PhoneType } from '@/components/lead-detail-format';
import { ProblemAlert } from '@/components/problem-alert';
import { useToast } from '@/components/toast-context';
import type { LeadPatch } from '@/lib/leads-api';
import { useUserDirectory } from '@/hooks/use-user-directory';
import { fieldError, problemFromError } from '@/lib/problem';
import { leadsApi, usePatchLeadMutation, type Lead } from '@/lib/leads-api';
import { diffLeads, groupChanged, type DiffRow } from '../lib/lead-diff';
import {
  displayValue,
  formFromLead,
  getPath,
  groupErrorPaths,
  patchFromForm,
  rebaseForm,
  type FieldDef,
  type FieldGroup,
  type GroupForm,
} from '../lib/lead-fields';
import { ConflictDialog } from './conflict-dialog';
import { PhonesEditor } from './phones-editor';

export interface FieldGroupCardProps {
  lead: Lead;
  group: FieldGroup;
  readOnly: boolean;
  /** Tells the page whether this card holds unsaved edits (to warn before leaving). */
  onDirtyChange?: (groupId: string, dirty: boolean) => void;
}

interface Conflict {
  server: Lead;
  rows: DiffRow[];
  patch: LeadPatch;
}

function ViewValue({ field, lead }: { field: FieldDef; lead: Lead }) {
  const raw = getPath(lead, field.path);
  const text = displayValue(field, raw);
  if (text === '') {
    return (
      <Typography variant="body2" color="text.disabled">
        —
      </Typography>
    );
  }
  if (field.kind === 'email') {
    return (
      <Link href={`mailto:${String(raw)}`} variant="body2" sx={{ overflowWrap: 'anywhere' }}>
        {text}
      </Link>
    );
  }
  if (field.kind === 'tel') {
    const e164 = field.path === 'claim.adjuster.phone' ? lead.claim?.adjuster?.phoneE164 : undefined;
    return (
      <Link href={`tel:${e164 ?? String(raw)}`} variant="body2">
        {text}
      </Link>
    );
  }
  return (
    <Typography
      variant="body2"
      sx={{ whiteSpace: field.kind === 'multiline' ? 'pre-wrap' : undefined, overflowWrap: 'anywhere' }}
    >
      {text}
    </Typography>
  );
}

function PhonesView({ lead }: { lead: Lead }) {
  const phones = lead.phones ?? [];
  if (phones.length === 0) {
    return (
      <Typography variant="body2" color="text.disabled">
        —
      </Typography>
    );
  }
  return (
    <Stack component="ul" spacing={0.25} sx={{ listStyle: 'none', m: 0, p: 0 }}>
      {phones.map((p, i) => (
        <Typography component="li" variant="body2" key={`${p.number}-${i}`}>
          <Link href={`tel:${p.e164 ?? p.number}`}>{p.number}</Link>{' '}
          <Box component="span" sx={{ color: 'text.secondary' }}>
            {PHONE_TYPE_LABELS[(p.type ?? 'mobile') as PhoneType]}
          </Box>
          {p.wrongNumber ? (
            <Chip size="small" color="warning" variant="outlined" label="Wrong number" sx={{ ml: 1, height: 20 }} />
          ) : null}
        </Typography>
      ))}
    </Stack>
  );
}

const GRID_SX = {
  display: 'grid',
  gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' },
  columnGap: 2,
  rowGap: 2,
} as const;

export function FieldGroupCard({ lead, group, readOnly, onDirtyChange }: FieldGroupCardProps) {
  const headingId = useId();
  const [editing, setEditing] = useState(false);
  const [base, setBase] = useState<Lead>(lead);
  const [form, setForm] = useState<GroupForm>(() => formFromLead(lead, group));
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const [serverError, setServerError] = useState<unknown>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [patchLead, { isLoading: saving }] = usePatchLeadMutation();
  const [overwriteError, setOverwriteError] = useState<unknown>(null);
  const dispatch = useAppDispatch();
  const toast = useToast();
  const { labelOf } = useUserDirectory();
  const editButton = useRef<HTMLButtonElement>(null);
  const firstInput = useRef<HTMLInputElement | HTMLTextAreaElement>(null);

  const dirty = useMemo(
    () => editing && JSON.stringify(form) !== JSON.stringify(formFromLead(base, group)),
    [editing, form, base, group],
  );
  useEffect(() => {
    onDirtyChange?.(group.id, dirty);
  }, [dirty, group.id, onDirtyChange]);
  useEffect(() => () => onDirtyChange?.(group.id, false), [group.id, onDirtyChange]);

  const problem = problemFromError(serverError);
  const errorOf = (path: string) => clientErrors[path] ?? fieldError(problem, path);

  const startEdit = () => {
    setBase(lead);
    setForm(formFromLead(lead, group));
    setClientErrors({});
    setServerError(null);
    setEditing(true);
  };

  const finish = () => {
    setEditing(false);
    setConflict(null);
    setClientErrors({});
    setServerError(null);
    setOverwriteError(null);
    // Back to the Edit button, once it is rendered again.
    setTimeout(() => editButton.current?.focus(), 0);
  };

  useEffect(() => {
    if (editing) firstInput.current?.focus();
  }, [editing]);

  const ctx = useMemo(() => ({ userLabel: labelOf }), [labelOf]);

  const fetchCurrent = async (): Promise<Lead> =>
    dispatch(leadsApi.endpoints.getLead.initiate(lead.id, { subscribe: false, forceRefetch: true })).unwrap();

  /** Sends the patch at `version`; on a 412 fetches the lead and asks what to do. */
  const send = async (patch: LeadPatch, changed: string[], version: number, retried = false): Promise<void> => {
    try {
      await patchLead({ id: lead.id, patch: patch, version }).unwrap();
      toast.success(`${group.title} saved.`);
      finish();
    } catch (error) {
      const info = problemFromError(error);
      if (info?.status !== 412) {
        if (conflict) setOverwriteError(error);
        else setServerError(error);
        return;
      }
      let server: Lead;
      try {
        server = await fetchCurrent();
      } catch (fetchError) {
        setServerError(fetchError);
        return;
      }
      const rows = diffLeads(base, server, ctx, { form, changed });
      if (rows.length === 0 && !retried) {
        // Only what this page does not edit changed (a note, a deadline): nothing to lose.
        return send(patch, changed, server.version, true);
      }
      setOverwriteError(null);
      setConflict({ server, rows, patch });
    }
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setServerError(null);
    const { patch, changed, errors } = patchFromForm(base, group, form);
    setClientErrors(errors);
    if (Object.keys(errors).length > 0) return;
    if (changed.length === 0) {
      finish();
      return;
    }
    // The page already shows a newer lead whose fields here differ from where editing began.
    if (lead.version !== base.version && groupChanged(base, lead, [...changed, ...group.fields.map((f) => f.path)])) {
      setConflict({ server: lead, rows: diffLeads(base, lead, ctx, { form, changed }), patch });
      return;
    }
    await send(patch, changed, lead.version);
  };

  const overwrite = async () => {
    if (!conflict) return;
    const { changed } = patchFromForm(base, group, form);
    await send(conflict.patch, changed, conflict.server.version, true);
  };

  const reload = () => {
    toast.info(`${group.title}: your edits were discarded; showing the saved lead.`);
    finish();
  };

  const shownPaths = groupErrorPaths(group, form);

  return (
    <Card component="section" aria-labelledby={headingId}>
      <CardContent sx={{ '&:last-child': { pb: 2 } }}>
        <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between', mb: 1.5, minHeight: 36 }}>
          <Typography id={headingId} variant="h6" component="h2">
            {group.title}
          </Typography>
          {!editing && !readOnly ? (
            <Button
              ref={editButton}
              size="small"
              startIcon={<EditIcon />}
              onClick={startEdit}
              aria-label={`Edit ${group.title.toLowerCase()}`}
            >
              Edit
            </Button>
          ) : null}
        </Stack>

        {editing ? (
          <Box component="form" onSubmit={save} noValidate aria-label={`Edit ${group.title.toLowerCase()}`}>
            <Box sx={GRID_SX}>
              {group.fields.map((field, index) => {
                const message = errorOf(field.path);
                const common = {
                  size: 'small' as const,
                  label: field.label,
                  value: form.values[field.path] ?? '',
                  onChange: (e: { target: { value: string } }) =>
                    setForm((f) => ({ ...f, values: { ...f.values, [field.path]: e.target.value } })),
                  error: !!message,
                  helperText: message,
                  required: field.required,
                  disabled: saving,
                  inputRef: index === 0 ? firstInput : undefined,
                  sx: field.wide || field.kind === 'multiline' ? { gridColumn: '1 / -1' } : undefined,
                };
                if (field.kind === 'select') {
                  return (
                    <TextField key={field.path} select {...common}>
                      <MenuItem value="">
                        <em>None</em>
                      </MenuItem>
                      {(field.options ?? []).map((o) => (
                        <MenuItem key={o.value} value={o.value}>
                          {o.label}
                        </MenuItem>
                      ))}
                    </TextField>
                  );
                }
                const type =
                  field.kind === 'email'
                    ? 'email'
                    : field.kind === 'tel'
                      ? 'tel'
                      : field.kind === 'date'
                        ? 'date'
                        : field.kind === 'datetime'
                          ? 'datetime-local'
                          : 'text';
                return (
                  <TextField
                    key={field.path}
                    {...common}
                    type={type}
                    multiline={field.kind === 'multiline'}
                    minRows={field.kind === 'multiline' ? 3 : undefined}
                    maxRows={field.kind === 'multiline' ? 12 : undefined}
                    slotProps={{
                      inputLabel: field.kind === 'date' || field.kind === 'datetime' ? { shrink: true } : undefined,
                      htmlInput: {
                        maxLength: field.maxLength,
                        autoComplete: field.autoComplete ?? 'off',
                        inputMode: field.kind === 'money' || field.kind === 'percent' ? 'decimal' : undefined,
                      },
                      input:
                        field.kind === 'money'
                          ? { startAdornment: <InputAdornment position="start">$</InputAdornment> }
                          : field.kind === 'percent'
                            ? { endAdornment: <InputAdornment position="end">%</InputAdornment> }
                            : undefined,
                    }}
                  />
                );
              })}
              {group.phones ? (
                <Box sx={{ gridColumn: '1 / -1' }}>
                  <PhonesEditor
                    phones={form.phones}
                    onChange={(phones) => setForm((f) => ({ ...f, phones }))}
                    errorOf={errorOf}
                    disabled={saving}
                  />
                </Box>
              ) : null}
            </Box>
            {problem ? <ProblemAlert error={problem} shownFields={shownPaths} sx={{ mt: 2 }} /> : null}
            <Stack direction="row" spacing={1} sx={{ justifyContent: 'flex-end', mt: 2 }}>
              <Button onClick={finish} disabled={saving}>
                Cancel
              </Button>
              <Button type="submit" variant="contained" loading={saving && !conflict}>
                Save
              </Button>
            </Stack>
          </Box>
        ) : (
          <Box component="dl" sx={{ ...GRID_SX, rowGap: 1.5, m: 0 }}>
            {group.fields.map((field) => (
              <Box
                key={field.path}
                sx={field.wide || field.kind === 'multiline' ? { gridColumn: '1 / -1', minWidth: 0 } : { minWidth: 0 }}
              >
                <Typography component="dt" variant="caption" color="text.secondary">
                  {field.label}
                </Typography>
                <Box component="dd" sx={{ m: 0 }}>
                  <ViewValue field={field} lead={lead} />
                </Box>
              </Box>
            ))}
            {group.phones ? (
              <Box sx={{ gridColumn: '1 / -1' }}>
                <Typography component="dt" variant="caption" color="text.secondary">
                  Phones
                </Typography>
                <Box component="dd" sx={{ m: 0 }}>
                  <PhonesView lead={lead} />
                </Box>
              </Box>
            ) : null}
          </Box>
        )}
      </CardContent>
      <ConflictDialog
        open={!!conflict}
        groupTitle={group.title}
        rows={conflict?.rows ?? []}
        saving={saving}
        error={overwriteError}
        onReload={reload}
        onOverwrite={() => void overwrite()}
        onKeepEditing={() => {
          // Keep the edits, now against the lead as it is on the server.
          if (conflict) {
            setForm(rebaseForm(base, conflict.server, group, form));
            setBase(conflict.server);
          }
          setConflict(null);
          setOverwriteError(null);
        }}
      />
    </Card>
  );
}
