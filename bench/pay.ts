/**
 * Pay benchmarks (npm run bench -- pay):
 *  1. a CPA-005 file of 100,000 payments, generated in memory (target <= 2 s),
 *     beside a baseline: JSON.stringify of the same payments (a serializer that
 *     does no fixed-width work), reported as a ratio;
 *  2. a cut-off over 100,000 due payments on the embedded database (and on
 *     PostgreSQL when BENCH_DATABASE_URL names an empty database): one file,
 *     every payment in it once, none twice even when two cut-offs of the same
 *     date race; beside a baseline: one bare UPDATE marking the same rows filed.
 */
import { performance } from 'node:perf_hooks';
import { buildFile, type FileItem } from '../src/pay/cpa005/file.ts';
import { readFile } from '../src/pay/cpa005/reader.ts';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/platform/config.ts';
import { SANDBOX_TENANT } from '../src/platform/tenants.ts';
import { loadPayConfig } from '../src/pay/config.ts';
import { runCutoff } from '../src/pay/processing/cutoff.ts';

export interface BenchResult { name: string; figures: Record<string, number | string>; pass: boolean }

const N = 100_000;

function items(n: number): FileItem[] {
  const out: FileItem[] = new Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = {
      type: i % 10 === 0 ? 'C' : 'D',
      transactionType: i % 10 === 0 ? 200 : 450,
      amountCents: 100 + (i % 100_000),
      date: '2026-04-15',
      institutionId: `0${String(1 + (i % 900)).padStart(3, '0')}${String(10_000 + (i % 90_000)).padStart(5, '0')}`,
      accountNumber: String(1_000_000 + i),
      originatorShortName: 'MAPLELINK',
      name: `Payor Number ${i}`,
      originatorLongName: 'MAPLELINK PAYMENTS',
      userId: 'MAPLELINK0',
      crossReference: String(i + 1).padStart(19, '0'),
      returnInstitutionId: '000399999',
      returnAccountNumber: '55554444',
      sundry: `INV ${i}`,
    };
  }
  return out;
}

function median(xs: number[]): number {
  return xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}

async function fileGeneration(): Promise<BenchResult> {
  const list = items(N);
  const header = { originatorId: 'MAPLELINK0', fileCreationNumber: 1, creationDate: '2026-04-14', destinationDataCentre: '00330', currency: 'CAD' as const };
  buildFile(header, list.slice(0, 1000)); // warm-up
  const ours: number[] = [];
  const base: number[] = [];
  let text = '';
  for (let round = 0; round < 3; round++) {
    let t0 = performance.now();
    text = buildFile(header, list).text;
    ours.push(performance.now() - t0);
    t0 = performance.now();
    const json = JSON.stringify(list);
    base.push(performance.now() - t0);
    if (json.length === 0) throw new Error('unreachable');
  }
  const read = readFile(text);
  const ok = read.items.length === N && new Set(read.items.map((x) => x.crossReference)).size === N;
  const ms = median(ours);
  return {
    name: 'pay: CPA-005 file of 100,000 payments (target <= 2000 ms), vs JSON.stringify of the same payments',
    figures: { payments: N, records: text.length / 1466, file_mb: Math.round(text.length / 1e5) / 10, generate_ms_median: Math.round(ms), json_stringify_ms_median: Math.round(median(base)), ratio_to_json: Math.round((ms / median(base)) * 100) / 100, read_back_ok: String(ok) },
    pass: ms <= 2000 && ok,
  };
}

