/**
 * npm run bench [-- platform|connect ...]
 *
 * Each benchmark runs Maplelink and its baseline side by side in the same run
 * (separate processes, same machine, same load generator) and reports the
 * ratio: absolute numbers vary between machines, ratios much less.
 */
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { load, peakRssMb, rssMb, serveArgs, startServer, verdict, waitHealthy } from './lib.ts';
import { generateLogin } from '../src/sandbox/generator/index.ts';
import { enrichBench } from './enrich.ts';
import { outboundBench } from './outbound.ts';
import { payBench } from './pay.ts';
import { importBench } from './import.ts';
import { scaleBench } from './scale.ts';
import { consoleBench } from './console.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const CLI = join(ROOT, 'bin/maplelink.js');
const TSX = ['--import', 'tsx'];
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const SANDBOX = '43387ca6-0391-4c82-857d-70d95f087ecb';

interface Result { name: string; figures: Record<string, number | string>; pass: boolean }
const results: Result[] = [];

function freshDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'maplelink-bench-'));
}

/** #2: an authenticated trivial /v3 route against a bare fastify route answering the same bytes. */
async function platform(): Promise<void> {
  const dataDir = freshDataDir();
  const created = JSON.parse(execFileSync(process.execPath, [CLI, 'tenant', 'create', '--name', 'bench'], { env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' } }).toString().split('\n# ')[0]!);
  const ml = await startServer(serveArgs(CLI), { DATA_DIR: dataDir, RATE_LIMIT_PER_MINUTE: '0' });
  await waitHealthy(ml.url);
  const path = `/v3/${created.customerId}/BankingServices/Institutions/RoutingNumber/021000021`;
  const headers = { 'x-api-key': created.apiKey };
  const sample = await fetch(ml.url + path, { headers });
  if (sample.status !== 200) throw new Error(`${path} answered ${sample.status}`);
  const bodyFile = join(dataDir, 'routing.json');
  writeFileSync(bodyFile, await sample.text());
  const bare = await startServer([...TSX, join(ROOT, 'bench/servers/bare-fastify.ts')], { BODY_FILE: bodyFile });
  await load(ml.url + path, { connections: 10, seconds: 2, headers }); // warm-up
  await load(bare.url + path, { connections: 10, seconds: 2 });
  // Three alternating rounds, each side's median: one noisy second on a shared machine should not decide.
  const ours = [], theirs = [];
  for (let round = 0; round < 3; round++) {
    ours.push(await load(ml.url + path, { connections: 10, seconds: Math.max(2, Math.round(SECONDS / 2)), headers }));
    theirs.push(await load(bare.url + path, { connections: 10, seconds: Math.max(2, Math.round(SECONDS / 2)) }));
  }
  const median = (xs: Awaited<ReturnType<typeof load>>[]) => xs.slice().sort((x, y) => x.requestsPerSecond - y.requestsPerSecond)[1]!;
  const a = median(ours);
  const b = median(theirs);
  a.errors = ours.reduce((n, x) => n + x.errors, 0);
  a.non2xx = ours.reduce((n, x) => n + x.non2xx, 0);
  await ml.stop();
  await bare.stop();
  const ratio = a.requestsPerSecond / b.requestsPerSecond;
  results.push({
    name: 'platform: authenticated /v3 route vs bare fastify (target ratio >= 0.8)',
    figures: { maplelink_rps: Math.round(a.requestsPerSecond), bare_fastify_rps: Math.round(b.requestsPerSecond), ratio: round(ratio), maplelink_p99_ms: a.p99, bare_p99_ms: b.p99, errors: a.errors + a.non2xx },
    pass: ratio >= 0.8 && a.errors + a.non2xx === 0,
  });
}

/**
 * #3: cached GetAccountsDetail (>= 2,000 transactions) over 64 connections against bare node:http
 * serving the same bytes. Runs on the embedded database, and also on PostgreSQL when
 * BENCH_DATABASE_URL names an (empty) database.
 */
async function connect(): Promise<void> {
  await connectOn(null);
  if (process.env.BENCH_DATABASE_URL) await connectOn(process.env.BENCH_DATABASE_URL);
}

async function connectOn(databaseUrl: string | null): Promise<void> {
  const backend: Record<string, string> = databaseUrl ? { DATABASE_URL: databaseUrl } : {};
  const dataDir = freshDataDir();
  // The database is created (initdb) by a separate `migrate`, as on any machine after the first start:
  // the serving process's memory is then what serving costs.
  execFileSync(process.execPath, [CLI, 'migrate'], { env: { ...process.env, ...backend, DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, stdio: 'ignore' });
  const ml = await startServer(serveArgs(CLI), { ...backend, DATA_DIR: dataDir, RATE_LIMIT_PER_MINUTE: '0' });
  await waitHealthy(ml.url);
  const api = (p: string) => `${ml.url}/v3/${SANDBOX}/BankingServices/${p}`;
  const post = async (p: string, body: unknown) => {
    const r = await fetch(api(p), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: r.status, body: (await r.json()) as any };
  };
  // Fresh greatday_nomfa: Authorize → 200 GetAccountsDetail, polling the Async endpoint.
  const freshTimes: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const auth = await post('Authorize', { Institution: 'FlinksCapital', Username: 'greatday_nomfa', Password: 'Everyday', Save: true, MostRecentCached: false });
    let r = await post('GetAccountsDetail', { RequestId: auth.body.RequestId, WithTransactions: true });
    while (r.status === 202) {
      await new Promise((res) => setTimeout(res, 20));
      const p = await fetch(api(`GetAccountsDetailAsync/${auth.body.RequestId}`));
      r = { status: p.status, body: await p.json() };
    }
    if (r.status !== 200) throw new Error(`fresh login ended with ${r.status}`);
    freshTimes.push(performance.now() - t0);
  }
  freshTimes.sort((a, b) => a - b);
  const freshMedian = freshTimes[2]!;

  // A login with at least 2,000 transactions: a custom sandbox user holding 20 months of a salaried persona's history.
  const generated = generateLogin({ seed: 'bench', persona: 'salaried', startDate: '2025-03-01', endDate: '2026-10-31' });
  const document = {
    Username: 'bench_2000',
    Holder: { Name: generated.holder.name, Email: generated.holder.email, PhoneNumber: generated.holder.phoneNumber, Address: { CivicAddress: generated.holder.civicAddress, City: generated.holder.city, Province: generated.holder.province, PostalCode: generated.holder.postalCode, POBox: null, Country: 'CA' } },
    Accounts: generated.accounts.map((a) => ({
      Title: a.title, Type: a.type, Category: a.category, Currency: a.currency, AccountNumber: a.accountNumber, TransitNumber: a.transitNumber,
      Balance: { Current: a.currentCents / 100, Available: a.availableCents / 100, Limit: a.limitCents === null ? null : a.limitCents / 100 },
      Transactions: a.transactions.map((t) => ({ Id: t.key, Date: t.date, Description: t.description, Debit: t.debitCents === null ? null : t.debitCents / 100, Credit: t.creditCents === null ? null : t.creditCents / 100, Balance: t.balanceCents / 100 })),
    })),
  };
  const imported = await fetch(`${ml.url}/v3/${SANDBOX}/sandbox/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(document) });
  if (imported.status !== 200) throw new Error(`import answered ${imported.status}: ${await imported.text()}`);
  const auth = await post('Authorize', { Institution: 'FlinksCapital', Username: 'bench_2000', Password: 'Everyday', Save: true });
  const body = { RequestId: auth.body.RequestId, WithAccountIdentity: true, WithKYC: true, WithTransactions: true, DateFrom: '2025-03-01' };
  let first = await post('GetAccountsDetail', body);
  while (first.status === 202) {
    await new Promise((res) => setTimeout(res, 50));
    first = await post('GetAccountsDetail', body);
  }
  const transactions = first.body.Accounts.reduce((n: number, a: any) => n + a.Transactions.length, 0);
  const bytes = JSON.stringify(first.body);
  const bodyFile = join(dataDir, 'detail.json');
  writeFileSync(bodyFile, bytes);
  const bare = await startServer([...TSX, join(ROOT, 'bench/servers/bare-http.ts')], { BODY_FILE: bodyFile });
  const opts = { connections: 64, method: 'POST' as const, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  await load(api('GetAccountsDetail'), { ...opts, seconds: 2 });
  await load(bare.url, { ...opts, seconds: 2 });
  const a = await load(api('GetAccountsDetail'), { ...opts, seconds: SECONDS });
  const rss = rssMb(ml.child.pid!);
  const peak = peakRssMb(ml.child.pid!);
  const b = await load(bare.url, { ...opts, seconds: SECONDS });
  await ml.stop();
  await bare.stop();
  const ratio = a.requestsPerSecond / b.requestsPerSecond;
  const p99Ratio = a.p99 / Math.max(b.p99, 1);
  results.push({
    name: `connect (${databaseUrl ? 'PostgreSQL' : 'embedded PGlite'}): cached GetAccountsDetail, 64 connections, vs bare node:http with the same bytes (targets: ratio >= 0.5, p99 <= 1.5x, RSS <= 300 MB, fresh login <= 1 s)`,
    figures: {
      transactions, body_kb: Math.round(bytes.length / 1024), maplelink_rps: Math.round(a.requestsPerSecond), bare_http_rps: Math.round(b.requestsPerSecond), ratio: round(ratio),
      maplelink_p99_ms: a.p99, bare_p99_ms: b.p99, p99_ratio: round(p99Ratio), rss_mb: rss, peak_rss_mb: peak, fresh_login_to_detail_ms_median: Math.round(freshMedian), errors: a.errors + a.non2xx,
    },
    pass: transactions >= 2000 && ratio >= 0.5 && p99Ratio <= 1.5 && peak <= 300 && freshMedian <= 1000 && a.errors + a.non2xx === 0,
  });
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** #7: CPA-005 generation and the cut-off (bench/pay.ts). */
async function pay(): Promise<void> {
  results.push(...(await payBench()));
}

/** #6: statement parsers against ofx-js, node-ofx-parser and mt940-js (bench/import.ts). */
async function importSuite(): Promise<void> {
  results.push(...(await importBench()));
}

/** #8: an FDX transactions page of 1,000 against bare node:http with the same bytes (bench/outbound.ts). */
async function outbound(): Promise<void> {
  results.push(...(await outboundBench()));
}

/** #5: the attribute engine against a naive per-attribute scan (bench/enrich.ts). */
async function enrich(): Promise<void> {
  results.push(...(await enrichBench()));
}

/** #13: many processes on one PostgreSQL: the nightly refresh, p99 under it, a soak (bench/scale.ts). Run only when named. */
async function scale(): Promise<void> {
  results.push(...(await scaleBench(CLI)));
}

/** #18: the operator console's request feed over 1,000,000 requests, and what recording costs (bench/console.ts). Run only when named. */
async function consoleSuite(): Promise<void> {
  results.push(...(await consoleBench(CLI)));
}

const suites: Record<string, () => Promise<void>> = { platform, connect, enrich, pay, import: importSuite, outbound, scale, console: consoleSuite };
/** Heavy, and PostgreSQL only: `npm run bench -- scale`, `npm run bench -- console`. */
const ON_REQUEST = new Set(['scale', 'console']);
// The servers run what `npm start` runs: the compiled dist/ (built here when stale).
execFileSync(process.execPath, [join(ROOT, 'scripts/build-server.mjs'), '--if-stale'], { stdio: 'inherit' });
const wanted = process.argv.slice(2).filter((a) => a in suites);
for (const name of wanted.length ? wanted : Object.keys(suites).filter((n) => !ON_REQUEST.has(n))) {
  process.stderr.write(`bench: ${name} ...\n`);
  await suites[name]!();
}
for (const r of results) {
  process.stdout.write(`\n${verdict(r.pass)}  ${r.name}\n`);
  for (const [k, v] of Object.entries(r.figures)) process.stdout.write(`    ${k.padEnd(34)} ${v}\n`);
}
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
writeFileSync(join(ROOT, 'bench/results/latest.json'), JSON.stringify({ at: new Date().toISOString(), results }, null, 2));
process.exit(results.every((r) => r.pass) ? 0 : 1);
