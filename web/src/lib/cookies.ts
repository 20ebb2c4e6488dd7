// Reads a cookie visible to scripts (the refresh cookie itself is HttpOnly and never visible).

/** Name of the readable CSRF cookie the server sets beside the HttpOnly refresh cookie. */
export const CSRF_COOKIE = 'ccrm_csrf';

export function readCookie(name: string, cookieString: string = document.cookie): string | null {
  for (const part of cookieString.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return null;
}
