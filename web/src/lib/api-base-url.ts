// The API lives on the same origin as the app (ccrm serves both; the Vite dev server proxies).
// Absolute, because fetch outside a browser (tests) cannot resolve a relative URL.

export function apiBaseUrl(): string {
  return `${window.location.origin}/api/v1`;
}
