/**
 * `maplelink import` as a user runs it: a child process, offline (a DATABASE_URL that goes nowhere
 * and a DATA_DIR that does not exist change nothing).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateLogin } from '../../../src/sandbox/generator/index.ts';
import { parseStatements } from '../../../src/upload/parsers/index.ts';
import { statementsFromLogin } from '../../support/statement-writers/from-sandbox.ts';
import { writeOfx } from '../../support/statement-writers/ofx.ts';
import { writeCsv } from '../../../src/upload/writers/csv.ts';

const CLI = fileURLToPath(new URL('../../../bin/maplelink.js', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../../fixtures/statements/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'maplelink-import-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(args: string[]): Promise<Run> {
  const env = { ...process.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', DATA_DIR: join(dir, 'does', 'not', 'exist'), NODE_ENV: 'production' };
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, 'import', ...args], { env, maxBuffer: 1 << 28 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

const persona = statementsFromLogin(generateLogin({ seed: 'cli', persona: 'salaried', startDate: '2025-01-01', endDate: '2025-06-30' }));
const personaOfx = join(dir, 'persona.ofx');
writeFileSync(personaOfx, writeOfx(persona));

test('--json writes exactly {"statements": [{account, balances, transactions}]} with signed amounts and ISO dates', async () => {
  const r = await run([join(FIXTURES, 'ofx/v1-sgml-1252.ofx'), '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  const body = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(body), ['statements']);
  const [s] = body.statements;
  assert.deepEqual(Object.keys(s), ['account', 'balances', 'transactions', 'warnings']);
  assert.deepEqual(s.warnings, []);
  assert.deepEqual(s.account, { number: '0412345', kind: 'chequing', currency: 'CAD', institution: 'Caisse Populaire de Montréal', transit: '30012' });
  assert.deepEqual(s.balances, { closing: { amount: 1799.38, date: '2024-01-31' } });
  assert.deepEqual(s.transactions[0], { id: '2024010301', date: '2024-01-03', amount: -45.67, description: 'Épicerie Côté & Fils Achat au comptoir', code: 'DEBIT' });
  for (const t of s.transactions) {
    assert.match(t.date, /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(typeof t.amount, 'number');
    assert.equal(Math.round(t.amount * 100) / 100, t.amount);
  }
});

test('several files, several formats: all their statements, to the cent', async () => {
  const r = await run([personaOfx, join(FIXTURES, 'mt940/dutch-sepa.sta'), join(FIXTURES, 'camt053/v02.xml'), '--json']);
  assert.equal(r.code, 0, r.stderr);
  const body = JSON.parse(r.stdout);
  assert.equal(body.statements.length, persona.length + 2);
  const chequing = body.statements.find((s: { account: { number: string } }) => s.account.number === persona[0]!.account.number);
  assert.deepEqual(
    chequing.transactions.map((t: { id: string; amount: number }) => [t.id, Math.round(t.amount * 100)]),
    persona[0]!.transactions.map((t) => [t.id, t.amountCents]),
  );
});

test('--csv writes one row per transaction that reads back as the same statements', async () => {
  const r = await run([personaOfx, '--csv']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout.split('\n')[0]!, /^Account Number,Currency,Date,Description,Amount,Balance,Transaction ID$/);
  const back = await parseStatements(new TextEncoder().encode(r.stdout), { filename: 'out.csv' });
  for (const s of persona) {
    const b = back.find((x) => x.account.number === s.account.number)!;
    assert.deepEqual(b.transactions.map((t) => [t.id, t.date, t.amountCents, t.description]), s.transactions.map((t) => [t.id, t.date, t.amountCents, t.description]));
  }
});

test('--attributes computes the Enrich attributes over the imported transactions', async () => {
  const r = await run([personaOfx, '--json', '--attributes']);
  assert.equal(r.code, 0, r.stderr);
  const body = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(body), ['statements', 'attributes']);
  const names = Object.keys(body.attributes);
  assert.ok(names.length > 100, `${names.length} attributes`);
  assert.ok(names.every((n) => !n.endsWith('_biz')), 'consumer attributes unless --business');
  const human = await run([personaOfx, '--attributes']);
  assert.match(human.stdout, /\nattributes:\n {2}\w+: /);
});

test('a file that cannot be read: one line naming the file and the position, exit 1, nothing on stdout', async () => {
  const file = join(FIXTURES, 'ofx/truncated.ofx');
  const r = await run([file, '--json']);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.equal(lines[0], `maplelink import: ${file}: line 127, column 1 (byte 1700): the file ends inside <STMTTRN>: it is truncated`);
  const csvError = await run([join(FIXTURES, 'csv/bad-date.csv')]);
  assert.equal(csvError.code, 1);
  assert.match(csvError.stderr, /^maplelink import: .*bad-date\.csv: line 3, column 1 \(byte 50\): row at line 3, column 1: "2024-13-45" is not a date \(Y\/M\/D\)\n$/);
  const missing = await run([join(dir, 'nope.ofx')]);
  assert.equal(missing.code, 1);
  assert.equal(missing.stderr, `maplelink import: ${join(dir, 'nope.ofx')}: no such file\n`);
});

test('a progress bar on large inputs: with --progress on a pipe, a line every 10%; none by default on a pipe', async () => {
  const big = join(dir, 'big.csv');
  const many = statementsFromLogin(generateLogin({ seed: 'big', persona: 'business', startDate: '2015-01-01', endDate: '2025-12-31' }));
  writeFileSync(big, writeCsv(many));
  const withBar = await run([big, '--progress', '--json']);
  assert.equal(withBar.code, 0, withBar.stderr);
  const steps = withBar.stderr.trimEnd().split('\n');
  assert.equal(steps[steps.length - 1], 'big.csv: 100%');
  assert.ok(steps.length >= 3, withBar.stderr);
  const quiet = await run([big, '--json']);
  assert.equal(quiet.stderr, '');
  assert.deepEqual(JSON.parse(quiet.stdout), JSON.parse(withBar.stdout));
});

test('usage errors exit 2 with the usage; --help prints it', async () => {
  const none = await run([]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /no file given[\s\S]*Usage: maplelink import/);
  const both = await run([personaOfx, '--json', '--csv']);
  assert.equal(both.code, 2);
  const encoding = await run([personaOfx, '--encoding', 'klingon-8']);
  assert.equal(encoding.code, 2);
  assert.match(encoding.stderr, /unknown encoding "klingon-8"/);
  const help = await run(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /--preset P/);
});
