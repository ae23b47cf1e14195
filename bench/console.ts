/**
 * `npm run bench -- console` (PostgreSQL: BENCH_DATABASE_URL names a server; a fresh database is
 * made on it and dropped after). Two figures of the operator console's request feed (#18):
 *
 * 1. A filtered page of GET /operator/v1/requests over 1,000,000 recorded requests (40 customers of
 *    very different sizes, 30 days, the endpoints, statuses and FlinksCodes in the proportions of
 *    a busy installation): p50 and p99 through HTTP for several filter combinations, each page
 *    asked for at a random point of the feed (a random customer, a random day, a cursor from
 *    the middle), target p50 <= 50 ms. The plan of each is printed with BENCH_EXPLAIN=1.
 * 2. What recording costs: the cached GetAccountsDetail throughput of a server recording every
 *    request against the same server with REQUEST_LOG=off, on the same database, alternated in
 *    rounds in the same run (target: recording costs <= 5 %).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { load, serveArgs, startServer, waitHealthy, type Server } from './lib.ts';
import { generateLogin } from '../src/sandbox/generator/index.ts';

const SANDBOX = '43387ca6-0391-4c82-857d-70d95f087ecb';
const ROWS = Number(process.env.BENCH_CONSOLE_ROWS ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const PAGES_PER_FILTER = Number(process.env.BENCH_CONSOLE_PAGES ?? 200);
const OPERATOR_KEY = `mlop_bench-${randomBytes(16).toString('hex')}`;

export interface ConsoleResult { name: string; figures: Record<string, number | string>; pass: boolean }

/** The recorded endpoints with their product, share of the traffic and how they fail. */
const ENDPOINTS: { endpoint: string; product: string; method: string; weight: number; pending?: boolean }[] = [
  { endpoint: '/v3/{customerId}/BankingServices/GetAccountsDetail', product: 'connect', method: 'POST', weight: 24, pending: true },
  { endpoint: '/v3/{customerId}/BankingServices/GetAccountsDetailAsync/{requestId}', product: 'connect', method: 'GET', weight: 14, pending: true },
  { endpoint: '/v3/{customerId}/BankingServices/Authorize', product: 'connect', method: 'POST', weight: 18 },
  { endpoint: '/v3/{customerId}/BankingServices/GenerateAuthorizeToken', product: 'connect', method: 'POST', weight: 10 },
  { endpoint: '/v3/{customerId}/BankingServices/GetAccountsSummary', product: 'connect', method: 'POST', weight: 8, pending: true },
  { endpoint: '/v3/{customerId}/BankingServices/GetStatements', product: 'connect', method: 'POST', weight: 2, pending: true },
  { endpoint: '/v3/{customerId}/BankingServices/AuthorizeAsync', product: 'connect', method: 'GET', weight: 3, pending: true },
  { endpoint: '/v3/{customerId}/BankingServices/DeleteCard/{loginId}', product: 'connect', method: 'DELETE', weight: 1 },
  { endpoint: '/v3/{customerId}/BankingServices/Institutions', product: 'connect', method: 'GET', weight: 2 },
  { endpoint: '/v3/{customerId}/BankingServices/GetNightlyRefreshStatus', product: 'connect', method: 'GET', weight: 0.5 },
  { endpoint: '/v3/{customerId}/insight/login/{loginId}/attributes/{requestId}/user_analysis/lending', product: 'enrich', method: 'GET', weight: 6 },
  { endpoint: '/v3/{customerId}/insight/login/{loginId}/attributes/{requestId}', product: 'enrich', method: 'POST', weight: 3 },
  { endpoint: '/v3/{customerId}/categorization/login/{loginId}/requestid/{requestId}', product: 'enrich', method: 'GET', weight: 3 },
  { endpoint: '/v3/{customerId}/attributes/upload', product: 'enrich', method: 'POST', weight: 0.5 },
  { endpoint: '/v3/{customerId}/upload', product: 'upload', method: 'POST', weight: 1.5 },
  { endpoint: '/v3/{customerId}/upload/documents/{requestId}', product: 'upload', method: 'GET', weight: 2 },
  { endpoint: '/v3/{customerId}/upload/fraudanalysis/{loginId}', product: 'upload', method: 'GET', weight: 0.5 },
  { endpoint: '/v3/{customerId}/sandbox/clock', product: 'sandbox', method: 'GET', weight: 0.5 },
];
/** Errors: status, FlinksCode, share among errors. About 7 % of calls fail, 0.3 % with a 5xx. */
const ERRORS: { status: number; code: string; weight: number }[] = [
  { status: 400, code: 'SESSION_NONEXISTENT', weight: 22 },
  { status: 400, code: 'INVALID_REQUEST', weight: 18 },
  { status: 401, code: 'INVALID_LOGIN', weight: 14 },
  { status: 401, code: 'UNAUTHORIZED', weight: 10 },
  { status: 401, code: 'ACCESS_DENIED', weight: 8 },
  { status: 401, code: 'TOO_MANY_REQUESTS', weight: 4 },
  { status: 401, code: 'RETRY_LATER', weight: 4 },
  { status: 400, code: 'INVALID_SECURITY_RESPONSE', weight: 5 },
  { status: 404, code: 'INVALID_REQUEST', weight: 7 },
  { status: 401, code: 'DISABLED_LOGIN', weight: 3.5 },
  { status: 500, code: 'AGGREGATION_ERROR', weight: 3 },
  { status: 503, code: 'RETRY_LATER', weight: 1.5 },
];
const CUSTOMERS = 40;

