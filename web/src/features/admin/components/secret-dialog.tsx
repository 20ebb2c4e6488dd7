// Shows a secret the server hands out once (a temporary password, an API key), with a copy button
// and a warning. Closing it forgets the secret: the parent clears its state in onClose. A click
// outside does not close it, so the secret is not lost by accident.
import CheckIcon from '@mui/icons-material/Check';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { MONO_STACK } from '@/theme/theme';

export interface SecretDialogProps {
  /** The secret; null closes the dialog. */
  secret: string | null;
  title: string;
  /** What the secret is for and what to do with it. */
  description: ReactNode;
  /** Names the secret for the copy button ("temporary password", "API key"). */
  secretLabel: string;
  onClose: () => void;
}

export function SecretDialog(props: SecretDialogProps) {
  const { onClose } = props;
  // What is on screen: the props while a secret is given, then kept through the closing
  // animation (so the dialog does not go blank as it fades), and dropped once it is gone.
  const [shown, setShown] = useState<SecretDialogProps | null>(props.secret !== null ? props : null);
  if (props.secret !== null && (props.secret !== shown?.secret || props.title !== shown.title)) {
    setShown(props);
  }
  const { secret, title, description, secretLabel } = shown ?? props;
  const open = props.secret !== null;
  const titleId = useId();
  const secretId = useId();
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const secretRef = useRef<HTMLElement>(null);

  useEffect(() => {
    if (!open) setCopied(null);
  }, [open]);

  const selectSecret = () => {
    const node = secretRef.current;
    const selection = window.getSelection();
    if (!node || !selection) return;
    const range = document.createRange();
    range.selectNodeContents(node);
    selection.removeAllRanges();
    selection.addRange(range);
  };

  const copy = async () => {
    if (!secret) return;
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('yes');
    } catch {
      // No clipboard access (an http page, a denied permission): select it for Ctrl+C instead.
      selectSecret();
      setCopied('failed');
    }
  };

  return (
    <Dialog
      open={open}
      onClose={(_event, reason) => {
        if (reason !== 'backdropClick') onClose();
      }}
      slotProps={{ transition: { onExited: () => setShown(null) } }}
      aria-labelledby={titleId}
      maxWidth="sm"
      fullWidth
    >
      <DialogTitle id={titleId}>{title}</DialogTitle>
      <DialogContent>
        <Stack spacing={2}>
          <Typography variant="body2">{description}</Typography>
          <Box>
            <Typography
              component="label"
              htmlFor={secretId}
              variant="body2"
              sx={{ fontWeight: 600, display: 'block', mb: 0.5 }}
            >
              {secretLabel.charAt(0).toUpperCase() + secretLabel.slice(1)}
            </Typography>
            <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ alignItems: { sm: 'center' } }}>
              <Box
                id={secretId}
                ref={secretRef}
                component="output"
                data-testid="secret-value"
                sx={{
                  flex: 1,
                  minWidth: 0,
                  px: 1.5,
                  py: 1,
                  borderRadius: 1,
                  border: 1,
                  borderColor: 'divider',
                  bgcolor: 'action.hover',
                  fontFamily: MONO_STACK,
                  fontSize: '0.95rem',
                  overflowWrap: 'anywhere',
                  userSelect: 'all',
                }}
              >
                {secret}
              </Box>
              <Button
                variant="contained"
                onClick={() => void copy()}
                startIcon={copied === 'yes' ? <CheckIcon /> : <ContentCopyIcon />}
                sx={{ flexShrink: 0 }}
              >
                {copied === 'yes' ? 'Copied' : `Copy ${secretLabel}`}
              </Button>
            </Stack>
            <Box role="status" sx={{ minHeight: 20, mt: 0.5 }}>
              {copied === 'failed' ? (
                <Typography variant="caption" color="text.secondary">
                  Copying is blocked here. The {secretLabel} is selected: press Ctrl+C (⌘C) to copy it.
                </Typography>
              ) : null}
            </Box>
          </Box>
          <Alert severity="warning">
            This is the only time the {secretLabel} is shown. Once you close this dialog it cannot be
            shown again.
          </Alert>
        </Stack>
      </DialogContent>
      <DialogActions sx={{ px: 3, pb: 2 }}>
        <Button onClick={onClose} variant={copied === 'yes' ? 'contained' : 'text'}>
          {copied === 'yes' ? 'Done' : 'Close'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
