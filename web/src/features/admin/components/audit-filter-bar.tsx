// The audit log's filters: edited here, applied to the URL with "Apply" (Enter in any field).
import FilterListOffIcon from '@mui/icons-material/FilterListOff';
import SearchIcon from '@mui/icons-material/Search';
import Autocomplete from '@mui/material/Autocomplete';
import Button from '@mui/material/Button';
import Grid from '@mui/material/Grid';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { User } from '@/lib/api-schema';
import {
  AUDIT_ENTITIES,
  EMPTY_FILTERS,
  KNOWN_ACTIONS,
  hasFilters,
  validateFilters,
  type AuditFilters,
} from '../audit-filters';
import { resolveActor } from '../audit-format';

interface ActorOption {
  id: string;
  label: string;
}

export interface AuditFilterBarProps {
  value: AuditFilters;
  users: readonly User[];
  onApply: (filters: AuditFilters) => void;
}

export function AuditFilterBar({ value, users, onApply }: AuditFilterBarProps) {
  const [draft, setDraft] = useState<AuditFilters>(value);
  const [submitted, setSubmitted] = useState(false);
  useEffect(() => setDraft(value), [value]);

  const actorOptions = useMemo<ActorOption[]>(
    () => [
      ...[...users]
        .filter((u) => u.id && u.username)
        .sort((a, b) => a.username!.localeCompare(b.username!))
        .map((u) => ({ id: u.id!, label: u.username! })),
      { id: 'system', label: 'system' },
      { id: 'anonymous', label: 'anonymous' },
    ],
    [users],
  );
  const actorText = actorOptions.find((o) => o.id === draft.actor)?.label ?? draft.actor;

  const errors = submitted ? validateFilters(draft) : {};
  const set = (patch: Partial<AuditFilters>) => setDraft((d) => ({ ...d, ...patch }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    const next = { ...draft, actor: resolveActor(draft.actor, users) };
    if (Object.keys(validateFilters(next)).length > 0) return;
    setSubmitted(false);
    onApply(next);
  };

  const entityKnown = !draft.entity || AUDIT_ENTITIES.some((e) => e.value === draft.entity);

  return (
    <Paper
      component="form"
      variant="outlined"
      onSubmit={submit}
      aria-label="Filter the audit log"
      noValidate
      sx={{ p: 2, mb: 2 }}
    >
      <Grid container spacing={1.5}>
        <Grid size={{ xs: 12, sm: 6, md: 2 }}>
          <TextField
            select
            fullWidth
            size="small"
            label="Entity"
            value={draft.entity}
            onChange={(e) => set({ entity: e.target.value })}
          >
            <MenuItem value="">Any</MenuItem>
            {AUDIT_ENTITIES.map((e) => (
              <MenuItem key={e.value} value={e.value}>
                {e.label}
              </MenuItem>
            ))}
            {entityKnown ? null : <MenuItem value={draft.entity}>{draft.entity}</MenuItem>}
          </TextField>
        </Grid>
        <Grid size={{ xs: 12, sm: 6, md: 3 }}>
          <TextField
            fullWidth
            size="small"
            label="Entity ID"
            value={draft.entityId}
            onChange={(e) => set({ entityId: e.target.value })}
            placeholder="usr_…, key_…, lead_…"
            slotProps={{ htmlInput: { spellCheck: false } }}
          />
        </Grid>
        <Grid size={{ xs: 12, sm: 6, md: 3 }}>
          <Autocomplete
            freeSolo
            size="small"
            options={actorOptions}
            getOptionLabel={(o) => (typeof o === 'string' ? o : o.label)}
            inputValue={actorText}
            onInputChange={(_e, text, reason) => {
              if (reason === 'input' || reason === 'clear') set({ actor: text });
            }}
            onChange={(_e, option) => {
              if (option === null) set({ actor: '' });
              else set({ actor: typeof option === 'string' ? option : option.id });
            }}
            renderInput={(params) => (
              <TextField {...params} label="Actor" placeholder="username, key_…, system" />
            )}
          />
        </Grid>
        <Grid size={{ xs: 12, sm: 6, md: 4 }}>
          <Autocomplete
            freeSolo
            size="small"
            options={KNOWN_ACTIONS as string[]}
            inputValue={draft.action}
            onInputChange={(_e, text) => set({ action: text })}
            renderInput={(params) => (
              <TextField {...params} label="Action" placeholder="e.g. user.update" />
            )}
          />
        </Grid>
        <Grid size={{ xs: 12, sm: 6, md: 3 }}>
          <TextField
            fullWidth
            size="small"
            type="datetime-local"
            label="From"
            value={draft.from}
            onChange={(e) => set({ from: e.target.value })}
            error={!!errors.from}
            helperText={errors.from}
            slotProps={{ inputLabel: { shrink: true } }}
          />
        </Grid>
        <Grid size={{ xs: 12, sm: 6, md: 3 }}>
          <TextField
            fullWidth
            size="small"
            type="datetime-local"
            label="To"
            value={draft.to}
            onChange={(e) => set({ to: e.target.value })}
            error={!!errors.to}
            helperText={errors.to}
            slotProps={{ inputLabel: { shrink: true } }}
          />
        </Grid>
        <Grid size={{ xs: 12, md: 6 }} sx={{ display: 'flex', alignItems: 'flex-start', justifyContent: { md: 'flex-end' } }}>
          <Stack direction="row" spacing={1}>
            <Button
              onClick={() => {
                setSubmitted(false);
                setDraft(EMPTY_FILTERS);
                onApply(EMPTY_FILTERS);
              }}
              startIcon={<FilterListOffIcon />}
              disabled={!hasFilters(draft) && !hasFilters(value)}
            >
              Clear
            </Button>
            <Button type="submit" variant="contained" startIcon={<SearchIcon />}>
              Apply filters
            </Button>
          </Stack>
        </Grid>
      </Grid>
    </Paper>
  );
}
