// A Contact Lens transcript: the turns by participant with their sentiment, the one being
// played highlighted and kept in view, a click seeking the recording to that turn, and a search
// that marks the turns holding the words.
import SearchIcon from '@mui/icons-material/Search';
import Box from '@mui/material/Box';
import InputAdornment from '@mui/material/InputAdornment';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { TranscriptTurn } from '../calls-api';
import { activeTurnIndex, formatOffset, sentimentLabel, sentimentTone } from '../lib/transcript';

type Props = {
  turns: readonly TranscriptTurn[];
  /** Where the recording is, in milliseconds; null while nothing plays. */
  positionMs: number | null;
  /** Seeks the recording; absent when there is none to seek. */
  onSeek?: (ms: number) => void;
};

export function TranscriptView({ turns, positionMs, onSeek }: Props) {
  const [query, setQuery] = useState('');
  const active = positionMs === null ? -1 : activeTurnIndex(turns, positionMs);
  const activeRef = useRef<HTMLLIElement | null>(null);
  const needle = query.trim().toLowerCase();
  const matches = useMemo(
    () => (needle ? turns.map((t, i) => (t.content.toLowerCase().includes(needle) ? i : -1)).filter((i) => i >= 0) : []),
    [turns, needle],
  );

  useEffect(() => {
    // Follows the playback without moving the page: only the list scrolls.
    activeRef.current?.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' });
  }, [active]);

  return (
    <Box>
      <TextField
        size="small"
        fullWidth
        placeholder="Search the transcript"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        helperText={needle ? `${matches.length} ${matches.length === 1 ? 'turn' : 'turns'} mention “${query.trim()}”` : ' '}
        slotProps={{
          input: {
            startAdornment: (
              <InputAdornment position="start">
                <SearchIcon fontSize="small" />
              </InputAdornment>
            ),
          },
          htmlInput: { 'aria-label': 'Search the transcript' },
        }}
      />
      <Box
        component="ol"
        aria-label="Transcript"
        // Scrolls on its own: reachable by keyboard to scroll it.
        tabIndex={0}
        sx={{ listStyle: 'none', m: 0, p: 0, maxHeight: 320, overflowY: 'auto', display: 'flex', flexDirection: 'column', gap: 0.75 }}
      >
        {turns.map((turn, index) => {
          const agent = turn.participant === 'AGENT';
          const tone = sentimentTone(turn.sentiment);
          const isActive = index === active;
          const isMatch = needle !== '' && matches.includes(index);
          return (
            <Box
              component="li"
              key={`${turn.beginMs}-${index}`}
              ref={isActive ? activeRef : undefined}
              aria-current={isActive ? 'true' : undefined}
              onClick={onSeek ? () => onSeek(turn.beginMs) : undefined}
              sx={{
                alignSelf: agent ? 'flex-start' : 'flex-end',
                maxWidth: '88%',
                px: 1.25,
                py: 0.75,
                borderRadius: 2,
                cursor: onSeek ? 'pointer' : 'default',
                bgcolor: isActive ? 'primary.main' : agent ? 'action.hover' : 'background.default',
                color: isActive ? 'primary.contrastText' : 'text.primary',
                border: 1,
                borderColor: isMatch ? 'warning.main' : 'divider',
                borderLeftWidth: 4,
                borderLeftColor: tone === 'default' ? 'divider' : `${tone}.main`,
                transition: 'background-color 150ms',
              }}
            >
              <Typography variant="caption" sx={{ display: 'block', opacity: 0.8 }}>
                {agent ? 'Agent' : turn.participant === 'CUSTOMER' ? 'Customer' : turn.participant} · {formatOffset(turn.beginMs)}
                {turn.sentiment ? (
                  <Tooltip title={sentimentLabel(turn.sentiment)}>
                    <Box
                      component="span"
                      role="img"
                      aria-label={sentimentLabel(turn.sentiment)}
                      sx={{
                        display: 'inline-block',
                        width: 8,
                        height: 8,
                        borderRadius: '50%',
                        ml: 0.75,
                        bgcolor: tone === 'default' ? 'text.disabled' : `${tone}.main`,
                      }}
                    />
                  </Tooltip>
                ) : null}
              </Typography>
              <Typography variant="body2">{turn.content}</Typography>
            </Box>
          );
        })}
      </Box>
    </Box>
  );
}
