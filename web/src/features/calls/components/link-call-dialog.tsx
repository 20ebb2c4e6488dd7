// Give an unmatched call a lead: search leads as one types, pick one, link.
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { ProblemAlert } from '@/components/problem-alert';
import { useToast } from '@/components/toast-context';
import { useListLeadsQuery } from '@/lib/leads-api';
import { problemFromError } from '@/lib/problem';
import { useLinkCallMutation, type Call } from '../calls-api';

export function LinkCallDialog({ call, onClose }: { call: Call | null; onClose: () => void }) {
  const [query, setQuery] = useState('');
  const [chosen, setChosen] = useState<string | null>(null);
  const search = useListLeadsQuery({ q: query, limit: 8 }, { skip: query.trim().length < 2 });
  const [link, linking] = useLinkCallMutation();
  const toast = useToast();
  const problem = problemFromError(linking.error);

  useEffect(() => {
    if (call) {
      setQuery(call.customerNumber.replace(/^\+1/, ''));
      setChosen(null);
      linking.reset();
    }
  }, [call]);

  const submit = async () => {
    if (!call || !chosen) return;
    try {
      await link({ id: call.id, version: call.version, leadId: chosen }).unwrap();
      toast.success('Call linked to the lead.');
      onClose();
    } catch {
      // Shown in the dialog.
    }
  };

  const leads = search.data?.items ?? [];
  return (
    <Dialog open={call !== null} onClose={onClose} maxWidth="sm" fullWidth aria-labelledby="link-call-title">
      <DialogTitle id="link-call-title">Link the call to a lead</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ mt: 1 }}>
          <TextField
            label="Find a lead"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            helperText="Name, phone, email, claim or policy number"
            autoFocus
          />
          {leads.length === 0 && query.trim().length >= 2 && !search.isFetching ? (
            <Typography variant="body2" color="text.secondary">
              No lead matches.
            </Typography>
          ) : (
            <List dense aria-label="Matching leads">
              {leads.map((lead) => (
                <ListItemButton key={lead.id} selected={chosen === lead.id} onClick={() => setChosen(lead.id)}>
                  <ListItemText
                    primary={`${lead.firstName ?? ''} ${lead.lastName ?? ''}`.trim() || lead.id}
                    secondary={(lead.phones ?? []).map((p) => p.number).join(', ')}
                  />
                </ListItemButton>
              ))}
            </List>
          )}
          {problem ? <ProblemAlert error={problem} /> : null}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" onClick={submit} disabled={!chosen || linking.isLoading}>
          Link
        </Button>
      </DialogActions>
    </Dialog>
  );
}
