/**
 * Upload end to end over HTTP: documents in (multipart), a Connect login out, read through
 * Authorize (cached) → GetAccountsDetail, with FraudAnalysis. Runs on PGlite, and on
 * PostgreSQL when TEST_DATABASE_URL is set. Request handling is also driven with random input
 * (fast-check): malformed multipart bodies get the envelope and a 4xx, never a 500; random documents
 * always end their upload.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, startTestApp, type TestApp } from '../../support/app.ts';
import { CID, FlinksClient, GUID } from '../../support/flinks.ts';
import { SANDBOX_TENANT } from '../../../src/platform/tenants.ts';
import { fraudAnalysis, signalTypes, upload, uploadAndWait, uploadStatus, waitForUpload } from './helpers.ts';
import fc from 'fast-check';
import { appendRevision, fraudFixture } from '../../unit/upload/pdf-fixtures.ts';

let t: TestApp;
let api: FlinksClient;

before(async () => {
  t = await startTestApp();
  api = new FlinksClient(t.url);
});
after(async () => t.stop());

/** Authorize (cached) then GetAccountsDetail, polled until it stops answering 202. */
async function accountsDetail(loginId: string, options: Record<string, unknown> = {}) {
  const auth = await api.post('Authorize', { LoginId: loginId, MostRecentCached: true });
  assert.equal(auth.status, 200, auth.text);
  const first = await api.post('GetAccountsDetail', { RequestId: auth.body.RequestId, DaysOfTransactions: 'Days365', WithAccountIdentity: true, WithKYC: true, ...options });
  return first.status === 202 ? api.poll('GetAccountsDetail', auth.body.RequestId, 30_000) : first;
}

type Txn = { Date: string; Description: string; Debit: number | null; Credit: number | null; Balance: number | null };
const strip = (t: Txn) => ({ Date: t.Date, Description: t.Description, Debit: t.Debit, Credit: t.Credit, Balance: t.Balance });

