#!/usr/bin/env node
// Builds the Connect widget (vite) into web/widget/dist.
//   node web/widget/build.mjs             build now
//   node web/widget/build.mjs --if-stale  build only when dist is missing or older than a source file
// `npm start` (prestart) and `npm test` (scripts/test.js) use the second form.
import { existsSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { newestMtime } from '../../scripts/freshness.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const SOURCES = ['index.html', 'vite.config.ts', 'src'];


/** True when web/widget/dist is missing or older than any source of the widget. */
export function widgetIsStale() {
  const built = join(HERE, 'dist', 'index.html');
  if (!existsSync(built)) return true;
  const newest = Math.max(...SOURCES.map((s) => join(HERE, s)).filter(existsSync).map(newestMtime));
  return newest > statSync(built).mtimeMs;
}

/** The vite CLI, or null when vite (a devDependency) is not installed. */
function viteCli() {
  try {
    const require = createRequire(import.meta.url);
    return join(dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  } catch {
    return null;
  }
}

/** Runs `vite build web/widget`; throws when it fails. */
export function buildWidget() {
  const vite = viteCli();
  if (!vite) throw new Error('vite is not installed (a devDependency): run `npm install`, then `npm run build:web`');
  const started = Date.now();
  const res = spawnSync(process.execPath, [vite, 'build', HERE], { stdio: 'inherit' });
  if (res.status !== 0) throw new Error(`vite build of web/widget failed (exit ${res.status ?? res.signal})`);
  process.stderr.write(`Connect widget built into web/widget/dist in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

export function ensureWidgetBuilt() {
  if (widgetIsStale()) buildWidget();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    if (process.argv.includes('--if-stale')) {
      // `npm start` on an install without devDependencies: start anyway; /v2/ says how to build.
      if (widgetIsStale() && !viteCli()) process.stderr.write('The Connect widget is not built and vite is not installed: /v2/ will answer 503 until `npm install && npm run build:web`.\n');
      else ensureWidgetBuilt();
    } else buildWidget();
  } catch (err) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
}
