// What the store hands every thunk and RTK Query base query as `extra`: injected, so tests give
// each store its own token manager with a mocked fetch.
import type { TokenManager } from './token-manager';

export interface ThunkExtra {
  tokenManager: TokenManager;
}
