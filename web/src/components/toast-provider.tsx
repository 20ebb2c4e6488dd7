// Shows toasts one at a time, in order (Material guidance: never stack snackbars).
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Snackbar, { type SnackbarCloseReason } from '@mui/material/Snackbar';
import { useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import { ToastContext, type ToastApi, type ToastOptions } from './toast-context';

interface Toast extends ToastOptions {
  id: number;
  message: ReactNode;
}

export function ToastProvider({ children }: { children: ReactNode }) {
  const [queue, setQueue] = useState<Toast[]>([]);
  const [open, setOpen] = useState(true);
  const nextId = useRef(1);
  const current = queue[0];

  const show = useCallback((message: ReactNode, options: ToastOptions = {}) => {
    const id = nextId.current++;
    setQueue((q) => [...q, { id, message, ...options }]);
    setOpen(true);
  }, []);

  const api = useMemo<ToastApi>(
    () => ({
      show,
      success: (message, options) => show(message, { ...options, severity: 'success' }),
      info: (message, options) => show(message, { ...options, severity: 'info' }),
      warning: (message, options) => show(message, { ...options, severity: 'warning' }),
      error: (message, options) => show(message, { ...options, severity: 'error' }),
    }),
    [show],
  );

  const handleClose = (_event?: unknown, reason?: SnackbarCloseReason) => {
    if (reason === 'clickaway') return;
    setOpen(false);
  };

  const handleExited = () => {
    setQueue((q) => q.slice(1));
    setOpen(true);
  };

  const severity = current?.severity ?? 'info';
  const duration =
    current?.duration === undefined ? (severity === 'error' ? 8000 : 5000) : current.duration;

  return (
    <ToastContext.Provider value={api}>
      {children}
      {current ? (
        <Snackbar
          key={current.id}
          open={open}
          autoHideDuration={duration}
          onClose={handleClose}
          anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
          slotProps={{ transition: { onExited: handleExited } }}
        >
          <Alert
            onClose={handleClose}
            severity={severity}
            variant="filled"
            sx={{ width: '100%', alignItems: 'center' }}
            action={
              current.action ? (
                <Button
                  color="inherit"
                  size="small"
                  onClick={() => {
                    current.action?.onClick();
                    handleClose();
                  }}
                >
                  {current.action.label}
                </Button>
              ) : undefined
            }
          >
            {current.message}
          </Alert>
        </Snackbar>
      ) : null}
    </ToastContext.Provider>
  );
}
