// The last non-null value seen: a dialog keeps showing what it was about while it fades out
// after its subject became null (its `open` follows the live value).
import { useState } from 'react';

export function useLastPresent<T>(value: T | null): T | null {
  const [last, setLast] = useState<T | null>(value);
  if (value !== null && value !== last) setLast(value);
  return value ?? last;
}