/** A SQL `case` choosing among weighted values by a uniform number in [0, 1). */
function weighted<T>(r: string, items: { weight: number; v: T }[], sql: (v: T) => string): string {
  const total = items.reduce((n, x) => n + x.weight, 0);
  let acc = 0;
  const arms = items.map((x) => {
    acc += x.weight / total;
    return `when ${r} < ${acc.toFixed(6)} then ${sql(x.v)}`;
  });
  return `case ${arms.slice(0, -1).join(' ')} else ${sql(items[items.length - 1]!.v)} end`;
}

const customerId = (i: number) => `0c0ffee0-0000-4000-8000-${String(i).padStart(12, '0')}`;
const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * Writes `rows` recorded requests into request_log in one statement per 100,000 (generate_series
 * and random(): the data is made here, seeded, not read from anywhere). Customers follow a
 * steep power law (the largest has about 30 % of the calls, the smallest under 1 %); a
 * RequestId is shared by a session's few calls, a LoginId by a login's sessions.
 */
export async function loadRequests(client: pg.Client, rows: number): Promise<void> {
  await client.query('select setseed(0.42)');
  const endpoint = weighted('r_e', ENDPOINTS.map((e, i) => ({ weight: e.weight, v: i })), (i) => String(i));
  const error = weighted('r_k', ERRORS.map((e, i) => ({ weight: e.weight, v: i })), (i) => String(i));
  const endpoints = `(array[${ENDPOINTS.map((e) => quote(e.endpoint)).join(',')}])`;
  const products = `(array[${ENDPOINTS.map((e) => quote(e.product)).join(',')}])`;
  const methods = `(array[${ENDPOINTS.map((e) => quote(e.method)).join(',')}])`;
  const pending = `(array[${ENDPOINTS.map((e) => (e.pending ? 'true' : 'false')).join(',')}])`;
  const errStatus = `(array[${ERRORS.map((e) => e.status).join(',')}])`;
  const errCode = `(array[${ERRORS.map((e) => quote(e.code)).join(',')}])`;
  // The indexes are built once after the load (a sort each) rather than updated row by row: the
  // same indexes as the migration's, minutes faster to make.
  const indexes = (await client.query<{ name: string; def: string }>(`select indexname as name, indexdef as def from pg_indexes where tablename = 'request_log' and indexname <> 'request_log_pkey'`)).rows;
  for (const i of indexes) await client.query(`drop index ${i.name}`);
  const chunk = 100_000;
  for (let start = 0; start < rows; start += chunk) {
    const n = Math.min(chunk, rows - start);
    await client.query(`
      insert into request_log (at, customer_id, product, method, endpoint, request_id, login_id, status, flinks_code, duration_ms)
      select at, customer_id, ${products}[e + 1], ${methods}[e + 1], ${endpoints}[e + 1],
             case when e = 3 or e = 8 or e = 9 or e = 17 then null else md5(customer_id::text || session::text)::uuid::text end,
             case when e = 3 or e = 8 or e = 9 or e = 17 or r_l < 0.1 then null else md5(customer_id::text || 'login' || (session / 6)::text)::uuid::text end,
             status, code, duration
      from (
        select x.*, ${endpoint} as e, ${error} as r_k_i
        from (
          select now() - (random() * interval '30 days') as at,
                 ('0c0ffee0-0000-4000-8000-' || lpad((floor(power(random(), 3) * ${CUSTOMERS}))::int::text, 12, '0'))::uuid as customer_id,
                 floor(random() * 200000)::int as session,
                 random() as r_e, random() as r_k, random() as r_s, random() as r_l,
                 round((2 + (-ln(1 - random())) * 40)::numeric, 3)::real as duration
          from generate_series(1, ${n})
        ) x
      ) y,
      lateral (select
        case when r_s < 0.07 then ${errStatus}[r_k_i + 1] when r_s < 0.12 and ${pending}[e + 1] then 202 when r_s < 0.15 and e = 2 then 203 else 200 end as status,
        case when r_s < 0.07 then ${errCode}[r_k_i + 1] when r_s < 0.12 and ${pending}[e + 1] then 'OPERATION_PENDING' else null end as code
      ) s`);
  }
  await client.query("set maintenance_work_mem = '256MB'");
  for (const i of indexes) await client.query(i.def);
  await client.query('analyze request_log');
}

