#!/usr/bin/env node
// Compiles src/ (TypeScript) to dist/ so that `npm start` runs plain JavaScript:
// running through tsx costs ~40 MB of memory and a slower start.
//   node scripts/build-server.mjs             build now
//   node scripts/build-server.mjs --if-stale  only when dist is missing or older than a source
// bin/maplelink.js runs dist/ when it is up to date and falls back to tsx otherwise. `npm pack` builds
// through scripts/prepack.mjs, which fails when this build does.
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newestMtime } from './freshness.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = join(ROOT, 'dist', '.built');


/** True when dist/ is missing or older than src/ or the build configuration. */
export function serverIsStale() {
  if (!existsSync(STAMP)) return true;
  const newest = Math.max(newestMtime(join(ROOT, 'src')), statSync(join(ROOT, 'tsconfig.json')).mtimeMs, statSync(join(ROOT, 'tsconfig.build.json')).mtimeMs);
  return newest > statSync(STAMP).mtimeMs;
}

export function buildServer() {
  let tsc;
  try {
    tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
  } catch {
    process.stderr.write('maplelink: typescript is not installed; the server will run through tsx\n');
    return false;
  }
  const r = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write('maplelink: compiling src/ failed; the server will run through tsx\n');
    return false;
  }
  copyAssets(join(ROOT, 'src'), join(ROOT, 'dist'));
  pruneOrphans(join(ROOT, 'src'), join(ROOT, 'dist'));
  writeFileSync(STAMP, new Date().toISOString() + '\n');
  return true;
}

/** Data files the code reads beside itself (the categorizer's model.json): tsc does not copy them. */
function copyAssets(from, to) {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    if (entry.isDirectory()) copyAssets(source, join(to, entry.name));
    else if (entry.name.endsWith('.json')) {
      mkdirSync(to, { recursive: true });
      copyFileSync(source, join(to, entry.name));
    }
  }
}

/**
 * Removes what dist/ holds for a source that no longer exists (tsc never deletes): a file renamed or
 * removed in src/ must not live on in dist/, where the packed server would still carry it.
 */
function pruneOrphans(src, dist) {
  for (const entry of readdirSync(dist, { withFileTypes: true })) {
    const built = join(dist, entry.name);
    if (entry.isDirectory()) {
      if (existsSync(join(src, entry.name))) pruneOrphans(join(src, entry.name), built);
      else rmSync(built, { recursive: true, force: true });
      continue;
    }
    const source = entry.name.endsWith('.json') ? entry.name : entry.name.replace(/\.js(\.map)?$/, '.ts');
    if (source === entry.name && !entry.name.endsWith('.json')) continue; // the stamp
    if (!existsSync(join(src, source))) rmSync(built, { force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (!process.argv.includes('--if-stale') || serverIsStale()) buildServer();
}
