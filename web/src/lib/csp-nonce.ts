// The server sends a fresh Content-Security-Policy nonce with every index.html and writes it into
// <meta name="ccrm-csp-nonce">. Emotion stamps it on every <style> it inserts (style-src 'nonce-…').

export const CSP_NONCE_PLACEHOLDER = '__CCRM_CSP_NONCE__';

/** The nonce, or undefined in dev and tests where the placeholder was not replaced. */
export function readCspNonce(doc: Document = document): string | undefined {
  const content = doc
    .querySelector<HTMLMetaElement>('meta[name="ccrm-csp-nonce"]')
    ?.getAttribute('content')
    ?.trim();
  if (!content || content === CSP_NONCE_PLACEHOLDER) return undefined;
  return content;
}
