// The vite configuration of a front end of web/ served by Maplelink under `base`: the Connect
// widget (/v2/) and the Pay hosted app (/pay/app/) build the same way.
import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'vite';

export function appConfig(appDirUrl: string, base: string): UserConfig {
  return defineConfig({
    root: fileURLToPath(new URL('.', appDirUrl)),
    base,
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
}
