/**
 * The guard of test/setup/linger.ts: a test file whose process would outlive its tests
 * (here a forgotten interval) ends anyway, names what held it, and keeps its results.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

function runLeaky(body: string): { status: number | null; out: string; ms: number } {
  const dir = mkdtempSync(join(tmpdir(), 'linger-'));
  try {
    const file = join(dir, 'leaky.test.mjs');
    writeFileSync(file, `import { test } from 'node:test';\n${body}\n`);
    const started = Date.now();
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', './test/setup/linger.ts', '--test', '--test-reporter=tap', file], {
      // Without NODE_TEST_CONTEXT: the child is a run of its own, not a file of this run.
      env: { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_TEST_CONTEXT')), TEST_LINGER_MS: '300' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    return { status: r.status, out: r.stdout + r.stderr, ms: Date.now() - started };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a passing file that leaks a timer ends, names the timer, and still passes', () => {
  const r = runLeaky(`test('leaks', () => { setInterval(() => {}, 1000); });`);
  assert.match(r.out, /\[linger\].*leaky\.test\.mjs.*"Timeout"/);
  assert.match(r.out, /# pass 1/);
  assert.equal(r.status, 0);
  assert.ok(r.ms < 20_000, `ended in ${r.ms} ms`);
});

test('a failing file that leaks a timer ends and still fails', () => {
  const r = runLeaky(`test('leaks and fails', () => { setInterval(() => {}, 1000); throw new Error('boom'); });`);
  assert.match(r.out, /\[linger\]/);
  assert.match(r.out, /# fail 1/);
  assert.notEqual(r.status, 0);
});

test('a file that ends on its own is not reported', () => {
  const r = runLeaky(`test('clean', () => {});`);
  assert.doesNotMatch(r.out, /\[linger\]/);
  assert.equal(r.status, 0);
});
