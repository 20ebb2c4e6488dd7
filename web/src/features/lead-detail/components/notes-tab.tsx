// The Notes tab: write a note (Ctrl+Enter sends), and the lead's notes, newest first.
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { ProblemAlert } from '@/components/problem-alert';
import { useToast } from '@/components/toast-context';
import { fieldError, problemFromError } from '@/lib/problem';
import { useAddNoteMutation, type ActivityEntry } from '@/lib/leads-api';
import { ActivityList } from './activity-list';
import type { LeadTabProps } from './lead-tab-types';

const MAX_NOTE_BYTES = 10_000;

const isNote = (entry: ActivityEntry) => entry.type === 'note';

export function NotesTab({ lead, readOnly }: LeadTabProps) {
  const [text, setText] = useState('');
  const [addNote, { isLoading, error, reset }] = useAddNoteMutation();
  const toast = useToast();
  const problem = problemFromError(error);
  const bytes = new TextEncoder().encode(text).length;
  const tooLong = bytes > MAX_NOTE_BYTES;
  const textError = tooLong
    ? `At most 10,000 characters (bytes); this is ${bytes.toLocaleString()}.`
    : fieldError(problem, 'text');

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (text.trim() === '' || tooLong || isLoading) return;
    try {
      await addNote({ id: lead.id, text }).unwrap();
      setText('');
      toast.success('Note added.');
    } catch {
      // Shown under the form.
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void submit();
  };

  return (
    <Stack spacing={2.5}>
      {readOnly ? null : (
        <Box component="form" onSubmit={submit} noValidate>
          <TextField
            label="New note"
            placeholder="What happened, what was agreed, what comes next…"
            multiline
            minRows={3}
            maxRows={12}
            fullWidth
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              if (error) reset();
            }}
            onKeyDown={onKeyDown}
            error={!!textError}
            helperText={textError ?? 'Ctrl+Enter adds the note.'}
          />
          {problem && !fieldError(problem, 'text') ? (
            <ProblemAlert error={problem} shownFields={['text']} sx={{ mt: 1 }} />
          ) : null}
          <Stack direction="row" sx={{ justifyContent: 'flex-end', mt: 1 }}>
            <Button
              type="submit"
              variant="contained"
              loading={isLoading}
              disabled={text.trim() === '' || tooLong}
            >
              Add note
            </Button>
          </Stack>
        </Box>
      )}
      <ActivityList
        lead={lead}
        label="Notes"
        filter={isNote}
        loadMoreLabel="Load older notes"
        empty={{
          title: 'No notes yet',
          description: readOnly
            ? 'Nobody wrote a note on this lead.'
            : 'Write down calls, visits and what was agreed, so the whole team knows.',
        }}
      />
    </Stack>
  );
}
