// The sections of the new-lead form (new-lead-dialog.tsx holds the form's state and submit):
// each gets the draft and the ways to change it, and shows the server's or the local checks'
// message under the input at fault.
import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/DeleteOutlined';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useId, useState, type Dispatch, type ReactNode, type Ref, type SetStateAction } from 'react';
import type { LossType } from '@/lib/leads-api';
import { LOSS_TYPES } from '../lead-filters';
import { LOSS_TYPE_LABELS } from '../lead-labels';
import { MAX_PHONES, MAX_TAGS, type NewLeadDraft, type PhoneType, type PreferredContact } from '../new-lead-form';

/** What a section needs of the form: the draft, its errors, and the ways to change them. */
export interface DraftBinding {
  draft: NewLeadDraft;
  errors: Record<string, string>;
  /** Changes the draft and clears the error of `name`. */
  update: (name: string, change: (d: NewLeadDraft) => NewLeadDraft) => void;
  /** Props shared by every text input: its name, error and the ref for focusing it. */
  fieldProps: (
    name: string,
    helper?: string,
  ) => { ref: Ref<HTMLDivElement>; name: string; error: boolean; helperText: string | undefined };
  setDraft: Dispatch<SetStateAction<NewLeadDraft>>;
  setErrors: Dispatch<SetStateAction<Record<string, string>>>;
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

/** Names, email, preferred contact and up to MAX_PHONES phones. */
export function ContactSection({ form }: { form: DraftBinding }) {
  const { draft, errors, update, fieldProps, setDraft, setErrors } = form;
  return (
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
  );
}

/** Where the loss happened. */
export function AddressSection({ form }: { form: DraftBinding }) {
  const { draft, update, fieldProps } = form;
  return (
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
  );
}

/** The policy and the loss. */
export function ClaimSection({ form }: { form: DraftBinding }) {
  const { draft, update, fieldProps } = form;
  return (
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
  );
}

/** The carrier's adjuster. */
export function AdjusterSection({ form }: { form: DraftBinding }) {
  const { draft, update, fieldProps } = form;
  return (
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
  );
}

/** Free tags: Enter or a comma ends one. */
export function TagsSection({ form }: { form: DraftBinding }) {
  const { draft, update, fieldProps } = form;
  const [tagInput, setTagInput] = useState('');
  const commitTag = (raw: string) => {
    const parts = raw.split(/[;,]/).map((t) => t.trim()).filter(Boolean);
    if (parts.length === 0) return;
    update('tags', (d) => ({ ...d, tags: [...d.tags, ...parts.map((t) => t.slice(0, 40))] }));
    setTagInput('');
  };
  return (
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
  );
}
