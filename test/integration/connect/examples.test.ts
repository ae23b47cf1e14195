/**
 * Every JSON example of the Connect endpoint pages (docs.flinks.com/api/connect/endpoints/
 * account-linking/*) and of the Flinks docs excerpt
 * (seed/flinks-docs-excerpt.txt), reproduced against the running server.
 *
 * The examples are typed below as literals: they are facts of the wire format.
 * Each answer is compared field for field with its example (assertShape): the
 * same keys in the same order (recursively, and every element of an array
 * against the example's first element), the same JSON types, null where the
 * example has null. Ids and data differ naturally and are not compared;
 * documented constants (messages, FlinksCodes, Links, "FlinksCapital", 14) are.
 * Where Maplelink deliberately differs (docs/compatibility.md), the test asserts
 * the documented behaviour and says why next to it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, startTestApp, type JsonResponse, type TestApp } from '../../support/app.ts';
import { FlinksClient, answerFor, GUID, LAST_REFRESH } from '../../support/flinks.ts';
import { SANDBOX_TENANT } from '../../../src/platform/tenants.ts';

// ---------------------------------------------------------------------------------------------
// The examples, as published (docs.flinks.com's endpoint pages and the docs excerpt)
// ---------------------------------------------------------------------------------------------

/** GenerateAuthorizeToken 200. */
const GAT_200 = { HttpStatusCode: 200, Token: 'd65f1adb-8ebc-48dc-be8b-20c773ba1565' };
/** GenerateAuthorizeToken 401. */
const GAT_401 = { HttpStatusCode: 401, Message: 'You must provide a valid auth key', FlinksCode: 'UNAUTHORIZED' };

/** Authorize 200, cached mode (current docs). */
const AUTHORIZE_200 = {
  HttpStatusCode: 200,
  Links: [
    { rel: 'AccountsDetail', href: '/GetAccountsDetail', example: null },
    { rel: 'AccountsSummary', href: '/GetAccountsSummary', example: null },
    { rel: 'Statements', href: '/GetStatements', example: null },
  ],
  InstitutionName: 'FlinksCapital',
  Login: { Username: 'Greatday', IsScheduledRefresh: false, LastRefresh: '2026-01-21T20:47:47.145999', Type: 'Personal', Id: '<loginId>' },
  InstitutionId: 14,
  Institution: 'FlinksCapital',
  RequestId: '<requestId>',
};

/** Docs excerpt, "Make your first API call": an older Authorize 200 (Links elided as "[...]" in the excerpt). */
const SEED_AUTHORIZE_200 = {
  Links: [] as unknown[],
  HttpStatusCode: 200,
  Login: { Username: 'Greatday', IsScheduledRefresh: false, LastRefresh: '2019-05-09T13:47:46.5227901', Type: 'Personal', Id: '5e115eac-1209-4f19-641c-08d6d484e2fe' },
  Institution: 'FlinksCapital',
  RequestId: '1243c283-e0ca-4fda-a5e4-343068430190',
};

/** Authorize 203 (MFA required). */
const AUTHORIZE_203 = {
  Links: [{ rel: 'Authorization', href: '/Authorize', example: null }],
  HttpStatusCode: 203,
  SecurityChallenges: [{ Type: 'QuestionAndAnswer', Prompt: 'What shape do people like most?' }],
  Institution: 'FlinksCapital',
  RequestId: '9022abc2-8a2e-4b06-a06e-c3e5449c4d10',
};

/** Docs excerpt, "Triple MFA Prompt Example": three prompts in one 203. */
const SEED_TRIPLE_MFA = {
  RequestId: '2b000833-0bf4-4705-9ef8-80d4572af4c4',
  SecurityChallenges: [
    { Type: 'QuestionAndAnswer', Prompt: 'What is the name of your mother' },
    { Type: 'QuestionAndAnswer', Prompt: 'What is the name of your father' },
    { Type: 'QuestionAndAnswer', Prompt: 'What is the name of your dog' },
  ],
};

/** Docs excerpt, "Select New Questions and Answers Prompt Example": a challenge with Iterables. */
const SEED_CHALLENGE_WITH_ITERABLES = {
  Type: 'QuestionAndAnswer',
  Prompt: 'Personal Verification Question 1',
  Iterables: ['What is the name of my mother', 'What is the name of my dog', '...'],
};

/** AuthorizeMultiple (a client mock; the only published body). */
const AUTHORIZE_MULTIPLE = { ValidLoginIds: [{ LoginId: '…', RequestId: '…' }], InvalidLoginIds: [] as unknown[] };

