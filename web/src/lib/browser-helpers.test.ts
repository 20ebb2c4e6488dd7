import { describe, expect, it } from 'vitest';
import { readCookie } from './cookies';
import { CSP_NONCE_PLACEHOLDER, readCspNonce } from './csp-nonce';
import { createEmotionCache } from './emotion-cache';

describe('readCookie', () => {
  it('finds a cookie among others and decodes it', () => {
    expect(readCookie('ccrm_csrf', 'a=1; ccrm_csrf=abc%3D%3D; b=2')).toBe('abc==');
    expect(readCookie('ccrm_csrf', 'xccrm_csrf=1; a=2')).toBeNull();
    expect(readCookie('ccrm_csrf', '')).toBeNull();
  });

  it('reads document.cookie by default', () => {
    document.cookie = 'ccrm_csrf=tok123; path=/';
    expect(readCookie('ccrm_csrf')).toBe('tok123');
  });
});

describe('readCspNonce', () => {
  function doc(content: string | null) {
    const d = document.implementation.createHTMLDocument('t');
    if (content !== null) {
      const meta = d.createElement('meta');
      meta.name = 'ccrm-csp-nonce';
      meta.content = content;
      d.head.append(meta);
    }
    return d;
  }

  it('reads the nonce the server wrote into the meta tag', () => {
    expect(readCspNonce(doc('r4nd0mN0nce'))).toBe('r4nd0mN0nce');
  });

  it('gives undefined for the unreplaced placeholder (dev, tests) or no tag', () => {
    expect(readCspNonce(doc(CSP_NONCE_PLACEHOLDER))).toBeUndefined();
    expect(readCspNonce(doc(''))).toBeUndefined();
    expect(readCspNonce(doc(null))).toBeUndefined();
  });
});

describe('createEmotionCache', () => {
  it('stamps the nonce on the style tags it inserts', () => {
    const cache = createEmotionCache('n0nce');
    expect(cache.key).toBe('css');
    expect(cache.nonce).toBe('n0nce');
    expect(createEmotionCache(undefined).nonce).toBeUndefined();
  });
});
