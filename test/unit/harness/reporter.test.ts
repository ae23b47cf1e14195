/**
 * npm test (scripts/test.js) on the terminal: a dot per test, each failure in full and a one-line
 * summary; the full TAP in a file; the exit status says whether everything passed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

function runSuite(files: Record<string, string>): { status: number | null; out: string; tap: string } {
  const dir = mkdtempSync(join(tmpdir(), 'reporter-'));
  try {
    for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), `import { test } from 'node:test';\n${body}\n`);
    const tapFile = join(dir, 'out.tap');
    const r = spawnSync(process.execPath, ['scripts/test.js'], {
      // Without NODE_TEST_CONTEXT: the child is a run of its own, not a file of this run.
      env: { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_TEST_CONTEXT')), TEST_ROOT: dir, TEST_TAP_FILE: tapFile, TEST_LINGER_MS: '300' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { status: r.status, out: r.stdout + r.stderr, tap: readFileSync(tapFile, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a passing run: dots and a summary on the terminal, the TAP in the file, exit 0', () => {
  const r = runSuite({ 'a.test.ts': `test('one', () => {}); test('two', () => {});`, 'b.test.ts': `test('three', () => {});` });
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /^\.\.\.$/m);
  assert.match(r.out, /2 files, 3 tests, 3 pass, 0 fail, 0 cancelled/);
  assert.doesNotMatch(r.out, /TAP version|# Subtest/);
  assert.match(r.tap, /^TAP version/);
  assert.match(r.tap, /# Subtest: three/);
});

test('a failing and lingering file: the failure in full, the [linger] line in the summary, exit 1', () => {
  const r = runSuite({
    'a.test.ts': `test('fine', () => {});`,
    'b.test.ts': `test('broken', () => { setInterval(() => {}, 1000); throw new Error('the reason'); });`,
  });
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, /broken[\s\S]*the reason/);
  assert.match(r.out, /2 files, 2 tests, 1 pass, 1 fail/);
  assert.match(r.out, /\[linger\].*b\.test\.ts/);
  assert.match(r.tap, /not ok \d+ - broken/);
});