/**
 * GetAccountsSummary 200. The docs page gives this body as an ordered field list with
 * the docs' example values; the literal is that list.
 */
const SUMMARY_200 = {
  HttpStatusCode: 200,
  Accounts: [
    {
      EftEligibleRatio: 1,
      ETransferEligibleRatio: 1,
      Title: 'Primary Chequing Account',
      AccountNumber: '1234567',
      LastFourDigits: null,
      Balance: { Available: 1234.45, Current: 4321.45, Limit: null },
      Category: 'Operations',
      Type: 'Chequing',
      Currency: 'CAD',
      Holder: {
        Name: 'Testing',
        Address: { CivicAddress: '25 york street', City: 'TOR', Province: 'ON', PostalCode: 'M5J 2V5', POBox: null, Country: 'CA' },
        Email: 'test_user1@nomail.com',
        PhoneNumber: '9051234567',
      },
      AccountType: null,
      Id: '27a9ffa0-c6b9-4cc6-9eaa-aa9efa07a889',
    },
  ],
  Links: [
    { rel: 'AccountsDetail', href: '/GetAccountsDetail', example: null },
    { rel: 'Statements', href: '/GetStatements', example: null },
  ],
  Tag: 'userId=xxxxxxxxxxxx',
  InstitutionName: 'BMO',
  Login: { Username: 'Greatday', IsScheduledRefresh: false, LastRefresh: '2025-01-31T17:40:54.569261', Type: 'Business', Id: '5602459c-f6d0-4ca0-6750-08dccdcadcc0' },
  InstitutionId: 1,
  Institution: 'BMO',
  RequestId: '22178382-31ee-485c-a750-c20929b6a344',
};

/** The docs excerpt, GetAccountsSummaryAsync 202. */
const SUMMARY_202 = {
  FlinksCode: 'OPERATION_PENDING',
  Links: [{ rel: 'GetAccountsSummaryAsync', href: '/GetAccountsSummaryAsync', example: '/GetAccountsSummaryAsync/077785a3-fd0f-42f7-9251-ee2ff7f3b4ff' }],
  HttpStatusCode: 202,
  Message: 'Your operation is still processing',
  RequestId: '077785a3-fd0f-42f7-9251-ee2ff7f3b4ff',
};

/** The docs excerpt, GetAccountsSummaryAsync 400. */
const SESSION_NONEXISTENT = {
  HttpStatusCode: 400,
  Message: 'RequestId 1df20baf-65d5-40ee-9be0-8058c13042e2 is invalid or session has ended',
  FlinksCode: 'SESSION_NONEXISTENT',
};

/**
 * The docs excerpt, GetAccountsDetail 200. The excerpt prints this response as two
 * blocks ("Example Account Response" stops inside Holder.Address after City; "Account
 * Details Example" resumes at Province); they are joined here.
 */
const DETAIL_200 = {
  HttpStatusCode: 200,
  Accounts: [
    {
      Transactions: [
        { Date: '2025-01-31', Code: null, Description: 'PAYROLL - Stripe Paycheck', Debit: 1000.4, Credit: 1500.25, Balance: 5105.6, Id: '94584aed-7c98-42a4-9836-9f8557db63f5' },
      ],
      TransitNumber: '12347',
      InstitutionNumber: '777',
      OverdraftLimit: 100.5,
      Title: 'Chequing Account',
      AccountNumber: '7641238',
      LastFourDigits: null,
      Balance: { Available: 5405.5, Current: 5105.5, Limit: '5105.5' },
      Category: 'Operations',
      Type: 'Chequing',
      Currency: 'CAD',
      Holder: {
        Name: 'Testing',
        Address: { CivicAddress: '25 york street', City: 'TOR', Province: 'ON', PostalCode: 'M5J 2V5', POBox: null, Country: 'CA' },
        Email: 'test_user1@nomail.com',
        PhoneNumber: '9051234567',
      },
      AccountType: null,
      Id: '27a9ffa0-c6b9-4cc6-9eaa-aa9efa07a889',
    },
  ],
  InstitutionName: 'FlinksCapital',
  Login: { Username: 'chat_gpt', IsScheduledRefresh: false, LastRefresh: '2025-01-31T17:40:54.569261', Type: 'Personal', Id: '5602459c-f6d0-4ca0-6750-08dccdcadcc0' },
  InstitutionId: 14,
  Institution: 'FlinksCapital',
  RequestId: '22178382-31ee-485c-a750-c20929b6a344',
};

