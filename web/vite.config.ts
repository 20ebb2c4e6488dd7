/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = path.dirname(fileURLToPath(import.meta.url));
// The C++ build sets CCRM_WEB_OUT_DIR to a folder under its build dir and embeds what lands there.
const outDir = process.env.CCRM_WEB_OUT_DIR
  ? path.resolve(process.env.CCRM_WEB_OUT_DIR)
  : path.join(root, 'dist');
const backend = 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: { '@': path.join(root, 'src') },
  },
  server: {
    port: 5173,
    strictPort: false,
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/.well-known': { target: backend, changeOrigin: false },
      '/healthz': { target: backend, changeOrigin: false },
    },
  },
  build: {
    outDir,
    // outDir may lie outside web/ (the C++ build dir); it is ours to fill, so empty it.
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
    // Every browser we support has <link rel="modulepreload">; the polyfill is dead weight.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 800,
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}', 'scripts/**/*.test.mjs'],
    css: false,
    restoreMocks: true,
    unstubGlobals: true,
    // Two cores here: keep the worker pool small.
    maxWorkers: 2,
    testTimeout: 15000,
    environmentOptions: {
      jsdom: { url: 'http://localhost:5173/' },
    },
  },
});
