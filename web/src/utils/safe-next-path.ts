// Where to go after signing in: only a path on this site, never another origin (open redirect).

export const SIGN_IN_PATH = '/sign-in';

export function safeNextPath(next: string | null | undefined, fallback = '/'): string {
  if (!next) return fallback;
  // Same-origin paths only: "/x" yes; "//evil.example", "/\\evil.example", "https://…" no.
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  if (/[\u0000-\u001f]/.test(next)) return fallback;
  const path = next.split(/[?#]/)[0] ?? '';
  if (path === SIGN_IN_PATH || path.startsWith(`${SIGN_IN_PATH}/`)) return fallback;
  return next;
}

/** The sign-in URL that brings the user back to `location` afterwards. */
export function signInPathFor(location: { pathname: string; search: string; hash: string }): string {
  const here = `${location.pathname}${location.search}${location.hash}`;
  if (here === '/' || here === '') return SIGN_IN_PATH;
  return `${SIGN_IN_PATH}?next=${encodeURIComponent(here)}`;
}