/** GetAccountsDetail 202, with the docs' literal placeholders. */
const DETAIL_202 = {
  FlinksCode: 'OPERATION_PENDING',
  Links: [{ rel: '{Endpoint}Async', href: '/{Endpoint}Async', example: '/{Endpoint}Async/{requestId}' }],
  HttpStatusCode: 202,
  Message: 'Your operation is still processing',
  RequestId: '{requestId}',
};
/** the message of OPERATION_DISPATCHED (same body otherwise). */
const DISPATCHED_MESSAGE = 'Your operations had been dispatched to background process for long running jobs';

/** GetStatements 200 (Login elided as {…} on the docs page: the Authorize example's Login is used). */
const STATEMENTS_200 = {
  HttpStatusCode: 200,
  StatementsByAccount: [{ AccountNumber: '1111000', Statements: [{ UniqueId: '3DD209E106553D2BB0A6EFF57FD0480C', FileType: 'PDF', Base64Bytes: '…' }] }],
  Login: AUTHORIZE_200.Login,
  Institution: 'FlinksCapital',
  RequestId: '…',
};

/** SetScheduledRefresh 200: a bare JSON string. */
const SCHEDULED_REFRESH_200 = 'LoginId bb8b8569-3bfc-43c1-ae31-08d6decf1675 has now been activated for automatic refresh';

/** Docs excerpt, GetNightlyRefreshStatus 200. */
const NIGHTLY_200 = {
  HttpStatusCode: 200,
  IneligibleCards: [{ LoginId: 'd12c531b-9622-4477-38c5-08d779b6f27e', LastRefreshDate: '2020-06-18T03:26:34.6854364', LastRefreshState: 'AnsweringSecurityChallenge', LastRefreshErrorCode: null }],
  Message: "The login 'bb8b8569-3bfc-43c1-ae31-08d6de7f1675' is invalid.",
  FlinksCode: 'INVALID_REQUEST',
};

/** The docs excerpt, GetMFAQuestions 200 and 400; AnswerMFAQuestions 200. */
const MFA_QUESTIONS_200 = { Message: 'SUCCESS', Questions: [{ Question: 'What shape do people like most?' }, { Question: 'What is the best country on earth?' }] };
const MFA_QUESTIONS_400 = { HttpStatusCode: 400, Message: "The login 'bb8b8569-3bfc-43c1-ae31-08d6de7f1675' is invalid.", FlinksCode: 'INVALID_REQUEST' };
const ANSWER_MFA_200 = { Message: 'Answers updated' };

/** Institutions 200 (the English localization's Urls are elided as […] on the docs page). */
const INSTITUTIONS_200 = {
  Data: [
    {
      Id: 1,
      Localizations: [
        { Language: 'fr', Name: 'BMO', Urls: [{ Type: 'Main', Url: 'https://www.bmo.com/principal/particuliers' }] },
        { Language: 'en', Name: 'BMO', Urls: [] as unknown[] },
      ],
      Status: 'Enabled',
      Country: 'CA',
    },
  ],
  Count: 249,
};

/** The docs excerpt, Institutions/RoutingNumber 200 and 404. */
const ROUTING_200 = {
  Id: 20,
  Localizations: [{ Language: 'en', Name: 'Chase Bank', Urls: [{ Type: 'Main', Url: 'https://www.chase.com/' }] }],
  Status: 'Enabled',
  Country: 'US',
  RoutingNumbers: ['071000770', '072413201', '065000029', '071901141', '111100022', '043202409', '311972788', '121143257', '021000021', '322271627'],
};
const ROUTING_404 = { HttpStatusCode: 404, Message: 'No institution was found with the Routing Number: 322271622' };

// ---------------------------------------------------------------------------------------------
// Comparison
// ---------------------------------------------------------------------------------------------

const DATE = /^\d{4}-\d{2}-\d{2}$/;

const kind = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/**
 * `actual` has the shape of `example`: same keys in the same order, same JSON types, null
 * where the example has null; arrays: every element of `actual` against the example's first.
 * `types` overrides the type at a path ("Accounts[].Balance.Limit": "number|null") where the
 * documentation gives a wider type than the example shows; "array|empty" lets a list be empty.
 */
