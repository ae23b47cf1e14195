/**
 * GetStatements (docs.flinks.com/api/connect/endpoints/account-linking/get-statements): PDF statements rendered from the login's own
 * transactions. Each PDF is decoded here (content streams inflated, the text of
 * every Tj/TJ operator collected) and checked against GetAccountsDetail.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { call, startTestApp, type TestApp } from '../../support/app.ts';
import { FlinksClient } from '../../support/flinks.ts';

let t: TestApp;
let api: FlinksClient;
let loginId: string;

before(async () => {
  t = await startTestApp();
  api = new FlinksClient(t.url);
  ({ loginId } = await api.connect('persona_salaried'));
});
after(async () => t.stop());

/** A new cached session on the persona login (each test uses its own RequestId). */
async function session(): Promise<{ requestId: string; asOf: string }> {
  const r = await api.post('Authorize', { LoginId: loginId, MostRecentCached: true });
  assert.equal(r.status, 200, r.text);
  const done = await api.poll('GetAccountsSummary', r.body.RequestId);
  assert.equal(done.status, 200, done.text);
  return { requestId: r.body.RequestId, asOf: done.body.Login.LastRefresh.slice(0, 10) };
}

// ---- PDF text -------------------------------------------------------------------------------

/** Decodes a PDF string operand: <hex> or (literal). */
function pdfString(token: string): string {
  if (token.startsWith('<')) return Buffer.from(token.slice(1, -1).replace(/\s+/g, ''), 'hex').toString('latin1');
  return token.slice(1, -1).replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_, e: string) =>
    /^[0-7]/.test(e) ? String.fromCharCode(parseInt(e, 8)) : ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' } as Record<string, string>)[e] ?? e);
}

/** The text of every Tj / TJ operator of every content stream, one run per line. */
function pdfText(pdf: Buffer): string {
  const latin = pdf.toString('latin1');
  const runs: string[] = [];
  const streamStart = />>\s*stream\r?\n/g;
  for (let m = streamStart.exec(latin); m; m = streamStart.exec(latin)) {
    const start = m.index + m[0].length;
    const end = latin.indexOf('endstream', start);
    assert.ok(end > start, 'endstream');
    const dict = latin.slice(latin.lastIndexOf('<<', m.index), m.index);
    const raw = pdf.subarray(start, end);
    let content: string;
    if (/\/FlateDecode/.test(dict)) {
      content = inflateSync(raw.subarray(0, raw.length - (raw.at(-1) === 0x0a ? 1 : 0))).toString('latin1');
    } else {
      content = raw.toString('latin1');
    }
    const operand = /<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\)/g;
    for (const op of content.matchAll(/\[((?:[^\]\\]|\\.)*)\]\s*TJ|(<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\))\s*Tj/g)) {
      const tokens = op[1] !== undefined ? op[1].match(operand) ?? [] : [op[2]!];
      runs.push(tokens.map(pdfString).join(''));
    }
    streamStart.lastIndex = end;
  }
  return runs.join('\n');
}

// ---- expectations ---------------------------------------------------------------------------