async function cutoffOn(databaseUrl: string | null): Promise<BenchResult> {
  const config = loadConfig({ DATA_DIR: 'memory://', LOG_LEVEL: 'silent', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
  const app = await createApp(config, { workers: false });
  await app.start();
  const p = app.platform;
  const db = p.db;
  const customer = SANDBOX_TENANT.id;
  const t0 = performance.now();
  // 1,000 weekly debit schedules of 100 payments each, their PADs signed: 100,000 payments due.
  await db.exec(`
    insert into pay_contacts (id, customer_id, first_name, last_name, created_at, updated_at) values ('00000000-0000-4000-8000-000000000001', '${customer}', 'Bench', 'Payor', now(), now());
    insert into pay_contact_accounts (id, customer_id, contact_id, institution_code, transit_number, account_number, created_at) values ('00000000-0000-4000-8000-000000000002', '${customer}', '00000000-0000-4000-8000-000000000001', '001', '12345', '1234567', now());
    insert into pay_schedules (id, customer_id, direction, transaction_code, amount_cents, frequency, start_date, transactions_count, status, contact_id, account_id, party_name, created_at, updated_at)
      select ('10000000-0000-4000-8000-' || lpad(s::text, 12, '0'))::uuid, '${customer}', 'DEBIT', 450, 100 + s, 'Weekly', date '2026-01-01', 100, 'Active',
             '00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002', 'Bench Payor', now(), now()
      from generate_series(1, 1000) as s;
    insert into pay_pads (id, customer_id, schedule_id, status, token_enc, payor_name, institution_code, transit_number, account_number, signed_name, signed_at, created_at, updated_at)
      select ('20000000-0000-4000-8000-' || lpad(s::text, 12, '0'))::uuid, '${customer}', ('10000000-0000-4000-8000-' || lpad(s::text, 12, '0'))::uuid, 'Signed', 'x', 'Bench Payor', '001', '12345', '1234567', 'Bench Payor', now(), now(), now()
      from generate_series(1, 1000) as s;
    update pay_schedules set pad_id = ('20000000' || substr(id::text, 9))::uuid;
    insert into pay_payment_requests (id, customer_id, kind, schedule_id, seq, amount_cents, payment_reference_number, status, created_at, updated_at)
      select ('30000000-0000-4000-8000-' || lpad((s * 1000 + k)::text, 12, '0'))::uuid, '${customer}', 'eft', ('10000000-0000-4000-8000-' || lpad(s::text, 12, '0'))::uuid, k,
             100 + s, 'ML-BENCH-' || (s * 1000 + k), 'Initiated', now(), now()
      from generate_series(1, 1000) as s, generate_series(1, 100) as k;
    insert into pay_eft_payments (id, customer_id, schedule_id, seq, direction, due_date)
      select id, customer_id, schedule_id, seq, 'DEBIT', date '2026-01-01' + (seq - 1) * 7 from pay_payment_requests where kind = 'eft';
    analyze;
  `);
  const setupMs = performance.now() - t0;
  const payConfig = loadPayConfig({});
  const valueDate = '2030-01-01';

  // Two cut-offs of the same date at once: one makes the file, the other finds it made.
  const t1 = performance.now();
  const [a, b] = await Promise.all([runCutoff(p, payConfig, customer, valueDate), runCutoff(p, payConfig, customer, valueDate)]);
  const cutoffMs = performance.now() - t1;
  const created = [a, b].filter((x) => x.created);
  const fileId = (a.file ?? b.file)!.id;
  const filed = await db.query<{ n: number; files: number; distinct_xref: number }>('select count(*)::int as n, count(distinct file_id)::int as files, count(distinct xref)::int as distinct_xref from pay_eft_payments where file_id is not null');
  const unfiled = await db.query<{ n: number }>('select count(*)::int as n from pay_eft_payments where file_id is null');
  const content = (await db.query<{ content: string }>('select content from pay_files where id = $1', [fileId]))[0]!.content;
  const read = readFile(content);
  const xrefs = new Set(read.items.map((x) => x.crossReference));
  const noDuplicate = created.length === 1 && filed[0]!.n === N && filed[0]!.files === 1 && unfiled[0]!.n === 0 && read.items.length === N && xrefs.size === N;

  // Baseline: the least a cut-off must write, one UPDATE of the same rows.
  await db.query('update pay_eft_payments set file_id = null, file_record = null, file_segment = null');
  const t2 = performance.now();
  await db.query("update pay_eft_payments set file_id = '40000000-0000-4000-8000-000000000000', file_record = 1, file_segment = 1 where customer_id = $1 and due_date <= $2", [customer, valueDate]);
  const baseMs = performance.now() - t2;
  await app.stop();
  return {
    name: `pay (${databaseUrl ? 'PostgreSQL' : 'embedded PGlite'}): cut-off over 100,000 due payments, two racing, no duplicate; vs one bare UPDATE of the same rows`,
    figures: { payments: N, setup_ms: Math.round(setupMs), cutoff_ms: Math.round(cutoffMs), bare_update_ms: Math.round(baseMs), ratio_to_bare_update: Math.round((cutoffMs / baseMs) * 100) / 100, files_created: created.length, payments_filed: filed[0]!.n, distinct_in_file: xrefs.size, no_duplicate: String(noDuplicate) },
    pass: noDuplicate,
  };
}

export async function payBench(): Promise<BenchResult[]> {
  const out = [await fileGeneration(), await cutoffOn(null)];
  if (process.env.BENCH_DATABASE_URL) out.push(await cutoffOn(process.env.BENCH_DATABASE_URL));
  return out;
}

// Run alone: node --import tsx bench/pay.ts
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await payBench()) process.stdout.write(`${r.pass ? 'PASS' : 'FAIL'}  ${r.name}\n${Object.entries(r.figures).map(([k, v]) => `    ${k.padEnd(30)} ${v}`).join('\n')}\n`);
  process.exit(0);
}
