// Builds the Connect widget into web/widget/dist, served by Maplelink at /v2/ (src/widget).
// `npm run build:web`; `npm start` and `npm test` build it when it is missing or stale.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/v2/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    // Nothing inlined as data: URIs and no preload polyfill: the page's CSP allows only same-origin scripts and styles.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
});
