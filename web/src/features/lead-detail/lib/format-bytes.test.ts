import { describe, expect, it } from 'vitest';
import { formatBytes } from './format-bytes';

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [812, '812 B'],
    [4300, '4.2 KB'],
    [100 * 1024 * 1024, '100 MB'],
    [19_500_000, '19 MB'],
    [3 * 1024 ** 3, '3.0 GB'],
  ])('%d bytes read %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
