// One emotion cache for MUI, carrying the CSP nonce so every inserted <style> is allowed.
import createCache, { type EmotionCache } from '@emotion/cache';

export function createEmotionCache(nonce: string | undefined): EmotionCache {
  return createCache({ key: 'css', prepend: true, ...(nonce ? { nonce } : {}) });
}
