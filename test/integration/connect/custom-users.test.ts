/**
 * Custom sandbox users (POST /v3/{customerId}/sandbox/users, src/sandbox/custom-users.ts):
 * a document of accounts and transactions becomes a Flinks Capital user whose
 * login serves exactly that data.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, startTestApp, type JsonResponse, type TestApp } from '../../support/app.ts';
import { CID, FlinksClient } from '../../support/flinks.ts';

let t: TestApp;
let api: FlinksClient;
/** YYYY-MM-DD, `n` days before the sandbox clock's today. */
let daysAgo: (n: number) => string;

before(async () => {
  t = await startTestApp();
  api = new FlinksClient(t.url);
  const clock = await call(`${t.url}/v3/${CID}/sandbox/clock`);
  assert.equal(clock.status, 200);
  const now = Date.parse(clock.body.Now);
  daysAgo = (n) => new Date(now - n * 86_400_000).toISOString().slice(0, 10);
});
after(async () => t.stop());

const importUser = (doc: unknown): Promise<JsonResponse> => call(`${t.url}/v3/${CID}/sandbox/users`, { json: doc });

/** Live login with Flinks Capital. */
const login = (username: string, password = 'Everyday'): Promise<JsonResponse> =>
  api.post('Authorize', { Institution: 'FlinksCapital', Username: username, Password: password, MostRecentCached: false, Save: true });

/** GetAccountsDetail with everything, polling the Async endpoint while it answers 202. */
async function detail(requestId: string): Promise<any> {
  let r = await api.post('GetAccountsDetail', { RequestId: requestId, WithAccountIdentity: true, WithKYC: true, WithTransactions: true, DaysOfTransactions: 'Days365' });
  if (r.status === 202) r = await api.poll('GetAccountsDetail', requestId);
  assert.equal(r.status, 200, r.text);
  return r.body;
}

/** Two accounts, transactions written oldest first; amounts as numbers and as numeric strings. */
function janeDocument() {
  return {
    Username: 'jane_custom',
    Holder: {
      Name: 'Jane Custom',
      Address: { CivicAddress: '25 York Street', City: 'Toronto', Province: 'ON', PostalCode: 'M5J 2V5', Country: 'CA' },
      Email: 'jane.custom@example.com',
      PhoneNumber: '4165550100',
    },
    Accounts: [
      {
        Title: 'Everyday Chequing',
        Type: 'Chequing',
        Category: 'Operations',
        Currency: 'CAD',
        AccountNumber: '3141592',
        TransitNumber: '12345',
        InstitutionNumber: '777',
        OverdraftLimit: 500,
        Balance: { Available: 2373.31, Current: '1873.31', Limit: null },
        Transactions: [
          { Date: daysAgo(40), Description: 'PAYROLL ACME CORP', Credit: 2150.0, Balance: 2150.0 },
          { Date: daysAgo(38), Description: 'RENT - E-TRANSFER', Debit: '1100.00', Balance: 1050 },
          { Date: daysAgo(38), Description: 'GROCERY STORE #12', Debit: 12.3, Balance: 1037.7 },
          { Date: daysAgo(20), Description: 'COFFEE SHOP', Debit: '4.35', Balance: '1033.35' },
          { Date: daysAgo(12), Description: 'PAYROLL ACME CORP', Credit: '2150.01', Balance: 3183.36 },
          { Date: daysAgo(3), Description: 'VISA PAYMENT', Debit: 1310.05, Balance: 1873.31 },
        ],
      },
      {
        Title: 'Visa Classic',
        Type: 'CreditCard',
        Category: 'Credits',
        Currency: 'CAD',
        AccountNumber: '4500123498761234',
        Balance: { Available: 4650.7, Current: 349.3, Limit: 5000 },
        Transactions: [
          { Date: daysAgo(30), Description: 'ONLINE STORE', Debit: 1600.05, Balance: 1659.35 },
          { Date: daysAgo(3), Description: 'PAYMENT - THANK YOU', Credit: '1310.05', Balance: '349.30' },
        ],
      },
    ],
  };
}

const num = (v: number | string | null | undefined): number | null => (v === null || v === undefined ? null : Number(v));

