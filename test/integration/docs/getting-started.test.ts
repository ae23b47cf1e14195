/**
 * docs/getting-started.md, followed as written: its shell blocks, in order, in one bash against a
 * started server, stopping at the first command that fails (set -euo pipefail). Only the blocks marked
 * `<!-- guide-test: not run ... -->` are left out, and this test names them, so none is skipped unseen.
 * The guide reads its base URL from BASE, which this test sets to its server's address.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../../support/app.ts';

const GUIDE = readFileSync(new URL('../../../docs/getting-started.md', import.meta.url), 'utf8');
// The guide starts about twenty processes (each `npx maplelink` loads the sources through tsx): ~30 s on
// a quiet machine, past two minutes on a loaded one. The bound only has to end a hang.
const RUN_LIMIT_MS = 300_000;

const OPERATOR_KEY = `mlop_guide_${randomUUID()}`;
let t: TestApp;
before(async () => {
  t = await startTestApp({ MAPLELINK_OPERATOR_KEY: OPERATOR_KEY });
});
after(async () => t?.stop());

function shellBlocks(markdown: string): { run: string[]; notRun: string[] } {
  const run: string[] = [];
  const notRun: string[] = [];
  for (const m of markdown.matchAll(/(<!-- guide-test: not run[^>]*-->\n)?```(\w*)[^\n]*\n([\s\S]*?)```/g)) {
    if (m[2] !== 'sh' && m[2] !== 'bash') continue;
    (m[1] ? notRun : run).push(m[3]!);
  }
  return { run, notRun };
}

/** Runs `script` in bash, with a bound: a hang fails the test instead of holding the run. */
function bash(script: string, env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_LIMIT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
  });
}

test('the guide leaves out only the server start (the test starts its own server)', () => {
  const { run, notRun } = shellBlocks(GUIDE);
  assert.equal(notRun.length, 1, notRun.join('\n---\n'));
  assert.match(notRun[0]!, /npm start/);
  assert.ok(run.length >= 8, `${run.length} blocks to run`);
});

test('every other shell block of the guide runs as written, in order, in one bash', async () => {
  const { run } = shellBlocks(GUIDE);
  const script = [
    'set -euo pipefail',
    // The first command that fails ends the run and says which it was.
    `trap 'echo "guide: command failed (exit $?) at line $LINENO: $BASH_COMMAND" >&2' ERR`,
    ...run,
  ].join('\n');
  const started = Date.now();
  // The guide's `maplelink tenant` finds a server through ./data; this one is named as the guide says another is.
  const r = await bash(script, { BASE: t.url, MAPLELINK_URL: t.url, MAPLELINK_OPERATOR_KEY: OPERATOR_KEY });
  const output = `exit ${r.code} after ${Date.now() - started} ms\n--- stdout\n${r.out}\n--- stderr\n${r.err}`;
  assert.equal(r.code, 0, output);
  // What each step really answers, as the guide says it does.
  assert.match(r.out, /^\{"status":"ok"\}$/m, output);
  assert.match(r.out, /^\{"HttpStatusCode":200,"Token":"[0-9a-f-]{36}"\}$/m, output);
  assert.match(r.out, /"HttpStatusCode":203,"SecurityChallenges":\[\{"Type":"QuestionAndAnswer","Prompt":"What is the best country on earth\?"\}\]/, output);
  assert.match(r.out, /^\{"HttpStatusCode":200,.*"Login":\{"Username":"Greatday"/m, output);
  // Greatday's persona follows its LoginId (personal or business accounts): titles vary, the shape does not.
  assert.match(r.out, /^200 (Business )?Chequing CAD: \d+ transactions, /m, output);
  assert.match(r.out, /^202 OPERATION_PENDING$/m, output);
  assert.match(r.out, /^attempt \d+: 200$/m, output);
  assert.match(r.out, /^200 4 accounts$/m, output);
  // The persona's employer and income (generated: names and figures vary), its NSF count, its categories.
  assert.match(r.out, /^\S[^\n]* \d+(\.\d+)?$/m, output);
  assert.match(r.out, /"count_nsf_90_days":"NONE_DETECTED","employer_name":"(?!NONE_DETECTED")[^"]+"/, output);
  assert.match(r.out, / → [^/\n]+ \/ /, output);
  // A customer created beside the running server is accepted at once, then managed and deleted.
  assert.match(r.out, /"customerId": "[0-9a-f-]{36}"/, output);
  assert.equal([...r.out.matchAll(/^\{"HttpStatusCode":200,"Token":"[0-9a-f-]{36}"\}$/gm)].length, 2, output);
  assert.match(r.out, /^My app$/m, output);
  assert.match(r.out, /^customerId secretKey$/m, output);
});

test('a failing command stops the guide run and is named (the harness can fail)', async () => {
  const r = await bash(['set -euo pipefail', `trap 'echo "guide: command failed (exit $?) at line $LINENO: $BASH_COMMAND" >&2' ERR`, 'curl -s --fail-with-body "$BASE/v3/00000000-0000-0000-0000-000000000000/BankingServices/Authorize" -X POST -d "{}" -H "content-type: application/json"', 'echo "not reached"'].join('\n'), { BASE: t.url });
  assert.notEqual(r.code, 0);
  assert.doesNotMatch(r.out, /not reached/);
  assert.match(r.err, /guide: command failed \(exit 22\) at line 3: curl/);
});
