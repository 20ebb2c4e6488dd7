// Turns whatever an RTK Query call failed with into what a form shows: one sentence for the
// whole form and a message per field, from the RFC 9457 problem the server answers.
import type { Problem } from './api-schema';

export interface ProblemInfo {
  /** HTTP status, or null when no response came (network) or it was not HTTP. */
  status: number | null;
  title: string | null;
  /** A sentence to show under the form. */
  detail: string;
  /** Messages by field path, as the server names it (`claim.adjuster.email`, `phones[0].number`). */
  fieldErrors: Record<string, string>;
  /** Messages the server gave without a field. */
  otherErrors: string[];
  /** The problem body, when the server sent one. */
  problem: Problem | null;
}

export const NETWORK_DETAIL =
  "Can't reach the server. Check your connection and try again.";
const SERVER_DETAIL = 'The server ran into a problem. Try again in a moment.';
const GENERIC_DETAIL = 'Something went wrong. Try again.';

/**
 * Field paths in one spelling: `phones.0.number`, `/phones/0/number` and `phones[0].number` all
 * become `phones[0].number`, so a form can look its inputs up by the name it gives them.
 */
export function normalizeFieldPath(field: string): string {
  let path = field.trim();
  if (path.startsWith('/')) path = path.slice(1).split('/').join('.');
  path = path.replace(/^\$\.?/, '');
  return path
    .split('.')
    .filter((part) => part !== '')
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : part))
    .join('.')
    .replace(/\.\[/g, '[');
}

function isProblem(data: unknown): data is Problem {
  return (
    typeof data === 'object' &&
    data !== null &&
    ('title' in data || 'detail' in data || 'errors' in data || 'status' in data)
  );
}

function statusDetail(status: number): string {
  if (status === 401) return 'Your session has ended. Sign in again.';
  if (status === 403) return "You don't have permission to do that.";
  if (status === 404) return 'Not found. It may have been deleted, or you may not have access.';
  if (status === 409) return 'That conflicts with a change someone else made.';
  if (status === 412) return 'Someone else changed this meanwhile. Reload it and try again.';
  if (status === 413) return 'That is too large.';
  if (status === 429) return 'Too many requests. Wait a moment and try again.';
  if (status >= 500) return SERVER_DETAIL;
  return GENERIC_DETAIL;
}

function fromProblem(status: number | null, problem: Problem | null): ProblemInfo {
  const fieldErrors: Record<string, string> = {};
  const otherErrors: string[] = [];
  for (const entry of problem?.errors ?? []) {
    if (!entry || typeof entry.message !== 'string') continue;
    const field = typeof entry.field === 'string' ? normalizeFieldPath(entry.field) : '';
    if (field === '') {
      otherErrors.push(entry.message);
    } else {
      const previous = fieldErrors[field];
      fieldErrors[field] = previous ? `${previous}; ${entry.message}` : entry.message;
    }
  }
  const detail =
    problem?.detail?.trim() ||
    problem?.title?.trim() ||
    (status !== null ? statusDetail(status) : GENERIC_DETAIL);
  return {
    status: status ?? (typeof problem?.status === 'number' ? problem.status : null),
    title: problem?.title ?? null,
    detail,
    fieldErrors,
    otherErrors,
    problem,
  };
}

/**
 * Reads an RTK Query error (FetchBaseQueryError or SerializedError), a thrown Error, or anything.
 * `undefined` and `null` give null, so `problemFromError(mutation.error)` can be used as is.
 */
export function problemFromError(error: unknown): ProblemInfo | null {
  if (error === undefined || error === null) return null;
  if (typeof error === 'object' && 'status' in error) {
    const { status } = error as { status: unknown };
    const data = (error as { data?: unknown }).data;
    if (typeof status === 'number') {
      return fromProblem(status, isProblem(data) ? data : null);
    }
    if (status === 'FETCH_ERROR' || status === 'TIMEOUT_ERROR') {
      return { ...fromProblem(null, null), detail: NETWORK_DETAIL };
    }
    if (status === 'PARSING_ERROR') {
      const original = (error as { originalStatus?: unknown }).originalStatus;
      const code = typeof original === 'number' ? original : null;
      return { ...fromProblem(code, null), detail: code ? statusDetail(code) : SERVER_DETAIL };
    }
    if (status === 'CUSTOM_ERROR') {
      const message = (error as { error?: unknown }).error;
      return {
        ...fromProblem(null, isProblem(data) ? data : null),
        ...(typeof message === 'string' && message !== '' && !isProblem(data)
          ? { detail: message }
          : {}),
      };
    }
  }
  if (isProblem(error)) return fromProblem(null, error);
  if (error instanceof Error || (typeof error === 'object' && 'message' in error)) {
    const message = (error as { message?: unknown }).message;
    return {
      ...fromProblem(null, null),
      detail: typeof message === 'string' && message !== '' ? message : GENERIC_DETAIL,
    };
  }
  return fromProblem(null, null);
}

/** The message for one field, trying the path as given and its normalized spelling. */
export function fieldError(info: ProblemInfo | null, field: string): string | undefined {
  if (!info) return undefined;
  return info.fieldErrors[field] ?? info.fieldErrors[normalizeFieldPath(field)];
}
