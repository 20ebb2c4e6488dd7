// Picks a user to filter by or assign to, from the user directory (managers and admins).
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMemo } from 'react';
import type { AssigneeOption } from '../use-assignees';

/** The "nobody" choice of the reassign dialog (unassigns the lead). */
export const UNASSIGNED_ID = '__unassigned__';

export interface AssigneePickerProps {
  label: string;
  options: AssigneeOption[];
  /** A user id, UNASSIGNED_ID, or null for none chosen. */
  value: string | null;
  onChange: (value: string | null) => void;
  /** Offer "Unassigned" (reassigning may leave leads unassigned). */
  allowUnassigned?: boolean;
  loading?: boolean;
  size?: 'small' | 'medium';
  helperText?: string;
  error?: boolean;
  autoFocus?: boolean;
  disabled?: boolean;
  /** Shown when nothing is chosen (the label then stays above the input). */
  placeholder?: string;
  /** Name shown for an id that is not in the options (a link from someone with the directory). */
  nameOf?: (id: string) => string;
  sx?: React.ComponentProps<typeof Autocomplete>['sx'];
}

const UNASSIGNED: AssigneeOption = { id: UNASSIGNED_ID, username: 'Unassigned', isSelf: false, enabled: true };

export function AssigneePicker({
  label,
  options,
  value,
  onChange,
  allowUnassigned = false,
  loading = false,
  size = 'small',
  helperText,
  error,
  autoFocus,
  disabled,
  placeholder,
  nameOf,
  sx,
}: AssigneePickerProps) {
  const all = useMemo(() => {
    // Oneself first, then everyone else by name; disabled users cannot take leads.
    const sorted = [...options]
      .filter((o) => o.enabled || o.id === value)
      .sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.username.localeCompare(b.username));
    return allowUnassigned ? [UNASSIGNED, ...sorted] : sorted;
  }, [options, allowUnassigned, value]);

  const selected = useMemo<AssigneeOption | null>(() => {
    if (value === null) return null;
    return (
      all.find((o) => o.id === value) ?? {
        id: value,
        username: nameOf ? nameOf(value) : value,
        isSelf: false,
        enabled: true,
      }
    );
  }, [all, value, nameOf]);

  return (
    <Autocomplete
      options={all}
      value={selected}
      onChange={(_event, option) => onChange(option?.id ?? null)}
      getOptionLabel={(option) => (option.isSelf ? `${option.username} (you)` : option.username)}
      isOptionEqualToValue={(option, current) => option.id === current.id}
      loading={loading}
      disabled={disabled}
      size={size}
      autoHighlight
      sx={sx}
      renderOption={(props, option) => {
        const { key, ...rest } = props as typeof props & { key: string };
        return (
          <Box component="li" key={key} {...rest}>
            <Box>
              <Typography variant="body2" component="span">
                {option.id === UNASSIGNED_ID ? <em>Unassigned</em> : option.username}
              </Typography>
              {option.isSelf ? (
                <Typography variant="caption" color="text.secondary" component="span" sx={{ ml: 1 }}>
                  you
                </Typography>
              ) : null}
            </Box>
          </Box>
        );
      }}
      renderInput={(params) => (
        <TextField
          {...params}
          label={label}
          placeholder={placeholder}
          helperText={helperText}
          error={error}
          autoFocus={autoFocus}
          slotProps={{
            ...params.slotProps,
            inputLabel: { ...params.slotProps.inputLabel, ...(placeholder ? { shrink: true } : {}) },
          }}
        />
      )}
    />
  );
}
