// Uploads a file to the API with XMLHttpRequest, whose upload events report progress (fetch has
// none), carrying the bearer token the way every other request does (see authorized-request.ts).
import {
  abortError,
  parseProblemText,
  withBearer,
  type RequestError,
  type TokenSource,
} from './authorized-request';

export interface UploadProgress {
  loaded: number;
  total: number;
}

export interface UploadOptions {
  url: string;
  body: Blob;
  contentType: string;
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
}

interface XhrReply {
  status: number;
  text: string;
}

function sendOnce(
  { url, body, contentType, onProgress, signal }: UploadOptions,
  token: string | null,
): Promise<XhrReply> {
  return new Promise<XhrReply>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError());
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = false;
    xhr.setRequestHeader('Content-Type', contentType);
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    const onAbort = () => xhr.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const cleanup = () => signal?.removeEventListener('abort', onAbort);
    xhr.upload.onprogress = (event) => {
      onProgress?.({ loaded: event.loaded, total: event.lengthComputable ? event.total : body.size });
    };
    xhr.onload = () => {
      cleanup();
      onProgress?.({ loaded: body.size, total: body.size });
      resolve({ status: xhr.status, text: xhr.responseText });
    };
    xhr.onerror = () => {
      cleanup();
      reject({ status: 'FETCH_ERROR', error: 'The upload failed.' } satisfies RequestError);
    };
    xhr.onabort = () => {
      cleanup();
      reject(abortError());
    };
    onProgress?.({ loaded: 0, total: body.size });
    xhr.send(body);
  });
}

/**
 * POSTs `body` and resolves with the parsed JSON reply. Rejects with an RTK-Query-shaped error
 * (problemFromError reads it) or an AbortError.
 */
export async function uploadWithToken<T>(tokens: TokenSource, options: UploadOptions): Promise<T> {
  const reply = await withBearer(tokens, (token) => sendOnce(options, token), options.signal);
  const data = parseProblemText(reply.text);
  if (reply.status < 200 || reply.status >= 300) {
    throw { status: reply.status, data } satisfies RequestError;
  }
  if (data === null) {
    throw { status: 'CUSTOM_ERROR', error: 'The server sent a reply that could not be read.' } satisfies RequestError;
  }
  return data as T;
}
