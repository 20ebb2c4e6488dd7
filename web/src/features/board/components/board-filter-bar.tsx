// The board's filters, as on the leads grid: search, loss type, tag, and assignee (managers and
// admins). Text filters apply as one types (after a short pause); all are kept in the URL.
import FilterAltOffIcon from '@mui/icons-material/FilterAltOff';
import SearchIcon from '@mui/icons-material/Search';
import Autocomplete from '@mui/material/Autocomplete';
import Button from '@mui/material/Button';
import InputAdornment from '@mui/material/InputAdornment';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useEffect, useMemo, useRef, useState } from 'react';
import { LOSS_TYPES, lossTypeLabel } from '@/components/lead-detail-format';
import type { UserDirectory } from '@/hooks/use-user-directory';
import type { LossType } from '@/lib/leads-api';
import { EMPTY_FILTERS, hasFilters, type BoardFilters } from '../lib/board-filters';

const DEBOUNCE_MS = 300;

/** A text input that reports its value after a pause, and follows outside changes. */
function useDebouncedText(value: string, onCommit: (value: string) => void) {
  const [text, setText] = useState(value);
  const latest = useRef(onCommit);
  latest.current = onCommit;
  // Follow changes from outside (Clear filters, back button), but keep what is being typed.
  useEffect(() => setText((t) => (t.trim() === value ? t : value)), [value]);
  useEffect(() => {
    if (text.trim() === value) return undefined;
    const timer = window.setTimeout(() => latest.current(text.trim()), DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [text, value]);
  return [text, setText] as const;
}

interface AssigneeOption {
  id: string;
  label: string;
}

export interface BoardFilterBarProps {
  filters: BoardFilters;
  onChange: (filters: BoardFilters) => void;
  canFilterAssignee: boolean;
  directory: UserDirectory;
}

export function BoardFilterBar({ filters, onChange, canFilterAssignee, directory }: BoardFilterBarProps) {
  const [q, setQ] = useDebouncedText(filters.q, (value) => onChange({ ...filters, q: value }));
  const [tag, setTag] = useDebouncedText(filters.tag, (value) => onChange({ ...filters, tag: value }));

  const assigneeOptions = useMemo<AssigneeOption[]>(() => {
    const options: AssigneeOption[] = [{ id: 'me', label: 'Me' }];
    for (const user of directory.users) {
      if (user.id !== directory.meId) options.push({ id: user.id, label: user.username });
    }
    if (filters.assignee && !options.some((o) => o.id === filters.assignee)) {
      options.push({ id: filters.assignee, label: directory.labelOf(filters.assignee) });
    }
    return options;
  }, [directory, filters.assignee]);
  const assignee = assigneeOptions.find((o) => o.id === filters.assignee) ?? null;
  const active = hasFilters(filters, { canFilterAssignee });

  return (
    <Stack
      direction="row"
      role="search"
      aria-label="Filter the board"
      sx={{ flexWrap: 'wrap', gap: 1.5, alignItems: 'center', mb: 2 }}
    >
      <TextField
        size="small"
        label="Search"
        placeholder="Name, phone, email…"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') onChange({ ...filters, q: q.trim() });
        }}
        slotProps={{
          input: {
            startAdornment: (
              <InputAdornment position="start">
                <SearchIcon fontSize="small" />
              </InputAdornment>
            ),
          },
          htmlInput: { maxLength: 200, type: 'search' },
        }}
        sx={{ width: 280 }}
      />
      {canFilterAssignee ? (
        <Autocomplete
          size="small"
          options={assigneeOptions}
          value={assignee}
          onChange={(_e, option) => onChange({ ...filters, assignee: option?.id ?? '' })}
          isOptionEqualToValue={(a, b) => a.id === b.id}
          getOptionLabel={(o) => o.label}
          sx={{ width: 190 }}
          renderInput={(params) => <TextField {...params} label="Assignee" placeholder="Anyone" />}
        />
      ) : null}
      <TextField
        select
        size="small"
        label="Loss type"
        value={filters.lossType}
        onChange={(e) => onChange({ ...filters, lossType: e.target.value as LossType | '' })}
        sx={{ width: 150 }}
      >
        <MenuItem value="">
          <em>Any</em>
        </MenuItem>
        {LOSS_TYPES.map((type) => (
          <MenuItem key={type} value={type}>
            {lossTypeLabel(type)}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        size="small"
        label="Tag"
        value={tag}
        onChange={(e) => setTag(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') onChange({ ...filters, tag: tag.trim() });
        }}
        slotProps={{ htmlInput: { maxLength: 40 } }}
        sx={{ width: 150 }}
      />
      {active ? (
        <Button
          startIcon={<FilterAltOffIcon />}
          onClick={() => {
            setQ('');
            setTag('');
            onChange(EMPTY_FILTERS);
          }}
        >
          Clear filters
        </Button>
      ) : null}
    </Stack>
  );
}
