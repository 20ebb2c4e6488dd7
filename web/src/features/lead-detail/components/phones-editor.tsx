// The lead's phone numbers in the contact form: a number and its type per row, up to five. A
// number a call flagged wrong keeps its flag through other edits, can be cleared, and loses it
// when the number itself changes.
import AddIcon from '@mui/icons-material/Add';
import CloseIcon from '@mui/icons-material/Close';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { PHONE_TYPE_LABELS, type PhoneType } from '@/components/lead-detail-format';
import { MAX_PHONES, type PhoneInput } from '../lib/lead-fields';

export interface PhonesEditorProps {
  phones: PhoneInput[];
  onChange: (phones: PhoneInput[]) => void;
  /** Message by path (`phones[0].number`). */
  errorOf: (path: string) => string | undefined;
  disabled?: boolean;
}

export function PhonesEditor({ phones, onChange, errorOf, disabled }: PhonesEditorProps) {
  const update = (index: number, change: Partial<PhoneInput>) =>
    onChange(phones.map((p, i) => (i === index ? { ...p, ...change } : p)));
  const listError = errorOf('phones');
  return (
    <Box component="fieldset" sx={{ border: 0, p: 0, m: 0, minWidth: 0 }}>
      <Typography component="legend" variant="subtitle2" sx={{ mb: 1 }}>
        Phones
      </Typography>
      <Stack spacing={1.5}>
        {phones.map((phone, index) => {
          const numberError = errorOf(`phones[${index}].number`) ?? errorOf(`phones[${index}]`);
          const typeError = errorOf(`phones[${index}].type`);
          return (
            <Stack key={index} direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
              <TextField
                size="small"
                label={`Phone ${index + 1}`}
                type="tel"
                value={phone.number}
                onChange={(e) => update(index, { number: e.target.value, wrongNumber: false })}
                error={!!numberError}
                helperText={
                  numberError ??
                  (phone.wrongNumber ? (
                    <Chip
                      component="span"
                      size="small"
                      color="warning"
                      variant="outlined"
                      label="Flagged wrong number"
                      onDelete={disabled ? undefined : () => update(index, { wrongNumber: false })}
                      sx={{ mt: 0.5 }}
                    />
                  ) : undefined)
                }
                disabled={disabled}
                slotProps={{ htmlInput: { maxLength: 40, autoComplete: 'off' }, formHelperText: { component: 'div' } }}
                sx={{ flex: 1, minWidth: 0 }}
              />
              <TextField
                select
                size="small"
                label={`Phone ${index + 1} type`}
                value={phone.type}
                onChange={(e) => update(index, { type: e.target.value as PhoneType })}
                error={!!typeError}
                helperText={typeError}
                disabled={disabled}
                sx={{ width: 140, flexShrink: 0 }}
              >
                {Object.entries(PHONE_TYPE_LABELS).map(([value, label]) => (
                  <MenuItem key={value} value={value}>
                    {label}
                  </MenuItem>
                ))}
              </TextField>
              <IconButton
                aria-label={`Remove phone ${index + 1}`}
                onClick={() => onChange(phones.filter((_, i) => i !== index))}
                disabled={disabled}
                sx={{ mt: 0.25 }}
              >
                <CloseIcon fontSize="small" />
              </IconButton>
            </Stack>
          );
        })}
        {listError ? (
          <Typography variant="caption" color="error" role="alert">
            {listError}
          </Typography>
        ) : null}
        {phones.length < MAX_PHONES ? (
          <Box>
            <Button
              size="small"
              startIcon={<AddIcon />}
              onClick={() => onChange([...phones, { number: '', type: 'mobile' }])}
              disabled={disabled}
            >
              Add phone
            </Button>
          </Box>
        ) : (
          <Typography variant="caption" color="text.secondary">
            A lead holds at most {MAX_PHONES} phones.
          </Typography>
        )}
      </Stack>
    </Box>
  );
}
