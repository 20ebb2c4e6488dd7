// Entry point: make the store, start restoring the session, render.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router/dom';
import { AppProviders } from '@/app/providers';
import { createAppRouter } from '@/app/router';
import { makeStore } from '@/app/store';
import { bootSession } from '@/features/auth/session-thunks';

const store = makeStore();
void store.dispatch(bootSession());

// Timers of hidden tabs are throttled, and a laptop may sleep through the scheduled refresh.
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') store.tokenManager.refreshIfDue();
});

const router = createAppRouter();
const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root');

createRoot(container).render(
  <StrictMode>
    <AppProviders store={store}>
      <RouterProvider router={router} />
    </AppProviders>
  </StrictMode>,
);
