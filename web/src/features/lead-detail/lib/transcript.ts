// Reading a Contact Lens transcript against the recording's playback.
import type { TranscriptTurn } from '../calls-api';

/** The turn playing at `ms`: the last one begun by then (silence between turns keeps the
 * previous one), or -1 before the first. Turns come in time order. */
export function activeTurnIndex(turns: readonly Pick<TranscriptTurn, 'beginMs'>[], ms: number): number {
  let low = 0;
  let high = turns.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (turns[mid]!.beginMs <= ms) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return found;
}

/** 0 -> "0:00", 83500 -> "1:23". */
export function formatOffset(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

export type Tone = 'success' | 'error' | 'warning' | 'default';

export function sentimentTone(sentiment: string | undefined): Tone {
  switch (sentiment) {
    case 'POSITIVE':
      return 'success';
    case 'NEGATIVE':
      return 'error';
    case 'MIXED':
      return 'warning';
    default:
      return 'default';
  }
}

export function sentimentLabel(sentiment: string | undefined): string {
  switch (sentiment) {
    case 'POSITIVE':
      return 'Positive sentiment';
    case 'NEGATIVE':
      return 'Negative sentiment';
    case 'MIXED':
      return 'Mixed sentiment';
    default:
      return 'Neutral sentiment';
  }
}

/** An overall score (-5..5) as a tone: Contact Lens calls above 0 positive. */
export function scoreTone(score: number): Tone {
  if (score >= 1) return 'success';
  if (score <= -1) return 'error';
  return 'default';
}

/** 1.2 -> "+1.2", -3 -> "−3.0". */
export function formatScore(score: number): string {
  const text = Math.abs(score).toFixed(1);
  return score > 0 ? `+${text}` : score < 0 ? `−${text}` : text;
}
