#!/usr/bin/env -S node --max-semi-space-size=8
// Entry point of the `maplelink` command. Installed from the npm package (no src/ beside it), it runs
// the compiled JavaScript in dist/ that `npm pack` built. In a checkout it runs dist/ when that is up
// to date with src/ (`npm start` builds it), and the TypeScript sources through tsx (a devDependency)
// otherwise, so a checkout always runs what its sources say.
// --max-semi-space-size=8 (here and in `npm start`): V8's young generation at 8 MB per semi-space
// instead of 16 keeps a server answering large GetAccountsDetail bodies about 50 MB smaller, at no
// measured cost in throughput (npm run bench -- connect).
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const compiled = pathToFileURL(join(root, 'dist', 'cli', 'main.js')).href;

async function compiledIsCurrent() {
  const stamp = join(root, 'dist', '.built');
  if (!existsSync(stamp)) return false;
  const { newestMtime } = await import('../scripts/freshness.mjs');
  return statSync(stamp).mtimeMs >= newestMtime(join(root, 'src'));
}

// `npm test` sets MAPLELINK_RUN_SOURCES: every command a test starts runs the sources, whether or not
// a dist/ built partway through the suite (the package test packs one) happens to be current.
const runSources = process.env.MAPLELINK_RUN_SOURCES === '1' && existsSync(join(root, 'src'));
if (!runSources && (!existsSync(join(root, 'src')) || await compiledIsCurrent())) {
  await import(compiled);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'src', 'cli', 'main.ts')).href);
}
