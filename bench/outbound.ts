/**
 * Outbound benchmark (npm run bench -- outbound): one FDX transactions page of
 * 1,000 transactions (GET /outbound/api/fdx/5/accounts/{id}/transactions?limit=1000,
 * token verified, consent and scope checked, page read and mapped), one
 * request at a time so that p50 is the latency of a page. Beside it, the
 * baseline: bare node:http answering the same bytes, in the same run.
 * Target: Maplelink p50 <= 30 ms.
 */
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { load, serveArgs, startServer, waitHealthy } from './lib.ts';
import { generateLogin } from '../src/sandbox/generator/index.ts';
import { SANDBOX_TENANT } from '../src/platform/tenants.ts';
import { activate, createRecipient, partnerToken, userToken } from '../test/integration/outbound/helpers.ts';

interface Result { name: string; figures: Record<string, number | string>; pass: boolean }

const ROOT = new URL('..', import.meta.url).pathname;
const CLI = join(ROOT, 'bin/maplelink.js');
const TSX = ['--import', 'tsx'];
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const PAGE = 1000;

export async function outboundBench(): Promise<Result[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'maplelink-bench-'));
  execFileSync(process.execPath, [CLI, 'migrate'], { env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, stdio: 'ignore' });
  const ml = await startServer(serveArgs(CLI), { DATA_DIR: dataDir, RATE_LIMIT_PER_MINUTE: '0' });
  try {
    await waitHealthy(ml.url);
    // A person at Flinks Capital whose chequing account holds well over a page: 20 months of a salaried household.
    const g = generateLogin({ seed: 'outbound-bench', persona: 'salaried', startDate: '2025-03-01', endDate: '2026-10-31' });
    const document = {
      Username: 'bench_fdx',
      Holder: { Name: g.holder.name, Email: g.holder.email, PhoneNumber: g.holder.phoneNumber, Address: { CivicAddress: g.holder.civicAddress, City: g.holder.city, Province: g.holder.province, PostalCode: g.holder.postalCode, POBox: null, Country: 'CA' } },
      Accounts: g.accounts.map((a) => ({
        Title: a.title, Type: a.type, Category: a.category, Currency: a.currency, AccountNumber: a.accountNumber, TransitNumber: a.transitNumber,
        Balance: { Current: a.currentCents / 100, Available: a.availableCents / 100, Limit: a.limitCents === null ? null : a.limitCents / 100 },
        Transactions: a.transactions.map((t) => ({ Id: t.key, Date: t.date, Description: t.description, Debit: t.debitCents === null ? null : t.debitCents / 100, Credit: t.creditCents === null ? null : t.creditCents / 100, Balance: t.balanceCents / 100 })),
      })),
    };
    const imported = await fetch(`${ml.url}/v3/${SANDBOX_TENANT.id}/sandbox/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(document) });
    if (imported.status !== 200) throw new Error(`import answered ${imported.status}: ${await imported.text()}`);

    const partner = await partnerToken(ml.url);
    const recipient = await createRecipient(ml.url, partner, { name: 'Bench app' });
    await activate(ml.url, partner, recipient.client_id);
    const { access_token } = await userToken(ml.url, recipient, { username: 'bench_fdx' });
    const headers = { authorization: `Bearer ${access_token}` };

    // The account with the most transactions.
    const accounts = (await (await fetch(`${ml.url}/outbound/api/fdx/5/accounts`, { headers })).json()) as { accounts: Record<string, { accountId: string }>[] };
    let best = { id: '', total: 0 };
    for (const w of accounts.accounts) {
      const id = Object.values(w)[0]!.accountId;
      const r = (await (await fetch(`${ml.url}/outbound/api/fdx/5/accounts/${id}/transactions?limit=1`, { headers })).json()) as { page: { totalElements: number } };
      if (r.page.totalElements > best.total) best = { id, total: r.page.totalElements };
    }
    const path = `/outbound/api/fdx/5/accounts/${best.id}/transactions?limit=${PAGE}`;
    const sample = await fetch(ml.url + path, { headers });
    const bytes = await sample.text();
    const page = (JSON.parse(bytes) as { transactions: unknown[] }).transactions.length;
    const bodyFile = join(dataDir, 'fdx-page.json');
    writeFileSync(bodyFile, bytes);
    const bare = await startServer([...TSX, join(ROOT, 'bench/servers/bare-http.ts')], { BODY_FILE: bodyFile });
    try {
      await load(ml.url + path, { connections: 1, seconds: 2, headers }); // warm-up
      await load(bare.url, { connections: 1, seconds: 2 });
      // Alternating rounds, each side's median p50: a noisy second on a shared machine should not decide.
      const ours = [], theirs = [];
      for (let round = 0; round < 3; round++) {
        ours.push(await load(ml.url + path, { connections: 1, seconds: Math.max(2, Math.round(SECONDS / 2)), headers }));
        theirs.push(await load(bare.url, { connections: 1, seconds: Math.max(2, Math.round(SECONDS / 2)) }));
      }
      const median = (xs: Awaited<ReturnType<typeof load>>[]) => xs.map((x) => x.p50).sort((a, b) => a - b)[1]!;
      const p50 = median(ours);
      const bareP50 = median(theirs);
      const errors = ours.reduce((n, x) => n + x.errors + x.non2xx, 0);
      return [{
        name: 'outbound: an FDX transactions page of 1,000 (token, consent, scope, page), one request at a time, vs bare node:http with the same bytes (target p50 <= 30 ms)',
        figures: {
          transactions_in_account: best.total, page_size: page, body_kb: Math.round(bytes.length / 1024),
          maplelink_p50_ms: p50, bare_http_p50_ms: bareP50, p50_ratio: Math.round((p50 / Math.max(bareP50, 1)) * 100) / 100,
          maplelink_p99_ms: ours[1]!.p99, maplelink_rps: Math.round(ours.reduce((n, x) => n + x.requestsPerSecond, 0) / ours.length), errors,
        },
        pass: page === PAGE && p50 <= 30 && errors === 0,
      }];
    } finally {
      await bare.stop();
    }
  } finally {
    await ml.stop();
  }
}
