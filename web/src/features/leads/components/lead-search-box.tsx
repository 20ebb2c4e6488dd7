// The search box above the grid: results follow as one types (debounced), `/` focuses it from
// anywhere on the page, Escape clears it.
import ClearIcon from '@mui/icons-material/Clear';
import SearchIcon from '@mui/icons-material/Search';
import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import IconButton from '@mui/material/IconButton';
import InputAdornment from '@mui/material/InputAdornment';
import TextField from '@mui/material/TextField';
import { useEffect, useRef, useState, type Ref } from 'react';
import { clampSearch } from '../lead-filters';

// Short: a search answers in a few milliseconds, so the wait after a keystroke is mostly this
// pause. It still folds a burst of fast typing into one request; replies to superseded terms are
// dropped by RTK Query (only the current argument's result is shown).
export const SEARCH_DEBOUNCE_MS = 70;

export interface LeadSearchBoxProps {
  /** The search in effect (from the URL). */
  value: string;
  onSearch: (q: string) => void;
  /** A search is on its way (shows a spinner instead of the shortcut hint). */
  searching?: boolean;
  inputRef?: Ref<HTMLInputElement>;
}

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return (
    tag === 'INPUT' ||
    tag === 'TEXTAREA' ||
    tag === 'SELECT' ||
    target.isContentEditable ||
    target.closest('[role="dialog"], [role="listbox"], [role="menu"]') !== null
  );
}

/** Focuses `input` when `/` is pressed outside any input on the page. */
export function useSlashToFocus(input: React.RefObject<HTMLInputElement | null>) {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.defaultPrevented || isTypingTarget(event.target)) return;
      if (!input.current) return;
      event.preventDefault();
      input.current.focus();
      input.current.select();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [input]);
}

export function LeadSearchBox({ value, onSearch, searching = false, inputRef }: LeadSearchBoxProps) {
  const [text, setText] = useState(value);
  const [lastValue, setLastValue] = useState(value);
  const onSearchRef = useRef(onSearch);
  useEffect(() => {
    onSearchRef.current = onSearch;
  }, [onSearch]);

  // The search changed elsewhere (clear filters, back button): show it.
  if (value !== lastValue) {
    setLastValue(value);
    if (clampSearch(text.trim()) !== value) setText(value);
  }

  useEffect(() => {
    const q = clampSearch(text.trim());
    if (q === value) return undefined;
    const timer = setTimeout(() => onSearchRef.current(q), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, value]);

  const clear = () => {
    setText('');
    onSearch('');
  };

  return (
    <TextField
      type="search"
      label="Search leads"
      placeholder="Name, phone, email, address, carrier, claim or policy number"
      value={text}
      onChange={(event) => setText(event.target.value)}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && text !== '') {
          event.preventDefault();
          clear();
        } else if (event.key === 'Enter') {
          onSearch(clampSearch(text.trim()));
        }
      }}
      inputRef={inputRef}
      size="small"
      fullWidth
      autoComplete="off"
      slotProps={{
        htmlInput: { 'aria-keyshortcuts': '/', maxLength: 200, spellCheck: false },
        input: {
          startAdornment: (
            <InputAdornment position="start">
              <SearchIcon fontSize="small" />
            </InputAdornment>
          ),
          endAdornment: (
            <InputAdornment position="end">
              {searching ? (
                <CircularProgress size={16} aria-label="Searching" sx={{ mr: 1 }} />
              ) : null}
              {text !== '' ? (
                <IconButton aria-label="Clear search" size="small" edge="end" onClick={clear}>
                  <ClearIcon fontSize="small" />
                </IconButton>
              ) : (
                <Box
                  component="kbd"
                  aria-hidden="true"
                  title="Press / to search"
                  sx={{
                    px: 0.75,
                    border: 1,
                    borderColor: 'divider',
                    borderRadius: 0.75,
                    fontSize: '0.75rem',
                    fontFamily: 'inherit',
                    color: 'text.secondary',
                    lineHeight: 1.6,
                  }}
                >
                  /
                </Box>
              )}
            </InputAdornment>
          ),
        },
      }}
      sx={{
        // The browser's own clear button duplicates ours.
        '& input[type="search"]::-webkit-search-cancel-button': { display: 'none' },
      }}
    />
  );
}