describe('statements of a sandbox login, uploaded back', () => {
  let original: any;
  let pdfs: { name: string; bytes: Buffer }[] = [];
  let loginId: string;
  let requestId: string;
  let done: any;

  before(async () => {
    const source = await api.connect('persona_salaried');
    const auth = await api.post('Authorize', { LoginId: source.loginId, MostRecentCached: true });
    const statements = await api.post('GetStatements', { RequestId: auth.body.RequestId, NumberOfStatements: 'Months3' });
    const st = statements.status === 202 ? await api.poll('GetStatements', auth.body.RequestId, 30_000) : statements;
    assert.equal(st.status, 200, st.text);
    pdfs = st.body.StatementsByAccount.flatMap((a: any, i: number) => a.Statements.map((s: any, k: number) => ({ name: `account-${i}-month-${k}.pdf`, bytes: Buffer.from(s.Base64Bytes, 'base64') })));
    original = await accountsDetail(source.loginId);
    assert.equal(original.status, 200, original.text);
    ({ requestId, loginId, done } = await uploadAndWait(t.url, pdfs, { Tag: 'round-trip' }));
  });

  test('the upload answers 202 with a RequestId and a LoginId, then 200 Completed with each document', () => {
    assert.match(requestId, GUID);
    assert.match(loginId, GUID);
    assert.equal(done.status, 200, done.text);
    assert.equal(done.body.Status, 'Completed');
    assert.equal(done.body.LoginId, loginId);
    assert.equal(done.body.Tag, 'round-trip');
    assert.equal(done.body.Institution, 'FlinksCapital', 'the institution the statements name');
    assert.equal(done.body.Verdict, 'Trust');
    assert.equal(done.body.Documents.length, pdfs.length);
    for (const d of done.body.Documents) {
      assert.equal(d.Status, 'Processed', JSON.stringify(d));
      assert.equal(d.Format, 'pdf');
      assert.equal(d.Statements, 1);
      assert.equal(d.Error, null);
    }
  });

  test('Authorize (cached) → GetAccountsDetail gives the same transactions, to the cent', async () => {
    const detail = await accountsDetail(loginId);
    assert.equal(detail.status, 200, detail.text);
    assert.equal(detail.body.Login.Id, loginId);
    assert.equal(detail.body.Institution, 'FlinksCapital');
    assert.equal(detail.body.Accounts.length, original.body.Accounts.length);
    const months = pdfs.length / original.body.Accounts.length;
    assert.equal(months, 3);
    for (const uploaded of detail.body.Accounts) {
      const source = original.body.Accounts.find((a: any) => a.LastFourDigits === uploaded.LastFourDigits);
      assert.ok(source, `an account ending ${uploaded.LastFourDigits}`);
      assert.equal(uploaded.Type, source.Type);
      assert.equal(uploaded.Category, source.Category);
      assert.equal(uploaded.Currency, 'CAD');
      assert.equal(uploaded.TransitNumber, source.TransitNumber);
      const dates: string[] = uploaded.Transactions.map((x: Txn) => x.Date);
      const from = dates.reduce((a, b) => (a < b ? a : b), '9999');
      // the statements cover whole months: every source transaction of those months, in the same order
      const start = `${from.slice(0, 8)}01`;
      const end = `${dates.reduce((a, b) => (a > b ? a : b), '0000').slice(0, 8)}31`;
      const expected = source.Transactions.filter((x: Txn) => x.Date >= start && x.Date <= end).map(strip);
      assert.ok(expected.length > 0 || uploaded.Transactions.length === 0);
      assert.deepEqual(uploaded.Transactions.map(strip), expected);
      for (const x of uploaded.Transactions) assert.match(x.Id, GUID);
    }
    assert.equal(detail.body.Accounts[0].Holder.Name, original.body.Accounts[0].Holder.Name);
  });

  test('FraudAnalysis finds no signal in them', async () => {
    const r = await fraudAnalysis(t.url, loginId);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.HttpStatusCode, 200);
    assert.equal(r.body.Message, 'No Fraud Signal Detected');
    assert.equal(r.body.Verdict, 'Trust');
    assert.equal(r.body.Tag, 'round-trip');
    assert.deepEqual(r.body.Login, { LoginId: loginId, RequestId: requestId });
    assert.equal(r.body.DocumentAnalysis.length, pdfs.length);
    for (const d of r.body.DocumentAnalysis) {
      assert.equal(d.Status, 'Processed');
      assert.deepEqual(d.FullAnalysis, [{ DocumentType: 'BankStatement', FraudSignals: [] }]);
    }
  });

  test('FraudAnalysis wants the secret as a Bearer token, and a LoginId of this customer made by Upload', async () => {
    assert.equal((await fraudAnalysis(t.url, loginId, 'wrong')).status, 401);
    const unknown = await fraudAnalysis(t.url, '00000000-0000-4000-8000-000000000000');
    assert.equal(unknown.status, 401);
    assert.equal(unknown.body.FlinksCode, 'INVALID_LOGIN');
    const linked = await api.connect('greatday_nomfa');
    const notUpload = await fraudAnalysis(t.url, linked.loginId);
    assert.equal(notUpload.status, 400);
    assert.equal(notUpload.body.FlinksCode, 'METHOD_NOT_AVAILABLE');
  });

  test('Enrich attributes answer for the uploaded login (GetAllAttributes)', async () => {
    const auth = await api.post('Authorize', { LoginId: loginId, MostRecentCached: true });
    assert.equal(auth.status, 200, auth.text);
    const r = await call(`${t.url}/v3/${CID}/insight/login/${loginId}/attributes/${auth.body.RequestId}/GetAllAttributes`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.Card.Id, loginId);
    assert.equal(r.body.RequestId, auth.body.RequestId);
    // the persona's pay is in the statements: the income attributes see it
    assert.equal(r.body.Card.has_employer_income, 'YES');
    assert.equal(typeof r.body.Card.sum_total_credits_30_days, 'number');
  });

  test('DeleteCard removes the uploaded login with its uploads', async () => {
    const r = await api.get(`DeleteCard/${loginId}`);
    assert.equal(r.status, 200, r.text);
    assert.equal((await uploadStatus(t.url, requestId)).status, 400);
    assert.equal((await fraudAnalysis(t.url, loginId)).status, 401);
  });
});

