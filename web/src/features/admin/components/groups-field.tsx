// Checkboxes for a user's groups (admin, manager, agent), each with what it allows.
import Checkbox from '@mui/material/Checkbox';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import Typography from '@mui/material/Typography';
import type { Role } from '@/lib/api-schema';
import { ROLE_LABELS, ROLE_ORDER } from '@/lib/permissions';

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  admin: 'Everything, including users, API keys and the audit log.',
  manager: 'Every lead, reassigning leads, reports. No user administration.',
  agent: 'Only the leads assigned to them, and new leads they create.',
};

export interface GroupsFieldProps {
  value: readonly Role[];
  onChange: (groups: Role[]) => void;
  error?: string;
  disabled?: boolean;
}

export function GroupsField({ value, onChange, error, disabled }: GroupsFieldProps) {
  const toggle = (role: Role, on: boolean) => {
    const next = new Set(value);
    if (on) next.add(role);
    else next.delete(role);
    onChange(ROLE_ORDER.filter((r) => next.has(r)));
  };
  return (
    <FormControl component="fieldset" error={!!error} disabled={disabled}>
      <FormLabel component="legend" sx={{ mb: 0.5 }}>
        Groups
      </FormLabel>
      <FormGroup>
        {ROLE_ORDER.map((role) => (
          <FormControlLabel
            key={role}
            sx={{ alignItems: 'flex-start', mb: 0.5 }}
            control={
              <Checkbox
                checked={value.includes(role)}
                onChange={(e) => toggle(role, e.target.checked)}
                sx={{ pt: 0.5 }}
              />
            }
            label={
              <>
                <Typography variant="body2" sx={{ fontWeight: 600 }}>
                  {ROLE_LABELS[role]}
                </Typography>
                <Typography variant="caption" color="text.secondary">
                  {ROLE_DESCRIPTIONS[role]}
                </Typography>
              </>
            }
          />
        ))}
      </FormGroup>
      {error ? <FormHelperText>{error}</FormHelperText> : null}
    </FormControl>
  );
}
