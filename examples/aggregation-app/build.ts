/**
 * Builds the example's front end (React + Tailwind, vite) into web/dist.
 * `ensureFrontEndBuilt()` builds only when dist is missing or older than a source
 * (a few stats when fresh), as web/widget/build.mjs does for the Connect widget.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WEB = join(dirname(fileURLToPath(import.meta.url)), 'web');
export const DIST = join(WEB, 'dist');
const SOURCES = ['index.html', 'vite.config.ts', 'src'];

function newestMtime(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

export function frontEndIsStale(): boolean {
  const built = join(DIST, 'index.html');
  if (!existsSync(built)) return true;
  const newest = Math.max(...SOURCES.map((s) => join(WEB, s)).filter(existsSync).map(newestMtime));
  return newest > statSync(built).mtimeMs;
}

export function buildFrontEnd(): void {
  let vite: string;
  try {
    vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  } catch {
    throw new Error('vite is not installed (a devDependency of Maplelink): run `npm install` at the repository root');
  }
  const started = Date.now();
  // A production build whatever NODE_ENV the caller runs under (the tests set "test", and vite would
  // then build React's development code, whose StrictMode runs effects twice).
  const res = spawnSync(process.execPath, [vite, 'build', '--mode', 'production', WEB], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (res.status !== 0) throw new Error(`vite build of examples/aggregation-app/web failed (exit ${res.status ?? res.signal})`);
  process.stderr.write(`Example front end built into examples/aggregation-app/web/dist in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

export function ensureFrontEndBuilt(): void {
  if (frontEndIsStale()) buildFrontEnd();
}