describe('export formats (OFX, CSV) through the same upload', () => {
  const ofx = `OFXHEADER:100
DATA:OFXSGML
VERSION:102
SECURITY:NONE
ENCODING:USASCII
CHARSET:1252
COMPRESSION:NONE
OLDFILEUID:NONE
NEWFILEUID:NONE

<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20240601<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1>
<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS><STMTRS><CURDEF>CAD<BANKACCTFROM><BANKID>0003<ACCTID>5551234<ACCTTYPE>CHECKING</BANKACCTFROM>
<BANKTRANLIST><DTSTART>20240501<DTEND>20240531
<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20240501<TRNAMT>2000.00<FITID>A1<NAME>PAYROLL ACME</STMTTRN>
<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240503<TRNAMT>-1200.00<FITID>A2<NAME>RENT</STMTTRN>
</BANKTRANLIST><LEDGERBAL><BALAMT>1300.00<DTASOF>20240531</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>`;

  test('an OFX and a CSV export become two accounts; balances the OFX does not print are computed', async () => {
    const csv = 'Date,Description,Amount,Balance\n2024-05-02,E-TRANSFER FROM J SMITH,150.00,650.00\n2024-05-06,HYDRO BILL,-95.40,554.60\n';
    const { loginId, done } = await uploadAndWait(t.url, [{ name: 'may.ofx', bytes: new TextEncoder().encode(ofx), type: 'application/x-ofx' }, { name: 'savings.csv', bytes: new TextEncoder().encode(csv), type: 'text/csv' }]);
    assert.equal(done.body.Status, 'Completed', done.text);
    assert.deepEqual(done.body.Documents.map((d: any) => [d.Format, d.Transactions, d.Verdict]), [['ofx', 2, 'Trust'], ['csv', 2, 'Trust']]);
    assert.equal(done.body.Institution, 'RBC', 'BANKID 0003 is RBC’s institution number');
    const detail = await accountsDetail(loginId);
    assert.equal(detail.status, 200, detail.text);
    const [chequing, other] = detail.body.Accounts;
    assert.equal(chequing.AccountNumber, '5551234');
    assert.equal(chequing.Balance.Current, 1300);
    assert.deepEqual(chequing.Transactions.map((x: Txn) => [x.Date, x.Debit, x.Credit, x.Balance]), [['2024-05-03', 1200, null, 1300], ['2024-05-01', null, 2000, 2500]]);
    assert.deepEqual(other.Transactions.map((x: Txn) => [x.Date, x.Description, x.Balance]), [['2024-05-06', 'HYDRO BILL', 554.6], ['2024-05-02', 'E-TRANSFER FROM J SMITH', 650]]);
  });

  test('a document with blank values is imported with what it holds; its Warnings say what was unknown or skipped', async () => {
    // Elements present but empty, as some banks write them (https://github.com/jseutter/ofxparse/issues/81).
    const blanks = ofx
      .replace('<CURDEF>CAD', '<CURDEF></CURDEF>')
      .replace('<FITID>A2', '<FITID></FITID>')
      .replace('<BALAMT>1300.00', '<BALAMT></BALAMT>')
      .replace('</BANKTRANLIST>', '<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240504<TRNAMT></TRNAMT><FITID>A3<NAME>UNKNOWN</STMTTRN></BANKTRANLIST>');
    const csv = 'Date,Description,Amount,Balance\n2024-05-01,Opening balance,,500.00\n2024-05-02,E-TRANSFER FROM J SMITH,150.00,650.00\n';
    const pending = await upload(t.url, [{ name: 'blanks.ofx', bytes: new TextEncoder().encode(blanks) }, { name: 'opening.csv', bytes: new TextEncoder().encode(csv) }]);
    assert.deepEqual(pending.body.Documents.map((d: any) => d.Warnings), [null, null]);
    const done = await waitForUpload(t.url, pending.body.RequestId);
    assert.equal(done.body.Status, 'Completed', done.text);
    assert.deepEqual(done.body.Documents.map((d: any) => [d.Status, d.Transactions]), [['Processed', 2], ['Processed', 1]]);
    assert.deepEqual(done.body.Documents[0].Warnings, [
      "line 15: <FITID> is empty: the transaction's id is computed from its date, amount and description",
      'line 16: a transaction without an amount (TRNAMT empty or absent) is skipped',
      'line 16: <BALAMT> is empty: the closing balance is unknown',
      'line 16: no currency (CURDEF empty or absent): CAD is assumed',
    ]);
    assert.deepEqual(done.body.Documents[1].Warnings, ['line 2: a row with a balance and no amount ("Opening balance") is read as a balance, not a transaction']);
    const detail = await accountsDetail(pending.body.LoginId);
    assert.equal(detail.status, 200, detail.text);
    assert.deepEqual(detail.body.Accounts.map((a: any) => a.Transactions.length), [2, 1]);
  });

  test('a CSV whose running balance does not add up is flagged by FraudAnalysis', async () => {
    const csv = 'Date,Description,Amount,Balance\n2024-05-02,PAYROLL,1500.00,2000.00\n2024-05-06,RENT,-900.00,1600.00\n';
    const { loginId } = await uploadAndWait(t.url, [{ name: 'edited.csv', bytes: new TextEncoder().encode(csv), type: 'text/csv' }]);
    const r = await fraudAnalysis(t.url, loginId);
    assert.deepEqual(signalTypes(r.body), ['Unreconciled balances/RunningBalance']);
    assert.equal(r.body.Verdict, 'High Risk');
  });
});

