#!/usr/bin/env node
// Runs every test file under test/ with node's own test runner (through tsx).
// Node 20 has no glob support in `--test`, so the files are listed here.
// Usage: npm test [-- substring-filter ...]
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { ensureWidgetBuilt } from '../web/widget/build.mjs';
import { ensurePayAppBuilt } from '../web/pay-app/build.mjs';
import { ensureConsoleBuilt } from '../web/console/build.mjs';

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
// The browser tests load the Connect widget, the Pay app and the console from their dist/: build it when missing or stale (a stat when fresh).
if (files.some((f) => f.includes(join('test', 'browser')))) {
  ensureWidgetBuilt();
  ensurePayAppBuilt();
  ensureConsoleBuilt();
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
// Coverage of src/ (c8 over V8's own counters, which every process started by a test inherits
// through NODE_V8_COVERAGE, so servers run as child processes count too). On for a full run, where
// the floor in .c8rc.json is checked (it may only rise); TEST_COVERAGE=0 turns it off (CI's second
// database run), TEST_COVERAGE=1 turns it on for a filtered run, which reports but checks no floor.
const fullRun = filters.length === 0 && process.env.TEST_ROOT === undefined;
const coverage = process.env.TEST_COVERAGE === '1' || (fullRun && process.env.TEST_COVERAGE !== '0');
const coverageDir = coverage ? mkdtempSync(join(tmpdir(), 'maplelink-coverage-')) : undefined;
const env = { ...process.env, NODE_ENV: 'test', MAPLELINK_RUN_SOURCES: '1', ...(coverageDir ? { NODE_V8_COVERAGE: coverageDir } : {}) };
const started = Date.now();
const res = spawnSync(process.execPath, args, { stdio: 'inherit', env });
process.stdout.write(summary(TAP_FILE, files.length, Date.now() - started));
let status = res.status ?? 1;
if (coverageDir) {
  const reportStarted = Date.now();
  const c8 = spawnSync(process.execPath, [
    'node_modules/c8/bin/c8.js', 'report', `--temp-directory=${coverageDir}`, ...(fullRun ? [] : ['--check-coverage=false']),
  ], { stdio: ['ignore', 'inherit', 'inherit'] });
  rmSync(coverageDir, { recursive: true, force: true });
  process.stdout.write(coverageByFolder('coverage/coverage-summary.json', Date.now() - reportStarted));
  // A run below the floor fails even when every test passed.
  if (status === 0 && c8.status !== 0) status = c8.status ?? 1;
}
process.exit(status);

/** Line coverage per folder of src/ (a product, the platform, the CLI), from c8's json-summary. */
function coverageByFolder(summaryFile, ms) {
  let files;
  try { files = JSON.parse(readFileSync(summaryFile, 'utf8')); } catch { return `no coverage summary in ${summaryFile}\n`; }
  const folders = new Map();
  for (const [path, s] of Object.entries(files)) {
    if (path === 'total') continue;
    const m = /[\\/]src[\\/]([^\\/]+)[\\/]/.exec(path);
    const name = m ? m[1] : '(root)';
    const f = folders.get(name) ?? { covered: 0, total: 0 };
    f.covered += s.lines.covered;
    f.total += s.lines.total;
    folders.set(name, f);
  }
  const pct = (f) => (f.total === 0 ? 100 : (100 * f.covered) / f.total).toFixed(1);
  const rows = [...folders].sort(([a], [b]) => a.localeCompare(b)).map(([name, f]) => `  ${name.padEnd(10)} ${pct(f).padStart(5)} % of ${f.total} lines`);
  return `lines covered per folder of src/ (report in ${Math.round(ms / 1000)} s; per file: coverage/coverage-summary.json)\n${rows.join('\n')}\n`;
}

/** The run's counts (the TAP's last `# pass N` lines) and any [linger] line, in a few lines. */
function summary(tapFile, fileCount, ms) {
  let tap = '';
  try { tap = readFileSync(tapFile, 'utf8'); } catch { return `\nno TAP written to ${tapFile}\n`; }
  const count = (k) => Number([...tap.matchAll(new RegExp(`^# ${k} (\\d+)$`, 'gm'))].at(-1)?.[1] ?? 0);
  const lingered = [...tap.matchAll(/^#\s*(\[linger\].*)$/gm)].map((m) => `  ${m[1]}\n`).join('');
  const parts = ['tests', 'pass', 'fail', 'cancelled', 'skipped', 'todo'].map((k) => `${count(k)} ${k}`);
  return `\n${fileCount} files, ${parts.join(', ')} in ${Math.round(ms / 1000)} s (full TAP: ${tapFile})\n${lingered}`;
}
