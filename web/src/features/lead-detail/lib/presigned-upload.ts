// Sends a file's bytes to a presigned URL (the blob store, not the API) with XMLHttpRequest,
// whose upload events report progress (fetch has none). The URL is the credential: no token
// goes with it, and the headers it was signed for must be sent exactly.

export interface PresignedUpload {
  url: string;
  headers: Record<string, string>;
}

export class UploadFailed extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** What an S3-style XML error says, e.g. "SignatureDoesNotMatch: …"; empty when unreadable. */
export function s3ErrorMessage(text: string): string {
  const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
  const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1];
  return [code, message].filter(Boolean).join(': ');
}

export function putToPresignedUrl(
  upload: PresignedUpload,
  file: Blob,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', upload.url);
    for (const [name, value] of Object.entries(upload.headers)) xhr.setRequestHeader(name, value);
    const onAbort = () => xhr.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      signal?.removeEventListener('abort', onAbort);
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve();
      } else {
        const detail = s3ErrorMessage(xhr.responseText);
        reject(new UploadFailed(detail || `The upload was refused (${xhr.status}).`, xhr.status));
      }
    };
    xhr.onerror = () => {
      signal?.removeEventListener('abort', onAbort);
      reject(new UploadFailed('The upload failed: the connection was lost.', 0));
    };
    xhr.onabort = () => reject(new UploadFailed('The upload was cancelled.', 0));
    onProgress(0);
    xhr.send(file);
  });
}
