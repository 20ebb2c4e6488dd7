// Vitest setup: DOM matchers, cleanup between tests, and the browser APIs jsdom lacks.
// (Also loaded for the few node-environment tests, hence the window checks.)
import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// findBy*/waitFor wait up to 1 s by default: a lazily loaded page on a loaded 2-core machine
// (ctest runs the C++ suites beside these) takes longer than that to appear.
configure({ asyncUtilTimeout: 8000 });

const hasDom = typeof window !== 'undefined';

afterEach(() => {
  if (!hasDom) return;
  cleanup();
  for (const part of document.cookie.split(';')) {
    const name = part.split('=')[0]?.trim();
    if (name) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
  }
  localStorage.clear();
});

const noop = () => undefined;

if (hasDom && !window.matchMedia) {
  Object.defineProperty(window, 'matchMedia', {
    writable: true,
    configurable: true,
    value: (query: string): MediaQueryList =>
      ({
        matches: false,
        media: query,
        onchange: null,
        addListener: noop,
        removeListener: noop,
        addEventListener: noop,
        removeEventListener: noop,
        dispatchEvent: () => false,
      }) as MediaQueryList,
  });
}

// jsdom implements no scrolling and reports "Not implemented" for it (ScrollRestoration calls it).
if (hasDom) window.scrollTo = noop as typeof window.scrollTo;