/** The filter combinations the console's page offers, each asked at a random point of the feed. */
export function filterCases(): { name: string; query: () => Record<string, string> }[] {
  const any = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;
  // Customers weighted as the data: the big ones often, the small ones too.
  const customer = () => customerId(Math.floor(Math.pow(Math.random(), 3) * CUSTOMERS));
  const day = () => {
    const from = new Date(Date.now() - Math.floor(Math.random() * 29 + 1) * 86_400_000);
    return { from: from.toISOString(), to: new Date(from.getTime() + 86_400_000).toISOString() };
  };
  return [
    { name: 'newest, no filter', query: () => ({}) },
    { name: 'customer', query: () => ({ customerId: customer() }) },
    { name: 'customer + 4xx', query: () => ({ customerId: customer(), status: '4xx' }) },
    { name: 'customer + endpoint', query: () => ({ customerId: customer(), endpoint: any(ENDPOINTS).endpoint }) },
    { name: 'customer + FlinksCode', query: () => ({ customerId: customer(), flinksCode: any(ERRORS).code }) },
    { name: 'customer + one day', query: () => ({ customerId: customer(), ...day() }) },
    { name: '5xx (all customers)', query: () => ({ status: '5xx' }) },
    { name: 'status 401 (all customers)', query: () => ({ status: '401' }) },
    { name: 'FlinksCode (all customers)', query: () => ({ flinksCode: any(ERRORS).code }) },
    { name: 'endpoint (all customers)', query: () => ({ endpoint: any(ENDPOINTS).endpoint }) },
    { name: 'endpoint + 5xx', query: () => ({ endpoint: any(ENDPOINTS).endpoint, status: '5xx' }) },
    { name: 'one day (all customers)', query: () => day() },
    { name: 'product enrich', query: () => ({ product: 'enrich' }) },
  ];
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

async function feedLatency(server: Server, client: pg.Client): Promise<ConsoleResult[]> {
  const headers = { authorization: `Bearer ${OPERATOR_KEY}` };
  const get = async (query: Record<string, string>) => {
    const t0 = performance.now();
    const r = await fetch(`${server.url}/operator/v1/requests?${new URLSearchParams(query).toString()}`, { headers });
    const body = (await r.json()) as { requests: unknown[]; nextCursor: string | null };
    const ms = performance.now() - t0;
    if (r.status !== 200) throw new Error(`feed answered ${r.status}: ${JSON.stringify(body)}`);
    return { ms, body };
  };
  // Some RequestIds and LoginIds to search for, taken from the data.
  const ids = (await client.query<{ request_id: string; login_id: string }>(`select request_id, login_id from request_log tablesample system (0.5) where request_id is not null and login_id is not null limit 500`)).rows;
  const cases = [...filterCases(), { name: 'search RequestId or LoginId', query: () => {
    const r = ids[Math.floor(Math.random() * ids.length)]!;
    return { q: Math.random() < 0.5 ? r.request_id : r.login_id };
  } }];
  for (let i = 0; i < 20; i++) await get({}); // warm-up: connections, the plan cache
  const results: ConsoleResult[] = [];
  const all: number[] = [];
  for (const c of cases) {
    if (process.env.BENCH_EXPLAIN) await explain(client, c.name, c.query());
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < PAGES_PER_FILTER; i++) {
      const query: Record<string, string> = c.query();
      // Every other page is a later one: the cursor of the first page, as "next" gives it.
      if (i % 2 === 1) {
        const first = await get(query);
        if (first.body.nextCursor) query.cursor = first.body.nextCursor;
      }
      const { ms, body } = await get(query);
      times.push(ms);
      rows += body.requests.length;
    }
    times.sort((a, b) => a - b);
    all.push(...times);
    results.push({
      name: `console: request feed page over ${ROWS.toLocaleString('en')} requests, ${c.name} (target p50 <= 50 ms)`,
      figures: { p50_ms: round(percentile(times, 0.5)), p99_ms: round(percentile(times, 0.99)), rows_per_page_mean: round(rows / PAGES_PER_FILTER) },
      pass: percentile(times, 0.5) <= 50,
    });
  }
  all.sort((a, b) => a - b);
  results.push({ name: 'console: request feed, every filter together (target p50 <= 50 ms)', figures: { pages: all.length, p50_ms: round(percentile(all, 0.5)), p99_ms: round(percentile(all, 0.99)) }, pass: percentile(all, 0.5) <= 50 });
  return results;
}

