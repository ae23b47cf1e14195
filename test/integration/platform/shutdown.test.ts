/**
 * A stopped Maplelink leaves nothing running: a process that starts and stops it ends
 * by itself. On PostgreSQL a job worker's poll could be left waiting for a connection
 * of a pool already ended, and pg-boss's stop loop waited on it for ever.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { onPostgres } from '../../support/app.ts';

const FIXTURE = fileURLToPath(new URL('../../support/start-stop.ts', import.meta.url));

// Ten rounds on PostgreSQL, where stops must land in a burst of polls to show the fault
// (without the fix this failed every time); three on PGlite, which takes 3 s a round.
const ROUNDS = onPostgres ? 10 : 3;

test(`a process that starts and stops Maplelink ${ROUNDS} times exits by itself, at once`, async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ROUNDS: String(ROUNDS) } });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += String(d)));
  child.stderr.on('data', (d) => (err += String(d)));
  let stoppedAt = 0;
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = new Promise<'still running'>((resolve) => {
    const check = setInterval(() => {
      if (!stoppedAt && out.includes('stopped')) stoppedAt = Date.now();
      if (stoppedAt && Date.now() - stoppedAt > 5_000) {
        clearInterval(check);
        resolve('still running');
      }
    }, 50);
    exited.then(() => clearInterval(check));
  });
  const result = await Promise.race([exited, deadline]);
  if (result === 'still running') child.kill('SIGKILL');
  assert.notEqual(result, 'still running', 'the process was still alive 5 s after its last stop');
  assert.equal(result, 0, err.slice(-2000));
  assert.match(out, /stopped/);
});