describe('a custom user', () => {
  let loginId: string;

  test('import, then log in without MFA', async () => {
    const imported = await importUser(janeDocument());
    assert.equal(imported.status, 200, imported.text);
    assert.deepEqual(imported.body, { HttpStatusCode: 200, Institution: 'FlinksCapital', Username: 'jane_custom', Password: 'Everyday' });
    const r = await login('jane_custom');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.HttpStatusCode, 200);
    assert.equal(r.body.Institution, 'FlinksCapital');
    assert.equal(r.body.InstitutionId, 14);
    assert.equal(r.body.Login.Username, 'jane_custom');
    assert.equal(r.body.Login.Type, 'Personal');
    loginId = r.body.Login.Id;
  });

  test('GetAccountsDetail serves exactly the document', async () => {
    const doc = janeDocument();
    const auth = await api.post('Authorize', { LoginId: loginId, MostRecentCached: true });
    assert.equal(auth.status, 200, auth.text);
    const body = await detail(auth.body.RequestId);
    assert.equal(body.Accounts.length, doc.Accounts.length);
    body.Accounts.forEach((a: any, i: number) => {
      const d = doc.Accounts[i]!;
      assert.equal(a.Title, d.Title);
      assert.equal(a.AccountNumber, d.AccountNumber);
      assert.equal(a.LastFourDigits, d.AccountNumber.slice(-4));
      assert.equal(a.TransitNumber, d.TransitNumber ?? null);
      assert.equal(a.InstitutionNumber, d.InstitutionNumber ?? '777');
      assert.equal(a.OverdraftLimit, num(d.OverdraftLimit) ?? 0);
      assert.equal(a.Type, d.Type);
      assert.equal(a.Category, d.Category);
      assert.equal(a.Currency, d.Currency);
      assert.equal(a.AccountType, 'Personal');
      assert.deepEqual(a.Balance, { Available: num(d.Balance.Available), Current: num(d.Balance.Current), Limit: num(d.Balance.Limit) });
      assert.deepEqual(a.Holder, { ...doc.Holder, Address: { ...doc.Holder.Address, POBox: null } });
      // Served newest first: the document's list (oldest first) reversed, to the cent.
      const expected = [...d.Transactions].reverse().map((x: any) => ({ Date: x.Date, Code: null, Description: x.Description, Debit: num(x.Debit), Credit: num(x.Credit), Balance: num(x.Balance) }));
      assert.deepEqual(a.Transactions.map(({ Id: _id, ...rest }: any) => rest), expected);
      for (const x of a.Transactions) assert.match(x.Id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    });
    // The summary agrees.
    const summary = await api.post('GetAccountsSummary', { RequestId: auth.body.RequestId });
    assert.deepEqual(summary.body.Accounts.map((a: any) => [a.Title, a.AccountNumber, a.Balance.Current]), doc.Accounts.map((a) => [a.Title, a.AccountNumber, num(a.Balance.Current)]));
  });

  test('a wrong password is 401 INVALID_PASSWORD; a document may set its own password', async () => {
    const wrong = await login('jane_custom', 'Everyday!');
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.HttpStatusCode, 401);
    assert.equal(wrong.body.FlinksCode, 'INVALID_PASSWORD');

    const imported = await importUser({ ...janeDocument(), Username: 'sam_custom', Password: 'S3cret-pass' });
    assert.equal(imported.body.Password, 'S3cret-pass');
    assert.equal((await login('sam_custom')).body.FlinksCode, 'INVALID_PASSWORD');
    assert.equal((await login('sam_custom', 'S3cret-pass')).status, 200);
  });
});

describe('invalid documents', () => {
  const cases: [string, (doc: any) => void, RegExp][] = [
    ['missing Accounts', (d) => delete d.Accounts, /^Accounts\b/],
    ['no account', (d) => (d.Accounts = []), /^Accounts\b/],
    ['an amount with 3 decimals', (d) => (d.Accounts[0].Transactions[2].Debit = 12.345), /^Accounts\.0\.Transactions\.2\.Debit: .*two decimals/],
    ['a numeric string with 3 decimals', (d) => (d.Accounts[1].Transactions[0].Debit = '1600.055'), /^Accounts\.1\.Transactions\.0\.Debit\b/],
    ['a balance that is not a number', (d) => (d.Accounts[0].Balance.Current = 'lots'), /^Accounts\.0\.Balance\.Current\b/],
    ['a date that is not YYYY-MM-DD', (d) => (d.Accounts[0].Transactions[0].Date = '31/01/2025'), /^Accounts\.0\.Transactions\.0\.Date\b/],
    ['a date that does not exist', (d) => (d.Accounts[1].Transactions[1].Date = '2025-02-30'), /^Accounts\.1\.Transactions\.1\.Date\b/],
    ['an account without AccountNumber', (d) => delete d.Accounts[1].AccountNumber, /^Accounts\.1\.AccountNumber\b/],
    ['a holder without Name', (d) => delete d.Holder.Name, /^Holder\.Name\b/],
  ];
  cases.forEach(([name, spoil, field], i) => {
    test(`${name}: 400 INVALID_REQUEST naming the field, and nothing written`, async () => {
      const username = `invalid_custom_${i}`;
      const doc: any = { ...janeDocument(), Username: username };
      spoil(doc);
      const r = await importUser(doc);
      assert.equal(r.status, 400, r.text);
      assert.equal(r.body.HttpStatusCode, 400);
      assert.equal(r.body.FlinksCode, 'INVALID_REQUEST');
      assert.match(r.body.Message, field);
      // Not imported: Flinks Capital does not know the username.
      const l = await login(username);
      assert.equal(l.status, 401);
      assert.equal(l.body.FlinksCode, 'INVALID_LOGIN');
    });
  });
});

