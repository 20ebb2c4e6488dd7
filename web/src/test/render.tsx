// Renders a component inside the app's providers, with its own store and token manager.
import { render, type RenderOptions } from '@testing-library/react';
import type { ReactElement } from 'react';
import { createMemoryRouter, RouterProvider, type RouteObject } from 'react-router';
import { AppProviders } from '@/app/providers';
import { makeStore, type MakeStoreOptions } from '@/app/store';
import { TokenManager, type TokenManagerOptions } from '@/lib/token-manager';

export interface TestAppOptions extends MakeStoreOptions {
  tokenManagerOptions?: TokenManagerOptions;
}

export function makeTestStore(options: TestAppOptions = {}) {
  const tokenManager =
    options.tokenManager ??
    new TokenManager({ locks: null, ...options.tokenManagerOptions });
  return makeStore({ ...options, tokenManager });
}

export function renderWithProviders(
  ui: ReactElement,
  options: TestAppOptions & { renderOptions?: RenderOptions } = {},
) {
  const store = makeTestStore(options);
  const result = render(<AppProviders store={store}>{ui}</AppProviders>, options.renderOptions);
  return { store, ...result };
}

export function renderRoutes(
  routes: RouteObject[],
  initialEntries: string[],
  options: TestAppOptions = {},
) {
  const store = makeTestStore(options);
  const router = createMemoryRouter(routes, { initialEntries });
  const result = render(
    <AppProviders store={store}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
  return { store, router, ...result };
}
