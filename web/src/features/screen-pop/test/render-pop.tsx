// The screen pop rendered for an agent signed in as alice, beside stand-ins for the pages it
// leads to; `entries` is the history (the pop last).
import { toSessionTokens } from '@/lib/api-schema';
import { TokenManager } from '@/lib/token-manager';
import { renderRoutes } from '@/test/render';
import { tokenReply } from '@/test/tokens';
import { ScreenPopPage } from '../components/screen-pop-page';

export function renderPop(entries: string[]) {
  const tokenManager = new TokenManager({ locks: null });
  tokenManager.setTokens(toSessionTokens(tokenReply({ username: 'alice', sub: 'usr_alice', groups: ['agent'] }))!);
  return renderRoutes(
    [
      { path: '/screen-pop', element: <ScreenPopPage /> },
      { path: '/leads/:id', element: <h1>Lead page</h1> },
      { path: '/leads', element: <h1>Leads page</h1> },
      { path: '/deadlines', element: <h1>Deadlines page</h1> },
    ],
    entries,
    { tokenManager, auth: { status: 'authenticated', user: tokenManager.getUser(), expiresAt: tokenManager.getExpiresAt() } },
  );
}
