// Downloads a file from the API with the bearer token (a plain link cannot carry it): fetch, read
// the body as a stream reporting the bytes so far, then hand the browser a Blob URL to save (the
// CSP allows blob:). A transfer cut short (the server ends a chunked export without its last
// chunk when it fails midway) rejects instead of saving half a file.
import {
  abortError,
  parseProblemText,
  withBearer,
  type RequestError,
  type TokenSource,
} from './authorized-request';

export interface DownloadProgress {
  bytes: number;
  /** From Content-Length when the server sent one (small exports); null while streaming. */
  total: number | null;
}

export interface DownloadOptions {
  url: string;
  /** Used when the reply names no file. */
  fallbackName: string;
  onProgress?: (progress: DownloadProgress) => void;
  signal?: AbortSignal;
  /** Saves the file; default: a Blob URL and a temporary <a download>. */
  save?: (blob: Blob, filename: string) => void;
}

export interface DownloadResult {
  filename: string;
  bytes: number;
}

/** The file name a Content-Disposition header gives (RFC 6266, `filename*` preferred). */
export function filenameFromDisposition(header: string | null): string | null {
  if (!header) return null;
  const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
  if (extended?.[2]) {
    try {
      return sanitizeFilename(decodeURIComponent(extended[2].trim().replace(/^"|"$/g, '')));
    } catch {
      // Malformed percent-encoding: fall back to the plain parameter.
    }
  }
  const plain = /filename\s*=\s*("((?:[^"\\]|\\.)*)"|[^;]+)/i.exec(header);
  if (!plain) return null;
  const value = plain[2] !== undefined ? plain[2].replace(/\\(.)/g, '$1') : (plain[1] ?? '').trim();
  return sanitizeFilename(value);
}

function sanitizeFilename(name: string): string | null {
  // No directories, no control characters.
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return clean === '' || clean === '.' || clean === '..' ? null : clean;
}

/** Default save: a temporary link to a Blob URL, clicked, then forgotten. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Give the browser time to start the download before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

async function readBody(
  response: Response,
  onProgress: DownloadOptions['onProgress'],
  signal: AbortSignal | undefined,
): Promise<Blob> {
  const type = response.headers.get('Content-Type') ?? 'application/octet-stream';
  const length = Number(response.headers.get('Content-Length'));
  const total = Number.isFinite(length) && length > 0 ? length : null;
  if (!response.body) {
    const blob = await response.blob();
    onProgress?.({ bytes: blob.size, total });
    return blob;
  }
  const reader = response.body.getReader();
  const chunks: BlobPart[] = [];
  let bytes = 0;
  onProgress?.({ bytes, total });
  try {
    for (;;) {
      if (signal?.aborted) throw abortError();
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value as Uint8Array<ArrayBuffer>);
      bytes += value.byteLength;
      onProgress?.({ bytes, total });
    }
  } catch (error) {
    void reader.cancel().catch(() => undefined);
    if (signal?.aborted) throw abortError();
    throw error;
  }
  if (total !== null && bytes < total) {
    throw { status: 'CUSTOM_ERROR', error: 'The download was cut short. Try again.' } satisfies RequestError;
  }
  return new Blob(chunks, { type });
}

/**
 * Fetches `url` with the session's token and saves what comes back. Rejects with an RTK-Query-
 * shaped error (read it with problemFromError) or an AbortError when `signal` aborts.
 */
export async function downloadWithToken(
  tokens: TokenSource,
  { url, fallbackName, onProgress, signal, save = saveBlob }: DownloadOptions,
): Promise<DownloadResult> {
  let response: Response;
  try {
    response = await withBearer(
      tokens,
      (token) =>
        fetch(url, {
          method: 'GET',
          credentials: 'same-origin',
          cache: 'no-store',
          headers: {
            Accept: 'text/csv, application/problem+json',
            ...(token ? { Authorization: `Bearer ${token}` } : {}),
          },
          signal,
        }),
      signal,
    );
  } catch (error) {
    if (signal?.aborted) throw abortError();
    throw {
      status: 'FETCH_ERROR',
      error: error instanceof Error ? error.message : String(error),
    } satisfies RequestError;
  }
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    throw { status: response.status, data: parseProblemText(text) } satisfies RequestError;
  }
  let blob: Blob;
  try {
    blob = await readBody(response, onProgress, signal);
  } catch (error) {
    if (signal?.aborted) throw abortError();
    if (typeof error === 'object' && error !== null && 'status' in error) throw error;
    throw {
      status: 'CUSTOM_ERROR',
      error: 'The download was cut short. Try again.',
    } satisfies RequestError;
  }
  const filename =
    filenameFromDisposition(response.headers.get('Content-Disposition')) ?? fallbackName;
  save(blob, filename);
  return { filename, bytes: blob.size };
}
