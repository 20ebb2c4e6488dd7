// The filters above the grid: status, assignee (managers and admins), loss type, tag and "updated
// since". Each change goes to the URL at once (the tag after a pause in typing).
import FilterAltOffIcon from '@mui/icons-material/FilterAltOffOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { LEAD_STATUSES, type LeadStatus, type LossType } from '@/lib/leads-api';
import { activeFilterCount, LOSS_TYPES, type LeadFilters } from '../lead-filters';
import { LOSS_TYPE_LABELS, STATUS_LABELS } from '../lead-labels';
import type { Assignees } from '../use-assignees';
import { AssigneePicker } from './assignee-picker';

export const TAG_DEBOUNCE_MS = 400;

export interface LeadsFilterBarProps {
  /** The search box, shown first with the clear button beside it. */
  search: ReactNode;
  filters: LeadFilters;
  onChange: (patch: Partial<LeadFilters>) => void;
  onClear: () => void;
  assignees: Assignees;
}

const ANY = '';
const fieldSx = { minWidth: 0 } as const;

function TagFilter({ value, onChange }: { value: string; onChange: (tag: string) => void }) {
  const [text, setText] = useState(value);
  const [lastValue, setLastValue] = useState(value);
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  }, [onChange]);

  if (value !== lastValue) {
    setLastValue(value);
    if (text.trim() !== value) setText(value);
  }

  useEffect(() => {
    if (text.trim() === value) return undefined;
    const timer = setTimeout(() => onChangeRef.current(text.trim()), TAG_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, value]);

  return (
    <TextField
      label="Tag"
      size="small"
      value={text}
      onChange={(event) => setText(event.target.value.replace(/;/g, ''))}
      onKeyDown={(event) => {
        if (event.key === 'Enter') onChange(text.trim());
      }}
      onBlur={() => {
        if (text.trim() !== value) onChange(text.trim());
      }}
      placeholder="e.g. roof"
      autoComplete="off"
      slotProps={{ htmlInput: { maxLength: 40 }, inputLabel: { shrink: true } }}
      sx={fieldSx}
    />
  );
}

export function LeadsFilterBar({ search, filters, onChange, onClear, assignees }: LeadsFilterBarProps) {
  const count = activeFilterCount(filters);
  const today = new Date();
  const maxDay = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(
    today.getDate(),
  ).padStart(2, '0')}`;

  return (
    <Stack spacing={1.5}>
      <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center' }}>
        <Box sx={{ flex: 1, minWidth: 0 }}>{search}</Box>
        <Button
          onClick={onClear}
          startIcon={<FilterAltOffIcon />}
          disabled={count === 0 && filters.q === ''}
          sx={{ flexShrink: 0 }}
        >
          Clear filters{count > 0 ? ` (${count})` : ''}
        </Button>
      </Stack>
      <Box
        role="group"
        aria-label="Filters"
        sx={{ display: 'grid', gap: 1.5, gridTemplateColumns: 'repeat(auto-fit, minmax(150px, 1fr))' }}
      >
        <TextField
          select
          label="Status"
          size="small"
          value={filters.status ?? ANY}
          onChange={(event) =>
            onChange({ status: event.target.value === ANY ? null : (event.target.value as LeadStatus) })
          }
          slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true } }}
          sx={fieldSx}
        >
          <MenuItem value={ANY}>Any status</MenuItem>
          {LEAD_STATUSES.map((status) => (
            <MenuItem key={status} value={status}>
              {STATUS_LABELS[status]}
            </MenuItem>
          ))}
        </TextField>

        {assignees.canPick ? (
          <AssigneePicker
            label="Assigned to"
            placeholder="Anyone"
            options={assignees.options}
            value={filters.assignedTo}
            onChange={(assignedTo) => onChange({ assignedTo })}
            loading={assignees.isLoading}
            nameOf={assignees.nameOf}
            sx={fieldSx}
          />
        ) : null}

        <TextField
          select
          label="Loss type"
          size="small"
          value={filters.lossType ?? ANY}
          onChange={(event) =>
            onChange({ lossType: event.target.value === ANY ? null : (event.target.value as LossType) })
          }
          slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true } }}
          sx={fieldSx}
        >
          <MenuItem value={ANY}>Any loss type</MenuItem>
          {LOSS_TYPES.map((type) => (
            <MenuItem key={type} value={type}>
              {LOSS_TYPE_LABELS[type]}
            </MenuItem>
          ))}
        </TextField>

        <TagFilter value={filters.tag} onChange={(tag) => onChange({ tag })} />

        <TextField
          type="date"
          label="Updated since"
          size="small"
          value={filters.updatedSince ?? ''}
          onChange={(event) => onChange({ updatedSince: event.target.value || null })}
          slotProps={{ inputLabel: { shrink: true }, htmlInput: { max: maxDay } }}
          sx={fieldSx}
        />
      </Box>
    </Stack>
  );
}
