// Everything the app runs inside: Redux, the emotion cache (with the CSP nonce), theme, toasts.
import { CacheProvider, type EmotionCache } from '@emotion/react';
import { useState, type ReactNode } from 'react';
import { Provider } from 'react-redux';
import { ToastProvider } from '@/components/toast-provider';
import { readCspNonce } from '@/lib/csp-nonce';
import { createEmotionCache } from '@/lib/emotion-cache';
import { AppThemeProvider } from '@/theme/app-theme-provider';
import type { AppStore } from './store';

export interface AppProvidersProps {
  store: AppStore;
  /** Default: a cache with the nonce from <meta name="ccrm-csp-nonce">. */
  emotionCache?: EmotionCache;
  children: ReactNode;
}

export function AppProviders({ store, emotionCache, children }: AppProvidersProps) {
  const [cache] = useState(() => emotionCache ?? createEmotionCache(readCspNonce()));
  return (
    <Provider store={store}>
      <CacheProvider value={cache}>
        <AppThemeProvider>
          <ToastProvider>{children}</ToastProvider>
        </AppThemeProvider>
      </CacheProvider>
    </Provider>
  );
}
