/**
 * The SDK declares Node 20 and later, wider than the server (package.json engines, 22.13+ or 24.11+):
 * it needs only what Node 20 has (global fetch, AbortSignal.timeout, node:crypto), its README says
 * so, and the SDK's own tests run on the Node that runs this test (20 in CI's first two runs). This
 * test keeps the declaration, the README and the runtime that tests it together.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const json = (path: string) => JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as { engines?: { node?: string } };

test('the SDK declares Node >= 20, says so in its README, and the server keeps its own range', () => {
  assert.equal(json('sdk/package.json').engines?.node, '>=20');
  assert.match(readFileSync(join(ROOT, 'sdk', 'README.md'), 'utf8'), /Node ≥ 20[\s\S]*runs on Node 20/);
  assert.equal(json('package.json').engines?.node, '^22.13.0 || ^24.11.0');
});

test('the runtime running the SDK tests is one the SDK declares', () => {
  const major = Number(process.versions.node.split('.')[0]);
  assert.ok(major >= 20, `Node ${process.versions.node}`);
  // What the SDK's code relies on, present on this runtime.
  assert.equal(typeof fetch, 'function');
  assert.equal(typeof AbortSignal.timeout, 'function');
});
