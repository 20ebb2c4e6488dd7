// "Create API key": a name and at least one scope. The reply's secret goes to the page, which
// shows it once.
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useId, useState, type FormEvent } from 'react';
import { ProblemAlert } from '@/components/problem-alert';
import { fieldError, problemFromError } from '@/lib/problem';
import { useCreateApiKeyMutation, type ApiKeyScope, type CreatedApiKey } from '../admin-api';

/** The scopes the contract allows, with what each lets a machine client do. */
export const API_KEY_SCOPES: readonly { value: ApiKeyScope; label: string; description: string }[] = [
  {
    value: 'connect:ingest',
    label: 'Contact-center ingest',
    description: 'Send Amazon Connect contact events and contact trace records.',
  },
  {
    value: 'connect:lookup',
    label: 'Screen pop lookup',
    description: 'Look up leads by the caller’s phone number.',
  },
  { value: 'leads:read', label: 'Read leads', description: 'Read leads and their details.' },
];

export function scopeLabel(scope: string): string {
  return API_KEY_SCOPES.find((s) => s.value === scope)?.label ?? scope;
}

export interface CreateApiKeyDialogProps {
  open: boolean;
  onClose: () => void;
  onCreated: (created: CreatedApiKey) => void;
}

export function CreateApiKeyDialog({ open, onClose, onCreated }: CreateApiKeyDialogProps) {
  const titleId = useId();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiKeyScope[]>([]);
  const [touched, setTouched] = useState(false);
  const [createKey, { isLoading, error, reset }] = useCreateApiKeyMutation();
  const problem = problemFromError(error);

  const nameError =
    fieldError(problem, 'name') ??
    (touched && name.trim() === '' ? 'Give the key a name, e.g. the client that uses it' : undefined);
  const scopesError =
    fieldError(problem, 'scopes') ?? (touched && scopes.length === 0 ? 'Choose at least one scope' : undefined);

  const clear = () => {
    setName('');
    setScopes([]);
    setTouched(false);
    reset();
  };
  const close = () => {
    if (isLoading) return;
    clear();
    onClose();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (name.trim() === '' || scopes.length === 0) return;
    try {
      const created = await createKey({ name: name.trim(), scopes }).unwrap();
      clear();
      onCreated(created);
    } catch {
      // Shown from `error` below.
    }
  };

  return (
    <Dialog open={open} onClose={close} aria-labelledby={titleId} maxWidth="sm" fullWidth>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <DialogTitle id={titleId}>Create API key</DialogTitle>
        <DialogContent>
          <Stack spacing={2.5} sx={{ pt: 1 }}>
            <TextField
              label="Name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              required
              autoFocus
              autoComplete="off"
              error={!!nameError}
              helperText={nameError ?? 'Who uses it, e.g. “Amazon Connect”.'}
              slotProps={{ htmlInput: { maxLength: 100 } }}
            />
            <FormControl component="fieldset" error={!!scopesError}>
              <FormLabel component="legend" sx={{ mb: 0.5 }}>
                Scopes
              </FormLabel>
              <FormGroup>
                {API_KEY_SCOPES.map((scope) => (
                  <FormControlLabel
                    key={scope.value}
                    sx={{ alignItems: 'flex-start', mb: 0.5 }}
                    control={
                      <Checkbox
                        checked={scopes.includes(scope.value)}
                        onChange={(e) =>
                          setScopes((prev) =>
                            API_KEY_SCOPES.map((s) => s.value).filter((v) =>
                              v === scope.value ? e.target.checked : prev.includes(v),
                            ),
                          )
                        }
                        sx={{ pt: 0.5 }}
                      />
                    }
                    label={
                      <>
                        <Typography variant="body2" sx={{ fontWeight: 600 }}>
                          {scope.label}{' '}
                          <Typography component="code" variant="caption" color="text.secondary">
                            {scope.value}
                          </Typography>
                        </Typography>
                        <Typography variant="caption" color="text.secondary">
                          {scope.description}
                        </Typography>
                      </>
                    }
                  />
                ))}
              </FormGroup>
              {scopesError ? <FormHelperText>{scopesError}</FormHelperText> : null}
            </FormControl>
            {error ? <ProblemAlert error={error} shownFields={['name', 'scopes']} /> : null}
          </Stack>
        </DialogContent>
        <DialogActions sx={{ px: 3, pb: 2 }}>
          <Button onClick={close} disabled={isLoading}>
            Cancel
          </Button>
          <Button type="submit" variant="contained" loading={isLoading}>
            Create key
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