describe('re-importing a Username', () => {
  test('replaces the document, also for a login made from the earlier one', async () => {
    const first = { ...janeDocument(), Username: 'replaced_custom' };
    assert.equal((await importUser(first)).status, 200);
    const before = await login('replaced_custom');
    assert.equal(before.status, 200, before.text);
    const old = await detail(before.body.RequestId);
    assert.deepEqual(old.Accounts.map((a: any) => a.Title), ['Everyday Chequing', 'Visa Classic']);

    const second = {
      Username: 'Replaced_Custom',
      LoginType: 'Business',
      Holder: { Name: 'Replaced Holdings Inc.' },
      Accounts: [
        {
          Title: 'Business Chequing',
          AccountNumber: '3141592',
          Balance: { Current: 990.1 },
          Transactions: [
            { Date: daysAgo(40), Description: 'CLIENT PAYMENT', Credit: '1000.00', Balance: 1000 },
            { Date: daysAgo(5), Description: 'BANK FEE', Debit: 9.9, Balance: 990.1 },
          ],
        },
      ],
    };
    assert.equal((await importUser(second)).status, 200);
    const r = await login('replaced_custom');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.Login.Id, before.body.Login.Id, 'same user, same LoginId');
    const now = await detail(r.body.RequestId);
    assert.equal(now.Accounts.length, 1);
    const [a] = now.Accounts;
    assert.equal(a.Title, 'Business Chequing');
    assert.equal(a.AccountType, 'Business');
    assert.equal(a.Holder.Name, 'Replaced Holdings Inc.');
    assert.deepEqual(a.Balance, { Available: null, Current: 990.1, Limit: null });
    assert.deepEqual(a.Transactions.map((x: any) => [x.Date, x.Description, x.Debit, x.Credit, x.Balance]), [
      [daysAgo(5), 'BANK FEE', 9.9, null, 990.1],
      [daysAgo(40), 'CLIENT PAYMENT', null, 1000, 1000],
    ]);
    assert.equal(now.Login.Type, 'Business');
  });
});

// On PostgreSQL a login's transactions reach the table through COPY's text format, where a
// backslash, a tab, a newline, a carriage return and the two characters `\N` (NULL) mean
// something (postgresql.org/docs/current/sql-copy.html, "Text Format"). Descriptions as bank
// files carry them must come back exactly as written, on both databases.
test('descriptions with backslashes, tabs, line breaks and a literal \\N are stored and served exactly', async () => {
  const descriptions = ['C:\\FEES\\NSF', 'PAYMENT\tREF 42', 'TWO\nLINES', 'CARRIAGE\rRETURN', '\\N', 'N\\', 'CAFÉ DÉPANNEUR – MONTRÉAL', '"QUOTED" , COMMA'];
  const doc = {
    Username: 'copy_text_user',
    Holder: janeDocument().Holder,
    Accounts: [{
      Title: 'Chequing', Type: 'Chequing', Category: 'Operations', Currency: 'CAD', AccountNumber: '2718281',
      Balance: { Available: 100, Current: 100, Limit: null },
      Transactions: descriptions.map((Description, i) => ({ Date: daysAgo(30 - i), Description, Debit: 1 + i, Balance: 100 })),
    }],
  };
  const imported = await importUser(doc);
  assert.equal(imported.status, 200, imported.text);
  const r = await login('copy_text_user');
  assert.equal(r.status, 200, r.text);
  const body = await detail(r.body.RequestId);
  const served = body.Accounts[0].Transactions.map((x: any) => x.Description).reverse();
  assert.deepEqual(served, descriptions);
  assert.deepEqual(body.Accounts[0].Transactions.map((x: any) => x.Debit).reverse(), descriptions.map((_, i) => 1 + i));
});

// A transaction is stored by an id derived from its login, account and Id: a document that gives
// one Id twice in an account stores it once, the first as written, on both databases (on
// PostgreSQL the rows reach the table by COPY, which refuses a key twice in one load).
test('an Id given twice in one account is stored once (the first), and the login aggregates', async () => {
  const doc = {
    Username: 'twice_id_user',
    Holder: janeDocument().Holder,
    Accounts: [{
      Title: 'Chequing', Type: 'Chequing', Category: 'Operations', Currency: 'CAD', AccountNumber: '1618033',
      Balance: { Available: 100, Current: 100, Limit: null },
      Transactions: [
        { Id: 'tx-1', Date: daysAgo(20), Description: 'FIRST', Debit: 1, Balance: 99 },
        { Id: 'tx-2', Date: daysAgo(15), Description: 'OTHER', Debit: 2, Balance: 97 },
        { Id: 'tx-1', Date: daysAgo(10), Description: 'SECOND WITH THE SAME ID', Debit: 3, Balance: 94 },
      ],
    }],
  };
  const imported = await importUser(doc);
  assert.equal(imported.status, 200, imported.text);
  const r = await login('twice_id_user');
  assert.equal(r.status, 200, r.text);
  const body = await detail(r.body.RequestId);
  assert.deepEqual(body.Accounts[0].Transactions.map((x: any) => x.Description).reverse(), ['FIRST', 'OTHER']);
});
