// The lead's header controls: assignee (managers and admins change it; agents read it), legal
// hold (managers and admins), and tags (anyone who sees the lead). Each change saves at once.
import GavelIcon from '@mui/icons-material/Gavel';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { ProblemAlert } from '@/components/problem-alert';
import { useCan } from '@/hooks/use-role';
import { useUserDirectory } from '@/hooks/use-user-directory';
import type { Lead } from '@/lib/leads-api';
import { useQuickPatch } from './use-quick-patch';

export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 40;

/** Why a new tag cannot be added, or null when it can. */
export function tagProblem(tag: string, existing: readonly string[]): string | null {
  const text = tag.trim();
  if (text === '') return 'Type a tag first.';
  if (text.includes(';')) return 'A tag cannot contain “;”.';
  if ([...text].length > MAX_TAG_LENGTH) return `At most ${MAX_TAG_LENGTH} characters.`;
  if (existing.some((t) => t.toLowerCase() === text.toLowerCase())) return 'The lead already has that tag.';
  if (existing.length >= MAX_TAGS) return `A lead holds at most ${MAX_TAGS} tags.`;
  return null;
}

interface AssigneeOption {
  id: string | null;
  label: string;
}

function Caption({ children, id }: { children: string; id?: string }) {
  return (
    <Typography id={id} variant="caption" color="text.secondary" component="div" sx={{ mb: 0.5 }}>
      {children}
    </Typography>
  );
}

function AssigneeField({ lead, readOnly, quick }: { lead: Lead; readOnly: boolean; quick: ReturnType<typeof useQuickPatch> }) {
  const canReassign = useCan('leads.reassign');
  const directory = useUserDirectory();
  const labelId = useId();
  const current = lead.assignedTo ?? null;

  const options = useMemo<AssigneeOption[]>(() => {
    const list: AssigneeOption[] = [{ id: null, label: 'Unassigned' }];
    for (const user of directory.users) {
      if (!user.enabled && user.id !== current) continue;
      list.push({ id: user.id, label: user.id === directory.meId ? `${user.username} (me)` : user.username });
    }
    if (current && !list.some((o) => o.id === current)) list.push({ id: current, label: directory.labelOf(current) });
    return list;
  }, [directory, current]);
  const value = options.find((o) => o.id === current) ?? options[0]!;

  if (!canReassign || readOnly) {
    return (
      <Box>
        <Caption id={labelId}>Assignee</Caption>
        <Typography variant="body2" aria-labelledby={labelId} sx={{ fontWeight: 500 }}>
          {current ? directory.labelOf(current) : 'Unassigned'}
        </Typography>
      </Box>
    );
  }

  return (
    <Autocomplete
      size="small"
      options={options}
      value={value}
      disableClearable
      loading={directory.isLoading}
      disabled={quick.saving}
      isOptionEqualToValue={(a, b) => a.id === b.id}
      getOptionLabel={(o) => o.label}
      onChange={(_e, option) => {
        if (option.id === current) return;
        void quick.save(
          { assignedTo: option.id },
          option.id ? `Assigned to ${directory.labelOf(option.id)}.` : 'Lead unassigned.',
        );
      }}
      sx={{ width: 230 }}
      renderInput={(params) => (
        <TextField
          {...params}
          label="Assignee"
          helperText={directory.isError ? 'The user list could not be loaded.' : undefined}
        />
      )}
    />
  );
}

function LegalHoldField({ lead, readOnly, quick }: { lead: Lead; readOnly: boolean; quick: ReturnType<typeof useQuickPatch> }) {
  const canHold = useCan('leads.legalHold');
  if (!canHold || readOnly) {
    return lead.legalHold ? (
      <Chip icon={<GavelIcon />} color="warning" variant="outlined" label="Legal hold" sx={{ alignSelf: 'center' }} />
    ) : null;
  }
  return (
    <FormControlLabel
      control={
        <Switch
          checked={lead.legalHold}
          disabled={quick.saving}
          onChange={(e) =>
            void quick.save(
              { legalHold: e.target.checked },
              e.target.checked ? 'Legal hold on: the lead cannot be deleted.' : 'Legal hold lifted.',
            )
          }
        />
      }
      label={
        <Stack direction="row" spacing={0.5} sx={{ alignItems: 'center' }}>
          <GavelIcon fontSize="small" color={lead.legalHold ? 'warning' : 'disabled'} aria-hidden="true" />
          <span>Legal hold</span>
        </Stack>
      }
      sx={{ mr: 0, alignSelf: 'center' }}
    />
  );
}

function TagsField({ lead, readOnly, quick }: { lead: Lead; readOnly: boolean; quick: ReturnType<typeof useQuickPatch> }) {
  const tags = lead.tags ?? [];
  const [draft, setDraft] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const labelId = useId();

  const add = async () => {
    const text = draft.trim();
    const why = tagProblem(text, tags);
    if (why) {
      setProblem(why);
      return;
    }
    setProblem(null);
    if (await quick.save({ tags: [...tags, text] }, `Tag “${text}” added.`)) setDraft('');
  };

  const remove = (tag: string) => {
    const rest = tags.filter((t) => t !== tag);
    void quick.save({ tags: rest.length > 0 ? rest : null }, `Tag “${tag}” removed.`);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      void add();
    }
  };

  return (
    <Box sx={{ minWidth: 0, flex: 1 }}>
      <Caption id={labelId}>Tags</Caption>
      <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 0.75, alignItems: 'center' }}>
        {tags.length === 0 && readOnly ? (
          <Typography variant="body2" color="text.disabled">
            None
          </Typography>
        ) : null}
        {tags.length > 0 ? (
          <Box
            component="ul"
            aria-labelledby={labelId}
            sx={{ display: 'contents', listStyle: 'none', m: 0, p: 0, '& > li': { display: 'flex' } }}
          >
            {tags.map((tag) => (
              <li key={tag}>
                <Chip
                  size="small"
                  label={tag}
                  onDelete={readOnly || quick.saving ? undefined : () => remove(tag)}
                  aria-label={readOnly ? tag : `${tag}: press Delete to remove the tag`}
                />
              </li>
            ))}
          </Box>
        ) : null}
        {readOnly ? null : (
          <TextField
            size="small"
            variant="standard"
            placeholder={tags.length === 0 ? 'Add a tag…' : 'Add…'}
            value={draft}
            onChange={(e) => {
              setDraft(e.target.value);
              setProblem(null);
            }}
            onKeyDown={onKeyDown}
            onBlur={() => {
              if (draft.trim() !== '') void add();
            }}
            error={!!problem}
            helperText={problem}
            disabled={quick.saving}
            slotProps={{ htmlInput: { 'aria-label': 'Add a tag (Enter adds it)', maxLength: 60 } }}
            sx={{ width: 140 }}
          />
        )}
      </Stack>
    </Box>
  );
}

export function LeadOverview({ lead, readOnly }: { lead: Lead; readOnly: boolean }) {
  const quick = useQuickPatch(lead);
  return (
    <Box>
      <Stack
        direction="row"
        sx={{ flexWrap: 'wrap', columnGap: 4, rowGap: 2, alignItems: 'flex-start' }}
      >
        <AssigneeField lead={lead} readOnly={readOnly} quick={quick} />
        <LegalHoldField lead={lead} readOnly={readOnly} quick={quick} />
        <TagsField lead={lead} readOnly={readOnly} quick={quick} />
      </Stack>
      {quick.error ? (
        <ProblemAlert error={quick.error} sx={{ mt: 2 }} />
      ) : null}
    </Box>
  );
}