function assertShape(actual: unknown, example: unknown, types: Record<string, string> = {}, path = ''): void {
  const where = path || '(root)';
  const declared = types[path];
  if (declared !== undefined) {
    assert.ok(declared.split('|').includes(kind(actual)), `${where}: ${kind(actual)} ${JSON.stringify(actual)?.slice(0, 80)} is not ${declared}`);
    if (kind(actual) !== kind(example) || actual === null || typeof actual !== 'object') return;
  } else if (example === null) {
    assert.equal(actual, null, `${where}: the example has null`);
    return;
  } else {
    assert.equal(kind(actual), kind(example), `${where}: ${JSON.stringify(actual)?.slice(0, 80)} is not a ${kind(example)}`);
  }
  if (Array.isArray(example)) {
    const list = actual as unknown[];
    if (example.length === 0 || (list.length === 0 && declared?.split('|').includes('empty'))) return;
    assert.ok(list.length > 0, `${where}: empty, the example has an element`);
    for (const item of list) assertShape(item, example[0], types, `${path}[]`);
    return;
  }
  if (example !== null && typeof example === 'object') {
    const a = actual as Record<string, unknown>;
    const e = example as Record<string, unknown>;
    assert.deepEqual(Object.keys(a), Object.keys(e), `${where}: keys`);
    for (const k of Object.keys(e)) assertShape(a[k], e[k], types, path ? `${path}.${k}` : k);
  }
}

/** The example with its ids replaced by ours (for bodies that are constants but for ids). */
function withIds<T>(example: T, ids: Record<string, string>): T {
  let json = JSON.stringify(example);
  for (const [from, to] of Object.entries(ids)) json = json.split(from).join(to);
  return JSON.parse(json) as T;
}

/** The status, and HttpStatusCode equal to it. */
function expectStatus(r: JsonResponse, status: number): void {
  assert.equal(r.status, status, r.text.slice(0, 300));
  if (r.body !== null && typeof r.body === 'object' && 'HttpStatusCode' in r.body) assert.equal(r.body.HttpStatusCode, r.status);
}

/** Constants and formats of a Login object and the members every authorized answer ends with. */
function expectLogin(login: any): void {
  assert.match(login.LastRefresh, LAST_REFRESH);
  assert.ok(['Personal', 'Business'].includes(login.Type));
  assert.match(login.Id, GUID);
}
function expectSessionTail(body: any): void {
  if ('InstitutionName' in body) assert.equal(body.InstitutionName, 'FlinksCapital');
  if ('InstitutionId' in body) assert.equal(body.InstitutionId, 14);
  assert.equal(body.Institution, 'FlinksCapital');
  assert.match(body.RequestId, GUID);
  expectLogin(body.Login);
}

const ACCOUNT_TYPES = { 'Accounts[].LastFourDigits': 'string|null', 'Accounts[].AccountType': 'string|null' };

// ---------------------------------------------------------------------------------------------

let t: TestApp;
let api: FlinksClient;
/** greatday_nomfa, no tag: cached Authorize, detail, statements, scheduled refresh. */
let plain: { loginId: string; requestId: string };
/** persona_business with a tag: the summary example (Login.Type Business, Tag). */
let tagged: { loginId: string; requestId: string };

before(async () => {
  t = await startTestApp();
  api = new FlinksClient(t.url);
  plain = await api.connect('greatday_nomfa');
  tagged = await api.connect('persona_business', { tag: 'userId=xxxxxxxxxxxx' });
  // Wait for both aggregations: before its first one a login's LastRefresh is the never-refreshed value.
  await api.poll('GetAccountsDetail', plain.requestId);
  await api.poll('GetAccountsDetail', tagged.requestId);
});
after(async () => t.stop());

describe('GenerateAuthorizeToken', () => {
  test('200 {HttpStatusCode, Token}', async () => {
    const r = await api.post('GenerateAuthorizeToken', undefined, { 'flinks-auth-key': SANDBOX_TENANT.secretKey });
    expectStatus(r, 200);
    assertShape(r.body, GAT_200);
    assert.match(r.body.Token, GUID);
  });
  test('401 with the documented envelope', async () => {
    const r = await api.post('GenerateAuthorizeToken', undefined, { 'flinks-auth-key': 'not-the-secret' });
    expectStatus(r, 401);
    assertShape(r.body, GAT_401);
    assert.deepEqual(r.body, GAT_401);
  });
});

