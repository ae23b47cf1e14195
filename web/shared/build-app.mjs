// Builds a front end of web/ (vite) into its dist/ folder: the Connect widget and the Pay hosted
// app both use this, through their own build.mjs.
//   node web/<app>/build.mjs             build now
//   node web/<app>/build.mjs --if-stale  build only when dist is missing or older than a source file
// `npm start` (prestart) and `npm test` (scripts/test.js) use the second form.
import { existsSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { newestMtime } from '../../scripts/freshness.mjs';

/** What a build reads, from the app's folder: its own page, config and sources, and web/shared (this script among them). */
const SOURCES = ['index.html', 'vite.config.ts', 'src', '../shared'];

/** The vite CLI, or null when vite (a devDependency) is not installed. */
function viteCli() {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  } catch {
    return null;
  }
}

/**
 * `dir`: the app's folder; `label`: its name in messages; `served`: the path that answers 503
 * while it is not built; `command`: how a person builds it by hand.
 */
export function appBuilder({ dir, label, served, command }) {
  const relative = `web/${dir.split('/').pop()}`;
  const isStale = () => {
    const built = join(dir, 'dist', 'index.html');
    if (!existsSync(built)) return true;
    const newest = Math.max(...SOURCES.map((s) => join(dir, s)).filter(existsSync).map(newestMtime));
    return newest > statSync(built).mtimeMs;
  };
  const build = () => {
    const vite = viteCli();
    if (!vite) throw new Error(`vite is not installed (a devDependency): run \`npm install\`, then \`${command}\``);
    const started = Date.now();
    // A production build whatever NODE_ENV the caller runs under (npm test sets "test", and vite
    // would then build React's development code).
    const res = spawnSync(process.execPath, [vite, 'build', '--mode', 'production', dir], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
    if (res.status !== 0) throw new Error(`vite build of ${relative} failed (exit ${res.status ?? res.signal})`);
    process.stderr.write(`${label} built into ${relative}/dist in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  };
  const ensure = () => {
    if (isStale()) build();
  };
  /** Runs the command line when `moduleUrl` is the script node was started with. */
  const main = (moduleUrl) => {
    if (!process.argv[1] || moduleUrl !== pathToFileURL(process.argv[1]).href) return;
    try {
      if (process.argv.includes('--if-stale')) {
        // `npm start` on an install without devDependencies: start anyway; the page says how to build.
        if (isStale() && !viteCli()) process.stderr.write(`The ${label} is not built and vite is not installed: ${served} will answer 503 until \`npm install && ${command}\`.\n`);
        else ensure();
      } else build();
    } catch (err) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
  };
  return { isStale, build, ensure, main };
}

export function appDir(moduleUrl) {
  return dirname(fileURLToPath(moduleUrl));
}
