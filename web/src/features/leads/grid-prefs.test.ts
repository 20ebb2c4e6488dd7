import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PREFS, loadPrefs, prefsKey, savePrefs, useGridPrefs } from './grid-prefs';

describe('grid preferences', () => {
  it('are kept per user', () => {
    savePrefs('usr_a', { columns: { email: false }, density: 'comfortable', pageSize: 50 });
    expect(loadPrefs('usr_a')).toEqual({ columns: { email: false }, density: 'comfortable', pageSize: 50 });
    expect(loadPrefs('usr_b')).toEqual(DEFAULT_PREFS);
    expect(prefsKey('usr_a')).toContain('usr_a');
  });

  it('ignore anything malformed', () => {
    localStorage.setItem(prefsKey('usr_a'), '{not json');
    expect(loadPrefs('usr_a')).toEqual(DEFAULT_PREFS);
    localStorage.setItem(
      prefsKey('usr_a'),
      JSON.stringify({ columns: { email: 'no', phone: false }, density: 'huge', pageSize: 1000 }),
    );
    expect(loadPrefs('usr_a')).toEqual({ ...DEFAULT_PREFS, columns: { phone: false } });
  });

  it('are saved as they change, and follow a change of user', () => {
    const { result, rerender } = renderHook(({ user }) => useGridPrefs(user), { initialProps: { user: 'usr_a' } });
    act(() => result.current[1]({ density: 'comfortable' }));
    expect(loadPrefs('usr_a').density).toBe('comfortable');
    rerender({ user: 'usr_b' });
    expect(result.current[0]).toEqual(DEFAULT_PREFS);
    act(() => result.current[1]({ pageSize: 100 }));
    expect(loadPrefs('usr_b').pageSize).toBe(100);
    expect(loadPrefs('usr_a')).toMatchObject({ density: 'comfortable', pageSize: 25 });
  });
});
