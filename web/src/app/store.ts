// The Redux store: the one RTK Query API and the auth slice. makeStore is a factory so each test
// gets its own store and token manager.
import { combineReducers, configureStore } from '@reduxjs/toolkit';
import { authReducer, initialAuthState, type AuthState } from '@/features/auth/auth-slice';
import { bindTokenManager } from '@/features/auth/bind-token-manager';
import { api } from '@/lib/base-api';
import type { ThunkExtra } from '@/lib/thunk-extra';
import { TokenManager } from '@/lib/token-manager';

const rootReducer = combineReducers({
  auth: authReducer,
  [api.reducerPath]: api.reducer,
});

export type RootState = ReturnType<typeof rootReducer>;

export interface MakeStoreOptions {
  tokenManager?: TokenManager;
  auth?: Partial<AuthState>;
}

export function makeStore(options: MakeStoreOptions = {}) {
  const tokenManager = options.tokenManager ?? new TokenManager();
  const extra: ThunkExtra = { tokenManager };
  const store = configureStore({
    reducer: rootReducer,
    preloadedState: options.auth ? { auth: { ...initialAuthState, ...options.auth } } : undefined,
    middleware: (getDefaultMiddleware) =>
      getDefaultMiddleware({ thunk: { extraArgument: extra } }).concat(api.middleware),
  });
  bindTokenManager(tokenManager, store.dispatch);
  return Object.assign(store, { tokenManager });
}

export type AppStore = ReturnType<typeof makeStore>;
export type AppDispatch = AppStore['dispatch'];