describe('documents that cannot be read', () => {
  test('an upload with nothing readable fails: the status says why and GetAccountsDetail answers Document_Processing_Failed', async () => {
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);
    const { loginId, done } = await uploadAndWait(t.url, [{ name: 'scan.jpg', bytes: jpeg, type: 'image/jpeg' }, { name: 'letter.pdf', bytes: new TextEncoder().encode('%PDF-1.4 broken') }]);
    assert.equal(done.status, 200, done.text);
    assert.equal(done.body.Status, 'Failed');
    assert.deepEqual(done.body.Documents.map((d: any) => d.Status), ['Failed', 'Failed']);
    assert.match(done.body.Documents[0].Error, /OCR/);
    assert.match(done.body.Documents[1].Error, /PDF/);
    const auth = await api.post('Authorize', { LoginId: loginId, MostRecentCached: true });
    const detail = auth.status === 200 ? await api.post('GetAccountsDetail', { RequestId: auth.body.RequestId }) : auth;
    assert.equal(detail.body.FlinksCode, 'Document_Processing_Failed', detail.text);
  });

  test('readable documents are kept when another of the same upload fails', async () => {
    const { loginId, done } = await uploadAndWait(t.url, [{ name: 'april.pdf', bytes: await fraudFixture() }, { name: 'notes.pdf', bytes: new TextEncoder().encode('not a statement') }]);
    assert.equal(done.body.Status, 'Completed');
    assert.deepEqual(done.body.Documents.map((d: any) => d.Status), ['Processed', 'Failed']);
    const detail = await accountsDetail(loginId);
    assert.equal(detail.status, 200, detail.text);
    assert.equal(detail.body.Accounts.length, 1);
    assert.equal(detail.body.Accounts[0].Transactions.length, 16);
  });
});