/** Prints the plan of one page (BENCH_EXPLAIN=1): each should be an index range scan, no sort of the whole match. */
export async function explain(client: pg.Client, name: string, query: Record<string, string>): Promise<void> {
  const { feedQuery, parseStatus } = await import('../src/platform/requests/query.ts');
  const f: Parameters<typeof feedQuery>[0] = { limit: 50 };
  if (query.customerId) f.customerId = query.customerId;
  if (query.status) f.status = parseStatus(query.status)!;
  if (query.flinksCode) f.flinksCode = query.flinksCode;
  if (query.endpoint) f.endpoint = query.endpoint;
  if (query.product) f.product = query.product;
  if (query.from) f.from = new Date(query.from);
  if (query.to) f.to = new Date(query.to);
  if (query.q) f.q = query.q;
  const { sql, params } = feedQuery(f);
  const plan = await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${sql}`, params);
  process.stderr.write(`\n-- ${name} ${JSON.stringify(query)}\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}\n`);
}

/** Cached GetAccountsDetail on two servers of one database, recording on and off, alternated. */
async function recordingCost(cli: string, databaseUrl: string): Promise<ConsoleResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'maplelink-bench-console-'));
  const common = { DATABASE_URL: databaseUrl, DATA_DIR: dataDir, RATE_LIMIT_PER_MINUTE: '0', MAPLELINK_OPERATOR_KEY: OPERATOR_KEY };
  const on = await startServer(serveArgs(cli), { ...common, REQUEST_LOG: 'on' });
  const off = await startServer(serveArgs(cli), { ...common, REQUEST_LOG: 'off' });
  try {
    await waitHealthy(on.url);
    await waitHealthy(off.url);
    const api = (base: string, p: string) => `${base}/v3/${SANDBOX}/BankingServices/${p}`;
    const post = async (base: string, p: string, body: unknown) => {
      const r = await fetch(api(base, p), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: r.status, body: (await r.json()) as any };
    };
    // The connect bench's login: 20 months of a salaried persona (>= 2,000 transactions), as a custom sandbox user.
    const generated = generateLogin({ seed: 'bench', persona: 'salaried', startDate: '2025-03-01', endDate: '2026-10-31' });
    const document = {
      Username: 'bench_console',
      Holder: { Name: generated.holder.name, Email: generated.holder.email, PhoneNumber: generated.holder.phoneNumber, Address: { CivicAddress: generated.holder.civicAddress, City: generated.holder.city, Province: generated.holder.province, PostalCode: generated.holder.postalCode, POBox: null, Country: 'CA' } },
      Accounts: generated.accounts.map((a) => ({
        Title: a.title, Type: a.type, Category: a.category, Currency: a.currency, AccountNumber: a.accountNumber, TransitNumber: a.transitNumber,
        Balance: { Current: a.currentCents / 100, Available: a.availableCents / 100, Limit: a.limitCents === null ? null : a.limitCents / 100 },
        Transactions: a.transactions.map((t) => ({ Id: t.key, Date: t.date, Description: t.description, Debit: t.debitCents === null ? null : t.debitCents / 100, Credit: t.creditCents === null ? null : t.creditCents / 100, Balance: t.balanceCents / 100 })),
      })),
    };
    const imported = await fetch(`${on.url}/v3/${SANDBOX}/sandbox/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(document) });
    if (imported.status !== 200) throw new Error(`import answered ${imported.status}: ${await imported.text()}`);
    // One session per server: each answers from its own body cache.
    const bodies: Record<string, string> = {};
    for (const s of [on, off]) {
      const auth = await post(s.url, 'Authorize', { Institution: 'FlinksCapital', Username: 'bench_console', Password: 'Everyday', Save: true });
      const body = { RequestId: auth.body.RequestId, WithAccountIdentity: true, WithKYC: true, WithTransactions: true, DateFrom: '2025-03-01' };
      let first = await post(s.url, 'GetAccountsDetail', body);
      for (let i = 0; first.status === 202 && i < 600; i++) {
        await new Promise((res) => setTimeout(res, 50));
        first = await post(s.url, 'GetAccountsDetail', body);
      }
      if (first.status !== 200) throw new Error(`GetAccountsDetail answered ${first.status}`);
      bodies[s.url] = JSON.stringify(body);
    }
    const opts = (s: Server) => ({ connections: 64, method: 'POST' as const, headers: { 'content-type': 'application/json' }, body: bodies[s.url]! });
    await load(api(on.url, 'GetAccountsDetail'), { ...opts(on), seconds: 2 });
    await load(api(off.url, 'GetAccountsDetail'), { ...opts(off), seconds: 2 });
    // Alternating rounds (off first in odd rounds), each side's median: a noisy second on a shared machine should not decide.
    const rounds = 5;
    const ons: number[] = [];
    const offs: number[] = [];
    let errors = 0;
    const before = await fetch(`${on.url}/metrics`).then((r) => r.text());
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? [on, off] : [off, on];
      for (const s of order) {
        const r = await load(api(s.url, 'GetAccountsDetail'), { ...opts(s), seconds: Math.max(2, Math.round(SECONDS / 2)) });
        errors += r.errors + r.non2xx;
        (s === on ? ons : offs).push(r.requestsPerSecond);
      }
    }
    const metrics = await fetch(`${on.url}/metrics`).then((r) => r.text());
    const counter = (text: string, name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
    const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const ratio = median(ons) / median(offs);
    return {
      name: 'console: cached GetAccountsDetail, 64 connections, recording every request vs REQUEST_LOG=off, alternated (target: ratio >= 0.95)',
      figures: {
        recording_rps: Math.round(median(ons)), not_recording_rps: Math.round(median(offs)), ratio: round(ratio),
        rounds_on: ons.map(Math.round).join(' '), rounds_off: offs.map(Math.round).join(' '),
        rows_written: counter(metrics, 'request_log_written_total') - counter(before, 'request_log_written_total'),
        rows_dropped: counter(metrics, 'request_log_dropped_total'), errors,
      },
      pass: ratio >= 0.95 && errors === 0,
    };
  } finally {
    await on.stop();
    await off.stop();
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

export async function consoleBench(cli: string): Promise<ConsoleResult[]> {
  const base = process.env.BENCH_DATABASE_URL;
  if (!base) throw new Error('npm run bench -- console needs BENCH_DATABASE_URL (a PostgreSQL server; a fresh database is made on it and dropped after)');
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  const name = `ml_console_${randomBytes(4).toString('hex')}`;
  await admin.query(`create database ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    execFileSync(process.execPath, [cli, 'migrate'], { env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' }, stdio: 'ignore' });
    await client.connect();
    const t0 = performance.now();
    await loadRequests(client, ROWS);
    process.stderr.write(`bench: console: ${ROWS} requests loaded in ${Math.round((performance.now() - t0) / 1000)} s\n`);
    const results: ConsoleResult[] = [];
    const dataDir = mkdtempSync(join(tmpdir(), 'maplelink-bench-console-'));
    // The feed is read with recording off: the figure is the read, not the reads' own rows.
    const server = await startServer(serveArgs(cli), { DATABASE_URL: databaseUrl, DATA_DIR: dataDir, MAPLELINK_OPERATOR_KEY: OPERATOR_KEY, REQUEST_LOG: 'off' });
    try {
      await waitHealthy(server.url);
      results.push(...(await feedLatency(server, client)));
    } finally {
      await server.stop();
    }
    results.push(await recordingCost(cli, databaseUrl));
    return results;
  } finally {
    await client.end().catch(() => {});
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
