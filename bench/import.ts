/**
 * npm run bench -- import
 *
 * Statement parsing throughput (transactions per second) on 100,000-transaction files generated
 * from sandbox personas: OFX (version 1 SGML and version 2 XML), CSV, CAMT.053 and MT940 (free-text
 * and DK-structured :86:), against the peers ofx-js and node-ofx-parser (OFX) and mt940-js (MT940)
 * in the same run. Target: at least 3x the fastest peer.
 *
 * Every parser runs in child processes of its own: one for speed (a warm-up, then the best of five
 * timed parses, by wall clock and by CPU time: on a shared machine other processes only ever add
 * time) and a fresh one for memory (one parse; peak RSS from /proc). Timings start from the file's
 * bytes in memory, so decoding is counted for everyone.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TRANSACTIONS = Number(process.env.BENCH_IMPORT_TRANSACTIONS ?? 100_000);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SELF = fileURLToPath(import.meta.url);

type Parser = 'maplelink' | 'ofx-js' | 'node-ofx-parser' | 'mt940-js';

interface ChildResult {
  transactions: number;
  ms: number;
  cpuMs: number;
  peakRssMb: number;
  baselineRssMb: number;
}

interface Result {
  name: string;
  figures: Record<string, number | string>;
  pass: boolean;
}

function statusMb(field: 'VmHWM' | 'VmRSS'): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

/** Counts STMTTRN elements in ofx-js / node-ofx-parser output (one object or an array each level). */
function countOfx(node: unknown): number {
  if (!node || typeof node !== 'object') return 0;
  let n = 0;
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if (k === 'STMTTRN') n += Array.isArray(v) ? v.length : 1;
    else if (Array.isArray(v)) for (const x of v) n += countOfx(x);
    else n += countOfx(v);
  }
  return n;
}

/** One parse of `bytes` by `parser`; answers the number of transactions read. */
async function parseOnce(parser: Parser, bytes: Buffer, file: string): Promise<number> {
  const require = createRequire(join(ROOT, 'package.json'));
  switch (parser) {
    case 'maplelink': {
      const { parseStatements } = await import('../src/upload/parsers/index.ts');
      const statements = await parseStatements(bytes, { filename: file });
      return statements.reduce((n, s) => n + s.transactions.length, 0);
    }
    case 'ofx-js': {
      const { parse } = (await import('ofx-js')) as { parse(text: string): Promise<{ OFX: unknown }> };
      return countOfx((await parse(bytes.toString(file.endsWith('.v2.ofx') ? 'utf8' : 'latin1'))).OFX);
    }
    case 'node-ofx-parser': {
      const { parse } = require('node-ofx-parser') as { parse(text: string): { OFX: unknown } };
      return countOfx(parse(bytes.toString(file.endsWith('.v2.ofx') ? 'utf8' : 'latin1')).OFX);
    }
    case 'mt940-js': {
      const { read } = require('mt940-js') as { read(b: Buffer): Promise<{ transactions: unknown[] }[]> };
      return (await read(bytes)).reduce((n, s) => n + s.transactions.length, 0);
    }
  }
}

/** In the child: load the parser, read the file, parse (speed: warm-up + median of 3; memory: once). */
async function child(parser: Parser, file: string, mode: 'speed' | 'memory'): Promise<void> {
  await parseOnce(parser, Buffer.from('x'), file).catch(() => 0); // load the modules before measuring
  const bytes = readFileSync(file);
  const baselineRssMb = statusMb('VmRSS');
  let transactions = 0;
  let ms = Infinity;
  let cpuMs = Infinity;
  const timed = async () => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const n = await parseOnce(parser, bytes, file);
    ms = Math.min(ms, performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpuMs = Math.min(cpuMs, (c.user + c.system) / 1000);
    return n;
  };
  if (mode === 'memory') transactions = await timed();
  else {
    transactions = await parseOnce(parser, bytes, file);
    for (let i = 0; i < 5; i++) {
      const n = await timed();
      if (n !== transactions) throw new Error(`${parser}: ${n} transactions, then ${transactions}`);
    }
  }
  const out: ChildResult = { transactions, ms, cpuMs, peakRssMb: statusMb('VmHWM'), baselineRssMb };
  process.stdout.write(JSON.stringify(out) + '\n');
}

