#!/usr/bin/env node
// Runs every test file under test/ with node's own test runner (through tsx).
// Node 20 has no glob support in `--test`, so the files are listed here.
// Usage: npm test [-- substring-filter ...]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { ensureWidgetBuilt } from '../web/widget/build.mjs';
import { ensurePayAppBuilt } from '../web/pay-app/build.mjs';

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const filters = process.argv.slice(2);
// TEST_ROOT: another directory of test files (the harness's own test runs this script on one).
const files = walk(process.env.TEST_ROOT ?? 'test').filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)));
// The browser tests load the Connect widget from web/widget/dist: build it when missing or stale (a stat when fresh).
if (files.some((f) => f.includes(join('test', 'browser')))) {
  ensureWidgetBuilt();
  ensurePayAppBuilt();
}
// Property tests run on a fixed seed unless FC_SEED says otherwise (test/setup/fast-check.ts).
// Nothing may hang the run: a file's process that outlives its tests is ended and names what
// held it (test/setup/linger.ts), and any test, hook or file still running after ten minutes
// (the longest file takes about one) fails as timed out instead of waiting for ever.
const TIMEOUT_MS = Number(process.env.TEST_TIMEOUT_MS ?? 600_000);
// The terminal gets node's dot reporter (a dot per test, then each failure in full); the full TAP,
// with every file's stderr (the [linger] lines among it), goes to test-results.tap for CI.
const TAP_FILE = process.env.TEST_TAP_FILE ?? 'test-results.tap';
const args = [
  '--import', 'tsx', '--import', './test/setup/fast-check.ts', '--import', './test/setup/linger.ts',
  '--test', '--test-concurrency=2', `--test-timeout=${TIMEOUT_MS}`,
  '--test-reporter=dot', '--test-reporter-destination=stdout',
  '--test-reporter=tap', `--test-reporter-destination=${TAP_FILE}`,
  ...files,
];
const started = Date.now();
const res = spawnSync(process.execPath, args, { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } });
process.stdout.write(summary(TAP_FILE, files.length, Date.now() - started));
process.exit(res.status ?? 1);

/** The run's counts (the TAP's last `# pass N` lines) and any [linger] line, in a few lines. */
function summary(tapFile, fileCount, ms) {
  let tap = '';
  try { tap = readFileSync(tapFile, 'utf8'); } catch { return `\nno TAP written to ${tapFile}\n`; }
  const count = (k) => Number([...tap.matchAll(new RegExp(`^# ${k} (\\d+)$`, 'gm'))].at(-1)?.[1] ?? 0);
  const lingered = [...tap.matchAll(/^#\s*(\[linger\].*)$/gm)].map((m) => `  ${m[1]}\n`).join('');
  const parts = ['tests', 'pass', 'fail', 'cancelled', 'skipped', 'todo'].map((k) => `${count(k)} ${k}`);
  return `\n${fileCount} files, ${parts.join(', ')} in ${Math.round(ms / 1000)} s (full TAP: ${tapFile})\n${lingered}`;
}