describe('fraud signals through FraudAnalysis', () => {
  const cases: [string, () => Promise<Buffer>, string, string][] = [
    ['editing software', () => fraudFixture({ producer: 'Adobe Photoshop 25.0' }), 'Editing software detected/EditingTool', 'High Risk'],
    ['altered metadata: saved again after creation', async () => appendRevision(await fraudFixture(), { producer: 'OpenText Exstream 16.6', modDate: 'D:20240515120000Z' }), 'Editing software detected/IncrementalUpdate', 'High Risk'],
    ['altered metadata: modified long after creation', () => fraudFixture({ modified: new Date(Date.UTC(2024, 5, 1)) }), 'Editing software detected/ModifiedAfterCreation', 'High Risk'],
    ['printed to PDF', () => fraudFixture({ producer: 'Microsoft: Print To PDF', creator: 'Microsoft Edge' }), 'Unusual document source/PrintedToPdf', 'Warning'],
    ['an amount in another font', () => fraudFixture({ edit: (row, i) => (i === 2 ? { ...row, fontOverride: { column: 4, font: 'Courier' } } : row) }), 'Dollar amount edits/MixedFonts', 'High Risk'],
    ['a misaligned amount', () => fraudFixture({ edit: (row, i) => (i === 5 ? { ...row, shift: { column: 4, dx: 4 } } : row) }), 'Misaligned text/Misaligned', 'Warning'],
    ['a broken balance chain', () => fraudFixture({ amountDelta: { index: 3, cents: 12_345 } }), 'Unreconciled balances/RunningBalance', 'High Risk'],
    ['an empty transaction table', () => fraudFixture({ transactions: 0 }), 'Empty transaction data/NoTransactions', 'Normal'],
  ];
  for (const [name, make, signal, verdict] of cases) {
    test(name, async () => {
      const { loginId, done } = await uploadAndWait(t.url, [{ name: 'statement.pdf', bytes: await make() }]);
      assert.equal(done.body.Status, 'Completed', done.text);
      const r = await fraudAnalysis(t.url, loginId);
      assert.equal(r.status, 200, r.text);
      assert.ok(signalTypes(r.body).includes(signal), `${signal} in ${signalTypes(r.body).join(', ')}`);
      assert.equal(r.body.Message, 'Fraud Signals Detected');
      assert.equal(r.body.Verdict, verdict);
      assert.equal(done.body.Verdict, verdict);
      const s = r.body.DocumentAnalysis[0].FullAnalysis[0].FraudSignals.find((x: any) => x.Type === signal.split('/')[0]);
      assert.equal(s.Count, s.UnderlyingData.length);
      for (const u of s.UnderlyingData) for (const d of u.Details) assert.deepEqual(Object.keys(d), ['SpecificType', 'Value', 'DataType']);
    });
  }

  test('duplicated statements: the same file twice, and two versions of one statement', async () => {
    const clean = await fraudFixture();
    const { loginId, done } = await uploadAndWait(t.url, [{ name: 'april.pdf', bytes: clean }, { name: 'april (1).pdf', bytes: clean }, { name: 'april-v2.pdf', bytes: await fraudFixture({ seed: 9 }) }]);
    assert.deepEqual(done.body.Documents.map((d: any) => d.Verdict), ['Trust', 'Normal', 'High Risk']);
    const r = await fraudAnalysis(t.url, loginId);
    assert.deepEqual(signalTypes(r.body), ['Duplicate statement/IdenticalFile', 'Duplicate statement/ConflictingContent']);
    assert.equal(r.body.Verdict, 'High Risk');
    // the copy adds no transaction twice
    const detail = await accountsDetail(loginId);
    const ids = detail.body.Accounts.flatMap((a: any) => a.Transactions.map((x: any) => `${x.Date}|${x.Debit}|${x.Credit}|${x.Description}|${x.Balance}`));
    assert.equal(new Set(ids).size, ids.length);
  });
});

