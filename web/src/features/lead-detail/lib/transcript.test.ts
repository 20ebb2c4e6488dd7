import { describe, expect, it } from 'vitest';
import { activeTurnIndex, formatOffset, formatScore, scoreTone, sentimentTone } from './transcript';

describe('transcript', () => {
  const turns = [{ beginMs: 0 }, { beginMs: 3600 }, { beginMs: 9900 }];

  it('finds the turn playing, keeping the last one through a silence', () => {
    expect(activeTurnIndex(turns, 0)).toBe(0);
    expect(activeTurnIndex(turns, 3599)).toBe(0);
    expect(activeTurnIndex(turns, 3600)).toBe(1);
    expect(activeTurnIndex(turns, 50_000)).toBe(2);
    expect(activeTurnIndex([{ beginMs: 500 }], 100)).toBe(-1);
    expect(activeTurnIndex([], 100)).toBe(-1);
  });

  it('formats offsets and scores as people read them', () => {
    expect(formatOffset(0)).toBe('0:00');
    expect(formatOffset(83_500)).toBe('1:23');
    expect(formatScore(1.2)).toBe('+1.2');
    expect(formatScore(-3)).toBe('−3.0');
    expect(formatScore(0)).toBe('0.0');
    expect(scoreTone(2.5)).toBe('success');
    expect(scoreTone(-1.5)).toBe('error');
    expect(scoreTone(0.4)).toBe('default');
    expect(sentimentTone('MIXED')).toBe('warning');
    expect(sentimentTone(undefined)).toBe('default');
  });
});