describe('Authorize', () => {
  test('200 cached, as the current docs example', async () => {
    const r = await api.post('Authorize', { LoginId: plain.loginId, MostRecentCached: true });
    expectStatus(r, 200);
    assertShape(r.body, AUTHORIZE_200);
    assert.deepEqual(r.body.Links, AUTHORIZE_200.Links);
    expectSessionTail(r.body);
    assert.equal(r.body.Login.Id, plain.loginId);
    assert.equal(r.body.Login.Username, 'greatday_nomfa');
    assert.notEqual(r.body.RequestId, plain.requestId);
  });

  test('200 cached against the older excerpt example: its members are all there, in the current order', async () => {
    const r = await api.post('Authorize', { LoginId: plain.loginId, MostRecentCached: true });
    expectStatus(r, 200);
    // The older example puts Links before HttpStatusCode and predates InstitutionName and
    // InstitutionId (added Sept 2022, docs.flinks.com/changelog/2022-09). We follow the current example (test above);
    // every member of the older one is present with the same type, and its Login is identical in shape.
    for (const [k, v] of Object.entries(SEED_AUTHORIZE_200)) {
      assert.ok(k in r.body, k);
      assert.equal(kind(r.body[k]), kind(v), k);
    }
    assertShape(r.body.Login, SEED_AUTHORIZE_200.Login);
    // The excerpt shows 7 fractional digits ("…46.5227901"); we always write 6 (Flinks's examples show both 6 and 7).
    assert.match(r.body.Login.LastRefresh, LAST_REFRESH);
  });

  test('203 with SecurityChallenges', async () => {
    const r = await api.post('Authorize', { Institution: 'FlinksCapital', Username: 'Greatday', Password: 'Everyday', MostRecentCached: false, Save: true });
    expectStatus(r, 203);
    assertShape(r.body, AUTHORIZE_203);
    assert.deepEqual(r.body.Links, AUTHORIZE_203.Links);
    assert.equal(r.body.Institution, 'FlinksCapital');
    assert.match(r.body.RequestId, GUID);
    assert.equal(r.body.SecurityChallenges.length, 1);
    assert.equal(r.body.SecurityChallenges[0].Type, 'QuestionAndAnswer');
    assert.ok(['What city were you born in?', 'What is the best country on earth?', 'What shape do people like most?'].includes(r.body.SecurityChallenges[0].Prompt));
  });

  test('203 with three prompts at once (triple MFA) and a challenge with Iterables', async () => {
    const triple = await api.post('Authorize', { Institution: 'FlinksCapital', Username: 'greatday_multi', Password: 'Everyday' });
    expectStatus(triple, 203);
    // The excerpt shows only the RequestId and SecurityChallenges members of the 203; the rest is the Authorize page's.
    assertShape(triple.body, AUTHORIZE_203);
    assert.match(triple.body.RequestId, GUID);
    assertShape(triple.body.SecurityChallenges, SEED_TRIPLE_MFA.SecurityChallenges);
    assert.equal(triple.body.SecurityChallenges.length, 3);
    for (const c of triple.body.SecurityChallenges) assert.equal(c.Type, 'QuestionAndAnswer');

    const choice = await api.post('Authorize', { Institution: 'FlinksCapital', Username: 'greatday_choice', Password: 'Everyday' });
    expectStatus(choice, 203);
    // Same member order as the excerpt's {Type, Prompt, Iterables}; the Type of this sandbox user is MultipleChoice.
    assertShape(choice.body.SecurityChallenges[0], SEED_CHALLENGE_WITH_ITERABLES);
    assert.equal(choice.body.SecurityChallenges[0].Type, 'MultipleChoice');
  });
});

describe('AuthorizeMultiple', () => {
  test('ValidLoginIds / InvalidLoginIds', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const r = await api.post('AuthorizeMultiple', { LoginIds: [plain.loginId, unknown] });
    expectStatus(r, 200);
    // docs/compatibility.md: we add HttpStatusCode (every body carries it), and InvalidLoginIds
    // items are {LoginId, FlinksCode, Message} objects (only a mock with an empty list is public).
    assertShape(r.body, { HttpStatusCode: 200, ...AUTHORIZE_MULTIPLE, InvalidLoginIds: [{ LoginId: '…', FlinksCode: 'INVALID_LOGIN', Message: '…' }] });
    assert.equal(r.body.ValidLoginIds[0].LoginId, plain.loginId);
    assert.match(r.body.ValidLoginIds[0].RequestId, GUID);
    assert.deepEqual(r.body.InvalidLoginIds.map((x: any) => [x.LoginId, x.FlinksCode]), [[unknown, 'INVALID_LOGIN']]);
  });
});