describe('limits and bad requests (Flinks envelope)', () => {
  const MB = 1024 * 1024;
  const envelope = (r: { status: number; body: any }, status: number, pattern: RegExp) => {
    assert.equal(r.status, status, JSON.stringify(r.body));
    assert.equal(r.body.HttpStatusCode, status);
    assert.equal(r.body.FlinksCode, 'INVALID_REQUEST');
    assert.match(r.body.Message, pattern);
  };

  test('24 documents are accepted; a 25th is refused', async () => {
    const pdf = await fraudFixture({ transactions: 2 });
    const ok = await upload(t.url, Array.from({ length: 24 }, (_, i) => ({ name: `s${i}.pdf`, bytes: pdf })));
    assert.equal(ok.status, 202, ok.text);
    assert.equal(ok.body.Documents.length, 24);
    const refused = await upload(t.url, Array.from({ length: 25 }, (_, i) => ({ name: `s${i}.pdf`, bytes: pdf })));
    envelope(refused, 400, /at most 24 documents/);
    const done = await waitForUpload(t.url, ok.body.RequestId);
    assert.equal(done.body.Status, 'Completed');
    // the 23 copies are duplicates of the first
    assert.deepEqual([...new Set(done.body.Documents.slice(1).map((d: any) => d.Verdict))], ['Normal']);
  });

  test('a document of exactly 20 MB is accepted; one byte more is refused', async () => {
    const exact = new Uint8Array(20 * MB).fill(0x41);
    const ok = await upload(t.url, [{ name: 'big.pdf', bytes: exact }]);
    assert.equal(ok.status, 202, ok.text);
    assert.equal(ok.body.Documents[0].Size, 20 * MB);
    const refused = await upload(t.url, [{ name: 'bigger.pdf', bytes: new Uint8Array(20 * MB + 1) }]);
    envelope(refused, 413, /larger than 20 MB/);
    const done = await waitForUpload(t.url, ok.body.RequestId);
    assert.equal(done.body.Documents[0].Status, 'Failed');
  });

  test('documents adding up to more than 180 MB are refused, and nothing is stored', async () => {
    const twenty = new Uint8Array(20 * MB).fill(0x42);
    const before = await call(`${t.url}/v3/${CID}/upload/documents/00000000-0000-4000-8000-000000000000`);
    assert.equal(before.status, 400);
    const refused = await upload(t.url, [...Array.from({ length: 9 }, (_, i) => ({ name: `part${i}.pdf`, bytes: twenty })), { name: 'last.pdf', bytes: new Uint8Array(1024) }]);
    envelope(refused, 413, /more than 180 MB/);
    const rows = await t.app.platform.db.query<{ n: number }>("select count(*)::int as n from upload_documents where file_name = 'last.pdf' or file_name like 'part%'");
    assert.equal(rows[0]!.n, 0);
  });

  test('no document, an empty document, a JSON body, a bad Language', async () => {
    envelope(await upload(t.url, [], { Tag: 'x' }), 400, /at least one document/);
    envelope(await upload(t.url, [{ name: 'empty.pdf', bytes: new Uint8Array(0) }]), 400, /empty/);
    const json = await call(`${t.url}/v3/${CID}/upload/documents`, { json: { Files: [] } });
    assert.equal(json.status, 415);
    assert.equal(json.body.FlinksCode, 'INVALID_REQUEST');
    assert.match(json.body.Message, /multipart\/form-data/);
    const text = await call(`${t.url}/v3/${CID}/upload/documents`, { body: 'hello', headers: { 'content-type': 'text/plain' } });
    assert.equal(text.status, 415);
    assert.match(text.body.Message, /send the documents as multipart\/form-data/);
    const denied = await call(`${t.url}/v3/${CID}/upload/documents`, { body: 'hello', headers: { 'content-type': 'text/plain', 'x-api-key': 'wrong' } });
    assert.equal(denied.status, 401, 'the credentials are checked before the body');
    envelope(await upload(t.url, [{ name: 'a.pdf', bytes: await fraudFixture() }], { Language: 'de' }), 400, /Language/);
  });

  test('an unknown upload, or one of another customer, is not found', async () => {
    const r = await uploadStatus(t.url, 'not-a-guid');
    assert.equal(r.status, 400);
    assert.equal(r.body.FlinksCode, 'SESSION_NONEXISTENT');
    const { requestId } = await uploadAndWait(t.url, [{ name: 'a.pdf', bytes: await fraudFixture() }]);
    const other = await call(`${t.url}/v3/00000000-0000-4000-8000-00000000abcd/upload/documents/${requestId}`);
    assert.equal(other.status, 401);
    assert.equal(other.body.FlinksCode, 'UNAUTHORIZED');
  });

  test('a wrong x-api-key is refused', async () => {
    const r = await upload(t.url, [{ name: 'a.pdf', bytes: await fraudFixture() }], {}, { headers: { 'x-api-key': 'nope' } });
    assert.equal(r.status, 401);
    assert.equal(r.body.FlinksCode, 'ACCESS_DENIED');
    const ok = await upload(t.url, [{ name: 'a.pdf', bytes: await fraudFixture() }], {}, { headers: { 'x-api-key': SANDBOX_TENANT.apiKey } });
    assert.equal(ok.status, 202);
    await waitForUpload(t.url, ok.body.RequestId);
  });
});

describe('while the documents are read', () => {
  let idle: TestApp;
  before(async () => {
    idle = await startTestApp({}, { workers: false });
  });
  after(async () => idle.stop());

  test('the status, Authorize (cached) and GetAccountsDetail answer as for an aggregation in progress', async () => {
    const r = await upload(idle.url, [{ name: 'april.pdf', bytes: await fraudFixture() }]);
    assert.equal(r.status, 202);
    assert.equal(r.body.FlinksCode, 'OPERATION_PENDING');
    assert.equal(r.body.Status, 'Processing');
    assert.deepEqual(r.body.Documents.map((d: any) => [d.FileName, d.Status]), [['april.pdf', 'Pending']]);
    const status = await uploadStatus(idle.url, r.body.RequestId);
    assert.equal(status.status, 202);
    const client = new FlinksClient(idle.url);
    const auth = await client.post('Authorize', { LoginId: r.body.LoginId, MostRecentCached: true });
    assert.equal(auth.status, 200, auth.text);
    const detail = await client.post('GetAccountsDetail', { RequestId: auth.body.RequestId });
    assert.equal(detail.status, 202);
    assert.equal(detail.body.FlinksCode, 'OPERATION_PENDING');
    const fraud = await fraudAnalysis(idle.url, r.body.LoginId);
    assert.equal(fraud.status, 202);
  });
});