function runChild(parser: Parser, file: string, mode: 'speed' | 'memory'): ChildResult | { error: string } {
  try {
    const out = execFileSync(process.execPath, ['--import', 'tsx', SELF, '--child', parser, file, mode], {
      cwd: ROOT,
      timeout: 600_000,
      maxBuffer: 1 << 20,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return JSON.parse(out.toString().trim().split('\n').pop()!) as ChildResult;
  } catch (err) {
    const e = err as { stderr?: Buffer; message: string };
    return { error: (e.stderr?.toString().trim().split('\n').slice(-3).join(' ') || e.message).slice(0, 300) };
  }
}

/** 100,000 transactions from sandbox personas over twenty years, as statements. */
async function inputs(dir: string): Promise<Record<string, string>> {
  const { generateLogin, PERSONAS } = await import('../src/sandbox/generator/index.ts');
  const { statementsFromLogin } = await import('../test/support/statement-writers/from-sandbox.ts');
  const { writeOfx } = await import('../test/support/statement-writers/ofx.ts');
  const { writeCsv } = await import('../src/upload/writers/csv.ts');
  const { writeCamt053 } = await import('../test/support/statement-writers/camt053.ts');
  const { writeMt940 } = await import('../test/support/statement-writers/mt940.ts');
  type S = ReturnType<typeof statementsFromLogin>[number];
  const statements: S[] = [];
  let count = 0;
  for (let round = 0; count < TRANSACTIONS; round++) {
    for (const persona of PERSONAS) {
      if (count >= TRANSACTIONS) break;
      for (const s of statementsFromLogin(generateLogin({ seed: `bench-${round}`, persona, startDate: '2006-01-01', endDate: '2025-12-31' }))) {
        if (count >= TRANSACTIONS) break;
        const take = Math.min(s.transactions.length, TRANSACTIONS - count);
        const transactions = s.transactions.slice(0, take);
        const last = transactions[transactions.length - 1]!;
        statements.push({ ...s, transactions, balances: { opening: s.balances.opening, closing: { amountCents: last.balanceCents!, date: last.date } }, period: { start: transactions[0]!.date, end: last.date } });
        count += take;
      }
    }
  }
  const files: Record<string, string> = {};
  const put = (name: string, bytes: Uint8Array) => {
    files[name] = join(dir, name);
    writeFileSync(files[name]!, bytes);
  };
  put('statements.v1.ofx', writeOfx(statements));
  put('statements.v2.ofx', writeOfx(statements, { version: 2 }));
  put('statements.csv', writeCsv(statements));
  put('statements.xml', writeCamt053(statements));
  put('statements.sta', writeMt940(statements, { split: 'day', blocks: true }));
  put('statements.dk.sta', writeMt940(statements, { info: 'dk', split: 'day', blocks: true }));
  return files;
}

function measure(parser: Parser, file: string): { speed: ChildResult | { error: string }; memory: ChildResult | { error: string } } {
  process.stderr.write(`  ${parser} on ${file.split('/').pop()} ...\n`);
  return { speed: runChild(parser, file, 'speed'), memory: runChild(parser, file, 'memory') };
}

function perSecond(r: ChildResult): number {
  return Math.round((r.transactions / r.ms) * 1000);
}

export async function importBench(): Promise<Result[]> {
  const dir = mkdtempSync(join(tmpdir(), 'maplelink-bench-import-'));
  try {
    const files = await inputs(dir);
    const sizeMb = (f: string) => Math.round((readFileSync(f).length / 1048576) * 10) / 10;
    const results: Result[] = [];
    const compare = (label: string, file: string, peers: Parser[]) => {
      const ours = measure('maplelink', file);
      const theirs = peers.map((p) => ({ p, ...measure(p, file) }));
      const figures: Record<string, number | string> = { transactions: TRANSACTIONS, file_mb: sizeMb(file) };
      let ok = 'transactions' in ours.speed && ours.speed.transactions === TRANSACTIONS;
      const describe = (name: string, m: { speed: ChildResult | { error: string }; memory: ChildResult | { error: string } }) => {
        if ('error' in m.speed) {
          figures[`${name}_error`] = m.speed.error;
          return;
        }
        figures[`${name}_tx_per_s`] = perSecond(m.speed);
        figures[`${name}_tx_per_cpu_s`] = Math.round((m.speed.transactions / m.speed.cpuMs) * 1000);
        figures[`${name}_ms`] = Math.round(m.speed.ms);
        if (m.speed.transactions !== TRANSACTIONS) figures[`${name}_transactions_read`] = m.speed.transactions;
        if (!('error' in m.memory)) {
          figures[`${name}_peak_rss_mb`] = m.memory.peakRssMb;
          figures[`${name}_rss_before_parse_mb`] = m.memory.baselineRssMb;
        }
      };
      describe('maplelink', ours);
      for (const t of theirs) describe(t.p, t);
      const peerRates = theirs.filter((t) => 'transactions' in t.speed && t.speed.transactions === TRANSACTIONS).map((t) => perSecond(t.speed as ChildResult));
      if (peers.length) {
        const fastest = Math.max(...peerRates);
        if (!peerRates.length || !ok) ok = false;
        else {
          const ratio = perSecond(ours.speed as ChildResult) / fastest;
          const cpuRate = (r: ChildResult) => r.transactions / r.cpuMs;
          const fastestCpu = Math.max(...theirs.filter((t) => 'transactions' in t.speed && t.speed.transactions === TRANSACTIONS).map((t) => cpuRate(t.speed as ChildResult)));
          figures.ratio_to_fastest_peer = Math.round(ratio * 100) / 100;
          figures.cpu_ratio_to_fastest_peer = Math.round((cpuRate(ours.speed as ChildResult) / fastestCpu) * 100) / 100;
          ok = ratio >= 3;
        }
      }
      results.push({ name: `import: ${label}${peers.length ? ` vs ${peers.join(', ')} (target >= 3x the fastest)` : ''}`, figures, pass: ok });
    };
    compare('OFX 1.x SGML', files['statements.v1.ofx']!, ['ofx-js', 'node-ofx-parser']);
    compare('OFX 2.x XML', files['statements.v2.ofx']!, ['ofx-js', 'node-ofx-parser']);
    compare('MT940, free-text :86:', files['statements.sta']!, ['mt940-js']);
    compare('MT940, DK-structured :86:', files['statements.dk.sta']!, ['mt940-js']);
    compare('CSV (no peer: throughput and memory)', files['statements.csv']!, []);
    compare('CAMT.053 (no peer: throughput and memory)', files['statements.xml']!, []);
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') {
  await child(process.argv[3] as Parser, process.argv[4]!, process.argv[5] as 'speed' | 'memory');
}