describe('GetAccountsSummary', () => {
  test('200: accounts without transactions, Links, Tag, session members', async () => {
    const auth = await api.post('Authorize', { LoginId: tagged.loginId, MostRecentCached: true });
    const r = await api.post('GetAccountsSummary', { RequestId: auth.body.RequestId });
    expectStatus(r, 200);
    assertShape(r.body, SUMMARY_200, {
      ...ACCOUNT_TYPES,
      // Limit is null for deposit accounts (as in the example) and a number for credit products.
      'Accounts[].Balance.Limit': 'number|null',
    });
    assert.deepEqual(r.body.Links, SUMMARY_200.Links);
    assert.equal(r.body.Tag, 'userId=xxxxxxxxxxxx');
    expectSessionTail(r.body);
    assert.equal(r.body.Login.Type, 'Business');
    for (const a of r.body.Accounts) {
      assert.ok(a.EftEligibleRatio >= 0 && a.EftEligibleRatio <= 1);
      assert.ok(a.ETransferEligibleRatio >= 0 && a.ETransferEligibleRatio <= 1);
      assert.ok(['Personal', 'Business', null].includes(a.AccountType));
      assert.match(a.Id, GUID);
    }
  });

  test('202 OPERATION_PENDING, as the GetAccountsSummaryAsync example', async () => {
    const { requestId } = await api.connect('test_pending');
    const r = await api.post('GetAccountsSummary', { RequestId: requestId });
    expectStatus(r, 202);
    assertShape(r.body, SUMMARY_202);
    assert.deepEqual(r.body, withIds(SUMMARY_202, { '077785a3-fd0f-42f7-9251-ee2ff7f3b4ff': requestId }));
    const polled = await api.get(`GetAccountsSummaryAsync/${requestId}`);
    if (polled.status === 202) assert.deepEqual(polled.body, r.body);
    const done = await api.poll('GetAccountsSummary', requestId);
    expectStatus(done, 200);
  });

  test('400 SESSION_NONEXISTENT, as the GetAccountsSummaryAsync example', async () => {
    const r = await api.get('GetAccountsSummaryAsync/1df20baf-65d5-40ee-9be0-8058c13042e2');
    expectStatus(r, 400);
    assertShape(r.body, SESSION_NONEXISTENT);
    assert.deepEqual(r.body, SESSION_NONEXISTENT);
    const viaSync = await api.post('GetAccountsDetail', { RequestId: '1df20baf-65d5-40ee-9be0-8058c13042e2' });
    expectStatus(viaSync, 400);
    assert.deepEqual(viaSync.body, SESSION_NONEXISTENT);
  });
});

describe('GetAccountsDetail', () => {
  test('200: the account and transaction shapes of the docs example', async () => {
    const auth = await api.post('Authorize', { LoginId: plain.loginId, MostRecentCached: true });
    const r = await api.post('GetAccountsDetail', { RequestId: auth.body.RequestId, WithAccountIdentity: true, WithKYC: true, WithTransactions: true, DaysOfTransactions: 'Days90' });
    expectStatus(r, 200);
    assertShape(r.body, DETAIL_200, {
      ...ACCOUNT_TYPES,
      // A transaction is a debit or a credit: the other one is null (help.flinks.com's data types of GetAccountsDetail: number|null).
      // An account without activity in the last 90 days (an untouched line of credit) has none.
      'Accounts[].Transactions': 'array|empty',
      'Accounts[].Transactions[].Debit': 'number|null',
      'Accounts[].Transactions[].Credit': 'number|null',
      // The example once shows Limit as a string ("5105.5"); the data-types article and
      // docs/compatibility.md ("money as JSON numbers") make it number|null, as every other amount.
      'Accounts[].Balance.Limit': 'number|null',
      'Accounts[].Balance.Available': 'number|null',
    });
    expectSessionTail(r.body);
    assert.ok(r.body.Accounts.length >= 4);
    assert.ok(r.body.Accounts[0].Transactions.length > 0, 'the chequing account has transactions');
    for (const a of r.body.Accounts) {
      assert.equal(a.InstitutionNumber, '777');
      assert.match(a.TransitNumber, /^\d{5}$/);
      assert.match(a.AccountNumber, /^\d+$/);
      assert.ok(['CAD', 'USD'].includes(a.Currency));
      for (const tx of a.Transactions) {
        assert.match(tx.Date, DATE);
        assert.equal(tx.Code, null);
        assert.match(tx.Id, GUID);
        assert.ok((tx.Debit === null) !== (tx.Credit === null), `${a.Title} ${tx.Date} ${tx.Description}`);
      }
    }
  });

  test('202 OPERATION_PENDING and OPERATION_DISPATCHED bodies', async () => {
    const pending = await api.connect('test_pending');
    const r = await api.post('GetAccountsDetail', { RequestId: pending.requestId });
    expectStatus(r, 202);
    assertShape(r.body, DETAIL_202);
    assert.deepEqual(r.body, withIds(DETAIL_202, { '{Endpoint}': 'GetAccountsDetail', '{requestId}': pending.requestId }));

    const dispatched = await api.connect('test_dispatched');
    const d = await api.post('GetAccountsDetail', { RequestId: dispatched.requestId });
    expectStatus(d, 202);
    assertShape(d.body, DETAIL_202);
    assert.deepEqual(d.body, { ...withIds(DETAIL_202, { '{Endpoint}': 'GetAccountsDetail', '{requestId}': dispatched.requestId }), FlinksCode: 'OPERATION_DISPATCHED', Message: DISPATCHED_MESSAGE });
    // Polling answers OPERATION_PENDING until the data is there, then 200.
    const polled = await api.get(`GetAccountsDetailAsync/${dispatched.requestId}`);
    if (polled.status === 202) assert.equal(polled.body.FlinksCode, 'OPERATION_PENDING');
    expectStatus(await api.poll('GetAccountsDetail', pending.requestId), 200);
    expectStatus(await api.poll('GetAccountsDetail', dispatched.requestId), 200);
  });
});