describe('upload request handling (property)', () => {
  test('any body sent as multipart/form-data: 202 or a 4xx in the Flinks envelope, never a 500', async () => {
    const part = fc.record({
      name: fc.oneof(fc.constantFrom('files', 'Tag', 'Language', 'Institution', 'x'), fc.string({ maxLength: 8 })),
      filename: fc.option(fc.oneof(fc.constantFrom('a.pdf', 'b.csv', '../../etc/passwd', ''), fc.string({ maxLength: 12 })), { nil: undefined }),
      content: fc.uint8Array({ maxLength: 300 }),
    });
    const body = fc.oneof(
      // well-formed multipart with random parts
      fc.record({ kind: fc.constant('parts' as const), parts: fc.array(part, { maxLength: 5 }), truncate: fc.option(fc.nat(2000), { nil: undefined }) }),
      // anything at all
      fc.record({ kind: fc.constant('raw' as const), bytes: fc.uint8Array({ maxLength: 600 }) }),
    );
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom('----b0undary', 'x', 'a'.repeat(70)), async (b, boundary) => {
        let bytes: Buffer;
        if (b.kind === 'raw') bytes = Buffer.from(b.bytes);
        else {
          const chunks: Buffer[] = [];
          for (const p of b.parts) {
            const disposition = `form-data; name="${p.name.replace(/["\r\n]/g, '')}"${p.filename !== undefined ? `; filename="${p.filename.replace(/["\r\n]/g, '')}"` : ''}`;
            chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n\r\n`), Buffer.from(p.content), Buffer.from('\r\n'));
          }
          chunks.push(Buffer.from(`--${boundary}--\r\n`));
          bytes = Buffer.concat(chunks);
          if (b.truncate !== undefined) bytes = bytes.subarray(0, Math.min(bytes.length, b.truncate));
        }
        const res = await fetch(`${t.url}/v3/${CID}/upload/documents`, { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body: new Uint8Array(bytes) });
        const text = await res.text();
        assert.ok(res.status === 202 || (res.status >= 400 && res.status < 500), `${res.status} ${text}`);
        const json = JSON.parse(text);
        assert.equal(json.HttpStatusCode, res.status);
        if (res.status !== 202) {
          assert.equal(typeof json.FlinksCode, 'string');
          assert.equal(typeof json.Message, 'string');
        }
      }),
      { numRuns: 80 },
    );
  });

  test('random documents always finish their upload', async () => {
    const doc = fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 2000 }),
      fc.uint8Array({ minLength: 1, maxLength: 500 }).map((b) => new Uint8Array([...Buffer.from('%PDF-1.4\n'), ...b])),
      fc.string({ minLength: 1, maxLength: 400 }).map((s) => new TextEncoder().encode(`Date,Description,Amount\n${s}`)),
      fc.string({ minLength: 1, maxLength: 400 }).map((s) => new TextEncoder().encode(`OFXHEADER:100\n<OFX>${s}`)),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(doc, fc.constantFrom('s.pdf', 's.csv', 's.ofx', 's.xml', 's.sta', 's')), { minLength: 1, maxLength: 3 }), async (docs) => {
        const r = await upload(t.url, docs.map(([bytes, name]) => ({ name, bytes })));
        assert.equal(r.status, 202, r.text);
        const done = await waitForUpload(t.url, r.body.RequestId, 30_000);
        assert.equal(done.status, 200, done.text);
        assert.ok(['Completed', 'Failed'].includes(done.body.Status));
        for (const d of done.body.Documents) assert.ok(d.Status === 'Processed' || (d.Status === 'Failed' && typeof d.Error === 'string' && d.Error.length > 0), JSON.stringify(d));
      }),
      { numRuns: 25 },
    );
  });
});