/** 1234.5 → "1,234.50", as statements write amounts. */
function formatAmount(n: number): string {
  const cents = Math.round(Math.abs(n) * 100);
  const units = String(Math.floor(cents / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${n < 0 ? '-' : ''}${units}.${String(cents % 100).padStart(2, '0')}`;
}

/** The `count` complete calendar months before the month of `asOf`, most recent first. */
function expectedPeriods(asOf: string, count: number): { start: string; end: string }[] {
  const [y, m] = asOf.split('-').map(Number) as [number, number];
  const out = [];
  for (let k = 1; k <= count; k++) {
    const first = new Date(Date.UTC(y, m - 1 - k, 1));
    const last = new Date(Date.UTC(y, m - k, 0));
    out.push({ start: first.toISOString().slice(0, 10), end: last.toISOString().slice(0, 10) });
  }
  return out;
}

interface DetailTx { Date: string; Debit: number | null; Credit: number | null; Balance: number }
interface DetailAccount { Id: string; AccountNumber: string; Title: string; Transactions: DetailTx[] }

/** Every account with its transactions between `from` and `to`, by account number. */
async function transactions(from: string, to: string): Promise<Map<string, DetailAccount>> {
  const { requestId } = await session();
  const r = await api.post('GetAccountsDetail', { RequestId: requestId, WithAccountIdentity: true, WithTransactions: true, DateFrom: from, DateTo: to });
  assert.equal(r.status, 200, r.text);
  return new Map((r.body.Accounts as DetailAccount[]).map((a) => [a.AccountNumber, a]));
}

/**
 * One statement: a PDF whose footer names `period` and whose text holds the amount of
 * every transaction of the period. Answers how many transactions were found.
 */
function checkStatement(statement: any, period: { start: string; end: string }, account: DetailAccount): number {
  assert.deepEqual(Object.keys(statement), ['UniqueId', 'FileType', 'Base64Bytes']);
  assert.match(statement.UniqueId, /^[0-9A-F]{32}$/);
  assert.equal(statement.FileType, 'PDF');
  const pdf = Buffer.from(statement.Base64Bytes, 'base64');
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.match(pdf.subarray(-8).toString('latin1'), /%%EOF\s*$/);
  const text = pdfText(pdf);
  assert.ok(text.includes(`${period.start} / ${period.end}`), `${account.Title}: statement of ${period.start} / ${period.end}`);
  assert.ok(text.includes(`****${account.AccountNumber.slice(-4)}`), `${account.Title}: masked account number`);
  const inPeriod = account.Transactions.filter((x) => x.Date >= period.start && x.Date <= period.end);
  if (inPeriod.length === 0) assert.match(text, /No transactions this period/, `${account.Title} ${period.start}`);
  for (const x of inPeriod) {
    const amount = formatAmount((x.Debit ?? x.Credit)!);
    assert.ok(text.includes(amount), `${account.Title} ${period.start}: ${x.Date} ${amount} is in the PDF`);
    assert.ok(text.includes(x.Date), `${account.Title}: date ${x.Date}`);
    assert.ok(text.includes(formatAmount(x.Balance)), `${account.Title}: running balance ${formatAmount(x.Balance)}`);
  }
  return inPeriod.length;
}

// ---------------------------------------------------------------------------------------------

describe('GetStatements for a persona login', () => {
  test('MostRecent: one statement per account, the last complete month, with its transactions', async () => {
    const { requestId, asOf } = await session();
    const r = await api.post('GetStatements', { RequestId: requestId, NumberOfStatements: 'MostRecent' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.HttpStatusCode, 200);
    assert.deepEqual(Object.keys(r.body), ['HttpStatusCode', 'StatementsByAccount', 'Login', 'Institution', 'RequestId']);
    const [period] = expectedPeriods(asOf, 1);
    const accounts = await transactions(period!.start, period!.end);
    assert.deepEqual(r.body.StatementsByAccount.map((a: any) => a.AccountNumber), [...accounts.keys()]);
    let found = 0;
    for (const a of r.body.StatementsByAccount) {
      assert.deepEqual(Object.keys(a), ['AccountNumber', 'Statements']);
      assert.equal(a.Statements.length, 1);
      found += checkStatement(a.Statements[0], period!, accounts.get(a.AccountNumber)!);
    }
    assert.ok(found > 10, `transactions found in the statements: ${found}`);
    const ids = r.body.StatementsByAccount.map((a: any) => a.Statements[0].UniqueId);
    assert.equal(new Set(ids).size, ids.length);

    // MostRecent is the default.
    const dflt = await api.post('GetStatements', { RequestId: requestId });
    assert.deepEqual(dflt.body.StatementsByAccount, r.body.StatementsByAccount);
  });

  test('Months3: three consecutive months per account, most recent first', async () => {
    const { requestId, asOf } = await session();
    const r = await api.post('GetStatements', { RequestId: requestId, NumberOfStatements: 'Months3' });
    assert.equal(r.status, 200, r.text);
    const periods = expectedPeriods(asOf, 3);
    const accounts = await transactions(periods[2]!.start, periods[0]!.end);
    let found = 0;
    for (const a of r.body.StatementsByAccount) {
      assert.equal(a.Statements.length, 3);
      a.Statements.forEach((s: any, i: number) => (found += checkStatement(s, periods[i]!, accounts.get(a.AccountNumber)!)));
    }
    assert.ok(found > 30, `transactions found in the statements: ${found}`);
    const ids = r.body.StatementsByAccount.flatMap((a: any) => a.Statements.map((s: any) => s.UniqueId));
    assert.equal(new Set(ids).size, ids.length, 'every statement has its own UniqueId');
  });

  test('Months12 needs exactly one account in AccountsFilter, then gives 12 statements of it', async () => {
    const { requestId, asOf } = await session();
    const summary = await api.post('GetAccountsSummary', { RequestId: requestId });
    const ids: string[] = summary.body.Accounts.map((a: any) => a.Id);
    for (const filter of [undefined, [], ids.slice(0, 2)]) {
      const bad = await api.post('GetStatements', { RequestId: requestId, NumberOfStatements: 'Months12', ...(filter ? { AccountsFilter: filter } : {}) });
      assert.equal(bad.status, 400, JSON.stringify(filter));
      assert.equal(bad.body.HttpStatusCode, 400);
      assert.equal(bad.body.FlinksCode, 'INVALID_REQUEST');
      assert.match(bad.body.Message, /Months12.*AccountsFilter/);
    }
    const chequing = summary.body.Accounts[0];
    const r = await api.post('GetStatements', { RequestId: requestId, NumberOfStatements: 'Months12', AccountsFilter: [chequing.Id] });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.StatementsByAccount.length, 1);
    const only = r.body.StatementsByAccount[0];
    assert.equal(only.AccountNumber, chequing.AccountNumber);
    assert.equal(only.Statements.length, 12);
    const periods = expectedPeriods(asOf, 12);
    const account = (await transactions(periods[11]!.start, periods[0]!.end)).get(chequing.AccountNumber)!;
    only.Statements.forEach((s: any, i: number) => assert.ok(checkStatement(s, periods[i]!, account) > 0, `chequing has transactions in ${periods[i]!.start}`));
    // The most recent of the twelve is the MostRecent statement.
    const recent = await api.post('GetStatements', { RequestId: requestId, AccountsFilter: [chequing.Id] });
    assert.deepEqual(recent.body.StatementsByAccount[0].Statements[0], only.Statements[0]);
  });

  test('an unknown NumberOfStatements is INVALID_REQUEST', async () => {
    const { requestId } = await session();
    const r = await api.post('GetStatements', { RequestId: requestId, NumberOfStatements: 'Months6' });
    assert.equal(r.status, 400);
    assert.equal(r.body.FlinksCode, 'INVALID_REQUEST');
  });

  test('UniqueId and bytes are stable across calls and sessions', async () => {
    const a = await session();
    const b = await session();
    assert.notEqual(a.requestId, b.requestId);
    const first = await api.post('GetStatements', { RequestId: a.requestId, NumberOfStatements: 'Months3' });
    const again = await api.post('GetStatements', { RequestId: a.requestId, NumberOfStatements: 'Months3' });
    const other = await api.post('GetStatements', { RequestId: b.requestId, NumberOfStatements: 'Months3' });
    assert.deepEqual(again.body.StatementsByAccount, first.body.StatementsByAccount);
    assert.deepEqual(other.body.StatementsByAccount, first.body.StatementsByAccount);
  });
});

describe('GetStatementsAsync', () => {
  test('GET and POST repeat the synchronous answer', async () => {
    const { requestId } = await session();
    const sync = await api.post('GetStatements', { RequestId: requestId, NumberOfStatements: 'Months3' });
    assert.equal(sync.status, 200);
    const viaGet = await api.get(`GetStatementsAsync/${requestId}`);
    assert.equal(viaGet.status, 200);
    assert.deepEqual(viaGet.body, sync.body);
    const viaPost = await call(api.url(`GetStatementsAsync/${requestId}`), { method: 'POST' });
    assert.equal(viaPost.status, 200);
    assert.deepEqual(viaPost.body, sync.body);
  });

  test('while the data aggregates: 202 with a link to GetStatementsAsync, then 200 by polling', async () => {
    const { requestId } = await api.connect('test_pending');
    const r = await api.post('GetStatements', { RequestId: requestId, NumberOfStatements: 'Months3' });
    assert.equal(r.status, 202, r.text);
    assert.deepEqual(r.body, {
      FlinksCode: 'OPERATION_PENDING',
      Links: [{ rel: 'GetStatementsAsync', href: '/GetStatementsAsync', example: `/GetStatementsAsync/${requestId}` }],
      HttpStatusCode: 202,
      Message: 'Your operation is still processing',
      RequestId: requestId,
    });
    const done = await api.poll('GetStatements', requestId);
    assert.equal(done.status, 200, done.text);
    for (const a of done.body.StatementsByAccount) assert.equal(a.Statements.length, 3, 'the options of the synchronous call');
  });

  test('an unknown RequestId is SESSION_NONEXISTENT', async () => {
    const r = await api.get('GetStatementsAsync/1df20baf-65d5-40ee-9be0-8058c13042e2');
    assert.equal(r.status, 400);
    assert.equal(r.body.FlinksCode, 'SESSION_NONEXISTENT');
  });
});

describe('GetStatements refused', () => {
  test('test_no_transaction: 400 NO_TRANSACTION', async () => {
    const { requestId } = await api.connect('test_no_transaction');
    await api.poll('GetAccountsSummary', requestId);
    const r = await api.post('GetStatements', { RequestId: requestId });
    assert.equal(r.status, 400, r.text);
    assert.deepEqual(r.body, { HttpStatusCode: 400, Message: 'No transaction is available for the account(s) of this request', FlinksCode: 'NO_TRANSACTION' });
  });

  test('greatday_us (a US login): METHOD_NOT_AVAILABLE, status 400 (docs/compatibility.md)', async () => {
    const { requestId } = await api.connect('greatday_us');
    await api.poll('GetAccountsSummary', requestId);
    const r = await api.post('GetStatements', { RequestId: requestId });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.body.HttpStatusCode, 400);
    assert.equal(r.body.FlinksCode, 'METHOD_NOT_AVAILABLE');
    assert.match(r.body.Message, /GetStatements/);
  });
});
