// Where a CSV file is dropped or chosen: a dashed area that is also a button (keyboard: Enter or
// Space opens the file chooser), showing the chosen file's name and size.
import UploadFileIcon from '@mui/icons-material/UploadFileOutlined';
import InsertDriveFileIcon from '@mui/icons-material/InsertDriveFileOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { alpha } from '@mui/material/styles';
import { useId, useRef, useState, type DragEvent } from 'react';
import { formatBytes } from '../authorized-request';
import type { ChosenFile } from '../import-flow';

export interface CsvDropZoneProps {
  file: ChosenFile | null;
  error: string | null;
  disabled?: boolean;
  onFile: (file: File) => void;
}

export function CsvDropZone({ file, error, disabled = false, onFile }: CsvDropZoneProps) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const hintId = useId();
  const errorId = useId();

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    if (disabled) return;
    const dropped = event.dataTransfer.files[0];
    if (dropped) onFile(dropped);
  };

  return (
    <Box>
      <Box
        onDragOver={(event) => {
          event.preventDefault();
          if (!disabled) {
            event.dataTransfer.dropEffect = 'copy';
            setOver(true);
          }
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        sx={(theme) => ({
          border: 2,
          borderStyle: 'dashed',
          borderColor: error ? 'error.main' : over ? 'primary.main' : 'divider',
          borderRadius: 2,
          p: { xs: 2.5, sm: 4 },
          textAlign: 'center',
          bgcolor: over ? alpha(theme.palette.primary.main, 0.08) : 'background.paper',
          transition: theme.transitions.create(['background-color', 'border-color']),
          opacity: disabled ? 0.6 : 1,
        })}
      >
        {file ? (
          <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center', justifyContent: 'center', mb: 2 }}>
            <InsertDriveFileIcon color="primary" aria-hidden="true" />
            <Box sx={{ textAlign: 'left', minWidth: 0 }}>
              <Typography variant="subtitle1" sx={{ wordBreak: 'break-all' }} data-testid="chosen-file">
                {file.name}
              </Typography>
              <Typography variant="body2" color="text.secondary">
                {formatBytes(file.size)}
              </Typography>
            </Box>
          </Stack>
        ) : (
          <Box sx={{ mb: 2 }}>
            <UploadFileIcon color="primary" sx={{ fontSize: 40 }} aria-hidden="true" />
            <Typography variant="subtitle1">Drop a CSV file here</Typography>
          </Box>
        )}
        <Button
          variant={file ? 'outlined' : 'contained'}
          onClick={() => input.current?.click()}
          disabled={disabled}
          aria-describedby={error ? `${hintId} ${errorId}` : hintId}
        >
          {file ? 'Choose another file' : 'Choose a CSV file'}
        </Button>
        <Typography id={hintId} variant="body2" color="text.secondary" sx={{ mt: 1.5 }}>
          A header row naming the columns (as in an export); up to 100,000 rows and 64 MB.
        </Typography>
        <input
          ref={input}
          type="file"
          accept=".csv,text/csv"
          hidden
          aria-label="CSV file"
          onChange={(event) => {
            const chosen = event.target.files?.[0];
            if (chosen) onFile(chosen);
            // Choosing the same file again must fire again.
            event.target.value = '';
          }}
        />
      </Box>
      {error ? (
        <Typography id={errorId} role="alert" variant="body2" color="error" sx={{ mt: 1 }}>
          {error}
        </Typography>
      ) : null}
    </Box>
  );
}
