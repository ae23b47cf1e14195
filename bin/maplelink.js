#!/usr/bin/env -S node --max-semi-space-size=8
// Entry point of the `maplelink` command. It runs the compiled JavaScript in dist/ when
// that is up to date with src/ (`npm start` builds it), and the TypeScript sources
// through tsx otherwise, so a checkout always runs what its sources say.
// --max-semi-space-size=8 (here and in `npm start`): V8's young generation at 8 MB per semi-space
// instead of 16 keeps a server answering large GetAccountsDetail bodies about 50 MB smaller, at no
// measured cost in throughput (npm run bench -- connect).
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { newestMtime } from '../scripts/freshness.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'dist', '.built');


if (existsSync(stamp) && statSync(stamp).mtimeMs >= newestMtime(join(root, 'src'))) {
  await import(pathToFileURL(join(root, 'dist', 'cli', 'main.js')).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'src', 'cli', 'main.ts')).href);
}