describe('GetStatements', () => {
  test('200 {HttpStatusCode, StatementsByAccount, Login, Institution, RequestId}', async () => {
    const auth = await api.post('Authorize', { LoginId: plain.loginId, MostRecentCached: true });
    const r = await api.post('GetStatements', { RequestId: auth.body.RequestId });
    expectStatus(r, 200);
    assertShape(r.body, STATEMENTS_200);
    expectSessionTail(r.body);
    assert.ok(r.body.StatementsByAccount.length >= 4);
    for (const a of r.body.StatementsByAccount) {
      assert.match(a.AccountNumber, /^\d+$/);
      assert.equal(a.Statements.length, 1);
      assert.match(a.Statements[0].UniqueId, /^[0-9A-F]{32}$/);
      assert.equal(a.Statements[0].FileType, 'PDF');
      assert.equal(Buffer.from(a.Statements[0].Base64Bytes, 'base64').subarray(0, 5).toString('latin1'), '%PDF-');
    }
  });
});

describe('Nightly refresh', () => {
  test('SetScheduledRefresh answers a bare JSON string', async () => {
    const on = await call(api.url('SetScheduledRefresh'), { method: 'PATCH', json: { LoginId: plain.loginId, IsActivated: true } });
    assert.equal(on.status, 200);
    assert.match(on.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(typeof on.body, 'string');
    assert.equal(on.body, withIds(SCHEDULED_REFRESH_200, { 'bb8b8569-3bfc-43c1-ae31-08d6decf1675': plain.loginId }));
    assert.equal(on.text, JSON.stringify(on.body));
    const cached = await api.post('Authorize', { LoginId: plain.loginId, MostRecentCached: true });
    assert.equal(cached.body.Login.IsScheduledRefresh, true);
    // C-rb sends query parameters and an empty body.
    const off = await call(`${api.url('SetScheduledRefresh')}?login_id=${plain.loginId}&is_activated=false`, { method: 'PATCH', json: {} });
    assert.equal(off.status, 200);
    assert.equal(off.body, `LoginId ${plain.loginId} has now been deactivated for automatic refresh`);
  });

  test('GetNightlyRefreshStatus, as the excerpt example', async () => {
    // A login that is not saved is never eligible: it shows in IneligibleCards.
    const unsaved = await api.connect('persona_gig', { save: false });
    await api.poll('GetAccountsDetail', unsaved.requestId);
    await call(api.url('SetScheduledRefresh'), { method: 'PATCH', json: { LoginId: unsaved.loginId, IsActivated: true } });
    const r = await api.get('GetNightlyRefreshStatus');
    expectStatus(r, 200);
    assertShape(r.body, NIGHTLY_200, {
      'IneligibleCards[].LastRefreshDate': 'string|null',
      'IneligibleCards[].LastRefreshState': 'string|null',
      'IneligibleCards[].LastRefreshErrorCode': 'string|null',
      // The example carries FlinksCode "INVALID_REQUEST" and a login-invalid Message on a 200,
      // which reads as an oddity of the docs page; a successful answer carries FlinksCode null here.
      FlinksCode: 'string|null',
    });
    assert.equal(r.body.FlinksCode, null);
    const card = r.body.IneligibleCards.find((c: any) => c.LoginId === unsaved.loginId);
    assert.ok(card, 'the unsaved login is listed');
    assert.match(card.LastRefreshDate, LAST_REFRESH);
    assert.equal(card.LastRefreshErrorCode, null);
  });
});

describe('Enhanced MFA', () => {
  test('GetMFAQuestions 200 lists the unanswered questions; AnswerMFAQuestions 200', async () => {
    let r = await api.post('Authorize', { Institution: 'FlinksCapital', Username: 'Greatday', Password: 'Everyday', Save: true, WithMFAQuestions: true, Language: 'en' });
    expectStatus(r, 203);
    const prompt = r.body.SecurityChallenges[0].Prompt;
    r = await api.post('Authorize', { RequestId: r.body.RequestId, SecurityResponses: { [prompt]: [answerFor(prompt)] } });
    expectStatus(r, 200);
    const loginId = r.body.Login.Id;

    const q = await api.get(`GetMFAQuestions/${loginId}`);
    expectStatus(q, 200);
    // docs/compatibility.md: HttpStatusCode is in every body (clients such as node-flinks branch on it);
    // the example starts at Message.
    assertShape(q.body, { HttpStatusCode: 200, ...MFA_QUESTIONS_200 });
    assert.equal(q.body.Message, 'SUCCESS');
    const three = ['What city were you born in?', 'What is the best country on earth?', 'What shape do people like most?'];
    assert.deepEqual(q.body.Questions.map((x: any) => x.Question).sort(), three.filter((x) => x !== prompt).sort());

    const a = await call(api.url('AnswerMFAQuestions'), { method: 'PATCH', json: { loginId, Questions: [{ Question: q.body.Questions[0].Question, Answer: answerFor(q.body.Questions[0].Question) }] } });
    expectStatus(a, 200);
    assertShape(a.body, { HttpStatusCode: 200, ...ANSWER_MFA_200 }); // HttpStatusCode added, as above
    assert.equal(a.body.Message, 'Answers updated');
    const after = await api.get(`GetMFAQuestions/${loginId}`);
    assert.equal(after.body.Questions.length, 1);
  });

  test('GetMFAQuestions 400 on an unknown login, as the example', async () => {
    const r = await api.get('GetMFAQuestions/bb8b8569-3bfc-43c1-ae31-08d6de7f1675');
    expectStatus(r, 400);
    assertShape(r.body, MFA_QUESTIONS_400);
    assert.deepEqual(r.body, MFA_QUESTIONS_400);
  });
});

describe('Institutions', () => {
  test('{Data, Count}; BMO first, as the example', async () => {
    const r = await api.get('Institutions');
    expectStatus(r, 200);
    assertShape(r.body, INSTITUTIONS_200);
    assert.deepEqual(r.body.Data[0].Localizations[0], INSTITUTIONS_200.Data[0]!.Localizations[0]);
    assert.equal(r.body.Data[0].Id, 1);
    assert.equal(r.body.Data[0].Localizations[1].Language, 'en');
    assert.equal(r.body.Data[0].Localizations[1].Name, 'BMO');
    assert.equal(r.body.Count, r.body.Data.length);
    assert.ok(r.body.Data.some((i: any) => i.Id === 14 && i.Localizations.some((l: any) => l.Name === 'Flinks Capital')));
    const page = await api.get('Institutions?skip=1&take=2');
    assert.deepEqual(page.body.Data, r.body.Data.slice(1, 3));
    assert.equal(page.body.Count, r.body.Count);
  });

  test('RoutingNumber 200: Chase for 021000021 and for every routing number of the example', async () => {
    const r = await api.get('Institutions/RoutingNumber/021000021');
    expectStatus(r, 200);
    assertShape(r.body, ROUTING_200);
    assert.equal(r.body.Id, 20);
    assert.deepEqual(r.body.Localizations, ROUTING_200.Localizations);
    assert.equal(r.body.Status, 'Enabled');
    assert.equal(r.body.Country, 'US');
    for (const rn of ROUTING_200.RoutingNumbers) assert.ok(r.body.RoutingNumbers.includes(rn), rn);
    for (const rn of ROUTING_200.RoutingNumbers) {
      const each = await api.get(`Institutions/RoutingNumber/${rn}`);
      assert.equal(each.body.Id, 20, rn);
    }
  });

  test('RoutingNumber 404 with the documented message', async () => {
    const r = await api.get('Institutions/RoutingNumber/322271622');
    expectStatus(r, 404);
    // docs/compatibility.md: every error answer is the Flinks envelope, FlinksCode included
    // (INVALID_REQUEST where Flinks documents no code); the example stops at Message.
    assertShape(r.body, { ...ROUTING_404, FlinksCode: 'INVALID_REQUEST' });
    assert.deepEqual(r.body, { ...ROUTING_404, FlinksCode: 'INVALID_REQUEST' });
  });
});
