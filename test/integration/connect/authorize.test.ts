import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, startTestApp, type TestApp } from '../../support/app.ts';
import { CID, FlinksClient, answerFor, GUID, LAST_REFRESH } from '../../support/flinks.ts';
import { SANDBOX_TENANT } from '../../../src/platform/tenants.ts';

let t: TestApp;
let api: FlinksClient;
before(async () => {
  t = await startTestApp();
  api = new FlinksClient(t.url);
});
after(async () => t.stop());


describe('GenerateAuthorizeToken', () => {
  test('the secret key gets a token', async () => {
    const r = await api.post('GenerateAuthorizeToken', undefined, { 'flinks-auth-key': SANDBOX_TENANT.secretKey });
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.body), ['HttpStatusCode', 'Token']);
    assert.equal(r.body.HttpStatusCode, 200);
    assert.match(r.body.Token, GUID);
  });
  test('a wrong or missing secret is refused with the documented envelope', async () => {
    for (const headers of [{}, { 'flinks-auth-key': 'nope' }] as Record<string, string>[]) {
      const r = await api.post('GenerateAuthorizeToken', undefined, headers);
      assert.equal(r.status, 401);
      assert.deepEqual(r.body, { HttpStatusCode: 401, Message: 'You must provide a valid auth key', FlinksCode: 'UNAUTHORIZED' });
    }
  });
  test('an empty body with a JSON content type is accepted (Ruby client)', async () => {
    const r = await call(api.url('GenerateAuthorizeToken'), { method: 'POST', body: '', headers: { 'content-type': 'application/json', 'flinks-auth-key': SANDBOX_TENANT.secretKey } });
    assert.equal(r.status, 200);
  });
});

describe('Authorize: legacy live login with MFA', () => {
  test('Greatday: 203 with one QuestionAndAnswer challenge, then 200 with a LoginId', async () => {
    const first = await api.post('Authorize', { Institution: 'FlinksCapital', Username: 'Greatday', Password: 'Everyday', MostRecentCached: false, Save: true });
    assert.equal(first.status, 203);
    assert.deepEqual(Object.keys(first.body), ['Links', 'HttpStatusCode', 'SecurityChallenges', 'Institution', 'RequestId']);
    assert.deepEqual(first.body.Links, [{ rel: 'Authorization', href: '/Authorize', example: null }]);
    assert.equal(first.body.HttpStatusCode, 203);
    assert.equal(first.body.Institution, 'FlinksCapital');
    assert.equal(first.body.SecurityChallenges.length, 1);
    assert.equal(first.body.SecurityChallenges[0].Type, 'QuestionAndAnswer');
    const prompt = first.body.SecurityChallenges[0].Prompt;
    const second = await api.post('Authorize', { RequestId: first.body.RequestId, SecurityResponses: { [prompt]: [answerFor(prompt)] } });
    assert.equal(second.status, 200);
    assert.deepEqual(Object.keys(second.body), ['HttpStatusCode', 'Links', 'InstitutionName', 'Login', 'InstitutionId', 'Institution', 'RequestId']);
    assert.equal(second.body.RequestId, first.body.RequestId);
    assert.equal(second.body.InstitutionId, 14);
    assert.equal(second.body.Institution, 'FlinksCapital');
    assert.deepEqual(Object.keys(second.body.Login), ['Username', 'IsScheduledRefresh', 'LastRefresh', 'Type', 'Id']);
    assert.match(second.body.Login.Id, GUID);
    assert.equal(second.body.Login.Username, 'Greatday');
    assert.deepEqual(second.body.Links.map((l: any) => l.rel), ['AccountsDetail', 'AccountsSummary', 'Statements']);
  });

  test('French prompts with Language fr, answers without accents or case', async () => {
    const first = await api.post('Authorize', { Institution: 'FlinksCapital', Username: 'greatday_multi', Password: 'everyday', Language: 'fr', Save: true });
    assert.equal(first.status, 203);
    assert.equal(first.body.SecurityChallenges.length, 3);
    for (const c of first.body.SecurityChallenges) assert.match(c.Prompt, /Quel|Quelle|Dans quelle|Où/);
    const responses: Record<string, string[]> = {};
    for (const c of first.body.SecurityChallenges) responses[c.Prompt] = [answerFor(c.Prompt).toUpperCase()];
    const second = await api.post('Authorize', { requestId: first.body.RequestId, securityResponses: responses });
    assert.equal(second.status, 200);
  });

  test('a wrong answer is 401 INVALID_SECURITY_RESPONSE and the same RequestId may answer again', async () => {
    const first = await api.post('Authorize', { Institution: 'FlinksCapital', Username: 'Greatday', Password: 'Everyday', Save: true, Language: 'en' });
    const prompt = first.body.SecurityChallenges[0].Prompt;
    const wrong = await api.post('Authorize', { RequestId: first.body.RequestId, SecurityResponses: { [prompt]: ['Paris'] } });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.FlinksCode, 'INVALID_SECURITY_RESPONSE');
    assert.equal(wrong.body.HttpStatusCode, 401);
    const right = await api.post('Authorize', { RequestId: first.body.RequestId, SecurityResponses: { [prompt]: [answerFor(prompt)] } });
    assert.equal(right.status, 200);
    const again = await api.post('Authorize', { RequestId: first.body.RequestId, SecurityResponses: { [prompt]: [answerFor(prompt)] } });
    assert.equal(again.body.FlinksCode, 'ALREADY_AUTHORIZED');
  });

  test('wrong answers are counted: the third ends the session', async () => {
    const first = await api.post('Authorize', { Institution: 'FlinksCapital', Username: 'Greatday', Password: 'Everyday', Save: true });
    const prompt = first.body.SecurityChallenges[0].Prompt;
    const codes: string[] = [];
    for (let i = 0; i < 3; i++) codes.push((await api.post('Authorize', { RequestId: first.body.RequestId, SecurityResponses: { [prompt]: ['Paris'] } })).body.FlinksCode);
    assert.deepEqual(codes, ['INVALID_SECURITY_RESPONSE', 'INVALID_SECURITY_RESPONSE', 'INVALID_SECURITY_RESPONSE']);
    const after = await api.post('Authorize', { RequestId: first.body.RequestId, SecurityResponses: { [prompt]: [answerFor(prompt)] } });
    assert.equal(after.status, 400);
    assert.equal(after.body.FlinksCode, 'SESSION_NONEXISTENT');
    // The ended session still answers its failure on the data endpoints.
    const data = await api.post('GetAccountsDetail', { RequestId: first.body.RequestId });
    assert.equal(data.body.FlinksCode, 'INVALID_SECURITY_RESPONSE');
  });

  test('empty SecurityResponses answers 203 again; an unknown key and missing prompts are refused', async () => {
    const first = await api.post('Authorize', { Institution: 'FlinksCapital', Username: 'greatday_multi', Password: 'Everyday' });
    const again = await api.post('Authorize', { RequestId: first.body.RequestId, SecurityResponses: {} });
    assert.equal(again.status, 203);
    assert.deepEqual(again.body.SecurityChallenges, first.body.SecurityChallenges);
    const unknown = await api.post('Authorize', { RequestId: first.body.RequestId, SecurityResponses: { 'What is your name?': ['x'] } });
    assert.equal(unknown.body.FlinksCode, 'UNKNOWN_CHALLENGE_KEY');
    const p0 = first.body.SecurityChallenges[0].Prompt;
    const partial = await api.post('Authorize', { RequestId: first.body.RequestId, SecurityResponses: { [p0]: [answerFor(p0)] } });
    assert.equal(partial.body.FlinksCode, 'SECURITYRESPONSES_INCOMPLETE');
  });

  test('every challenge type can be answered', async () => {
    // Choice
    let r = await api.post('Authorize', { Institution: 'FlinksCapital', Username: 'greatday_choice', Password: 'Everyday' });
    assert.equal(r.body.SecurityChallenges[0].Type, 'MultipleChoice');
    assert.ok(r.body.SecurityChallenges[0].Iterables.includes('Blue'));
    r = await api.post('Authorize', { RequestId: r.body.RequestId, SecurityResponses: { [r.body.SecurityChallenges[0].Prompt]: ['Blue'] } });
    assert.equal(r.status, 200);
    // Several answers
    r = await api.post('Authorize', { Institution: 'FlinksCapital', Username: 'greatday_multianswer', Password: 'Everyday' });
    assert.equal(r.body.SecurityChallenges[0].Type, 'MultipleChoiceMultipleAnswers');
    r = await api.post('Authorize', { RequestId: r.body.RequestId, SecurityResponses: { [r.body.SecurityChallenges[0].Prompt]: ['Banana', 'Apple'] } });
    assert.equal(r.status, 200);
    // Image: answer with the blue square's Base64
    const { SQUARE_IMAGES } = await import('../../../src/sandbox/flinks-capital/index.ts');
    r = await api.post('Authorize', { Institution: 'FlinksCapital', Username: 'greatday_image', Password: 'Everyday' });
    assert.equal(r.body.SecurityChallenges[0].Type, 'ImageSelection');
    assert.equal(r.body.SecurityChallenges[0].Iterables.length, 3);
    r = await api.post('Authorize', { RequestId: r.body.RequestId, SecurityResponses: { [r.body.SecurityChallenges[0].Prompt]: [SQUARE_IMAGES.blue] } });
    assert.equal(r.status, 200);
    // Text or call, then the code
    r = await api.post('Authorize', { Institution: 'FlinksCapital', Username: 'greatday_textorcall', Password: 'Everyday' });
    assert.equal(r.body.SecurityChallenges[0].Type, 'TextOrCall');
    r = await api.post('Authorize', { RequestId: r.body.RequestId, SecurityResponses: { [r.body.SecurityChallenges[0].Prompt]: ['Text'] } });
    assert.equal(r.status, 203);
    r = await api.post('Authorize', { RequestId: r.body.RequestId, SecurityResponses: { [r.body.SecurityChallenges[0].Prompt]: ['123456'] } });
    assert.equal(r.status, 200);
    // Several rounds
    r = await api.post('Authorize', { Institution: 'FlinksCapital', Username: 'greatday_rounds', Password: 'Everyday' });
    let rounds = 0;
    while (r.status === 203) {
      rounds++;
      const prompt = r.body.SecurityChallenges[0].Prompt;
      r = await api.post('Authorize', { RequestId: r.body.RequestId, SecurityResponses: { [prompt]: [answerFor(prompt)] } });
    }
    assert.equal(r.status, 200);
    assert.equal(rounds, 3);
    // US arithmetic
    r = await api.post('Authorize', { Institution: 'FlinksCapital', Username: 'greatday_us', Password: 'Everyday' });
    assert.match(r.body.SecurityChallenges[0].Prompt, /How much is/);
  });

  test('each failing test user answers its FlinksCode', async () => {
    const expected: Record<string, [number, string]> = {
      test_disabled_account: [401, 'DISABLED_LOGIN'],
      test_service_unavailable: [401, 'RETRY_LATER'],
      test_new_account: [401, 'NEW_ACCOUNT'],
      test_unauthorized: [401, 'UNAUTHORIZED'],
      test_concurrent_session: [401, 'CONCURRENT_SESSION'],
      test_aggregation_error: [500, 'AGGREGATION_ERROR'],
      test_invalid_username: [401, 'INVALID_USERNAME'],
      test_invalid_password: [401, 'INVALID_PASSWORD'],
      test_invalid_login: [401, 'INVALID_LOGIN'],
      test_disabled_institution: [405, 'DISABLED_INSTITUTION'],
    };
    for (const [username, [status, code]] of Object.entries(expected)) {
      const r = await api.post('Authorize', { Institution: 'FlinksCapital', Username: username, Password: 'Everyday' });
      assert.equal(r.status, status, username);
      assert.equal(r.body.HttpStatusCode, status, username);
      assert.equal(r.body.FlinksCode, code, username);
      assert.match(r.body.RequestId, GUID);
    }
    const wrongPassword = await api.post('Authorize', { Institution: 'FlinksCapital', Username: 'Greatday', Password: 'nope' });
    assert.equal(wrongPassword.body.FlinksCode, 'INVALID_PASSWORD');
  });

  test('an unknown or disabled institution', async () => {
    const unknown = await api.post('Authorize', { Institution: 'NoSuchBank', Username: 'a', Password: 'b' });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.FlinksCode, 'INVALID_REQUEST');
    const real = await api.post('Authorize', { Institution: 'RBC', Username: 'a', Password: 'b' });
    assert.equal(real.status, 405);
    assert.equal(real.body.FlinksCode, 'DISABLED_INSTITUTION');
  });

  test('an unknown RequestId is SESSION_NONEXISTENT with the documented message', async () => {
    const id = '1df20baf-65d5-40ee-9be0-8058c13042e2';
    const r = await api.post('Authorize', { RequestId: id, SecurityResponses: { a: ['b'] } });
    assert.equal(r.status, 400);
    assert.deepEqual(r.body, { HttpStatusCode: 400, Message: `RequestId ${id} is invalid or session has ended`, FlinksCode: 'SESSION_NONEXISTENT' });
  });
});

describe('Authorize: cached, refresh and data', () => {
  test('the first GetAccountsDetail after a new connection is 202, then the Async endpoint answers 200', async () => {
    const { loginId } = await api.connect('greatday_nomfa', { tag: 'userId=42' });
    const cached = await api.post('Authorize', { LoginId: loginId, MostRecentCached: true });
    assert.equal(cached.status, 200);
    assert.equal(cached.body.Tag, 'userId=42');
    const requestId = cached.body.RequestId;
    const first = await api.post('GetAccountsDetail', { RequestId: requestId, WithAccountIdentity: true, WithKYC: true, WithTransactions: true, DaysOfTransactions: 'Days365' });
    if (first.status === 202) {
      assert.deepEqual(first.body, {
        FlinksCode: 'OPERATION_PENDING',
        Links: [{ rel: 'GetAccountsDetailAsync', href: '/GetAccountsDetailAsync', example: `/GetAccountsDetailAsync/${requestId}` }],
        HttpStatusCode: 202,
        Message: 'Your operation is still processing',
        RequestId: requestId,
      });
    }
    const done = await api.poll('GetAccountsDetail', requestId);
    assert.equal(done.status, 200);
    const body = done.body;
    assert.deepEqual(Object.keys(body), ['HttpStatusCode', 'Accounts', 'Tag', 'InstitutionName', 'Login', 'InstitutionId', 'Institution', 'RequestId']);
    assert.match(body.Login.LastRefresh, LAST_REFRESH);
    assert.ok(body.Accounts.length >= 4);
    const acct = body.Accounts[0];
    assert.deepEqual(Object.keys(acct), ['Transactions', 'TransitNumber', 'InstitutionNumber', 'OverdraftLimit', 'Title', 'AccountNumber', 'LastFourDigits', 'Balance', 'Category', 'Type', 'Currency', 'Holder', 'AccountType', 'Id']);
    assert.deepEqual(Object.keys(acct.Balance), ['Available', 'Current', 'Limit']);
    assert.deepEqual(Object.keys(acct.Holder), ['Name', 'Address', 'Email', 'PhoneNumber']);
    assert.deepEqual(Object.keys(acct.Holder.Address), ['CivicAddress', 'City', 'Province', 'PostalCode', 'POBox', 'Country']);
    assert.equal(acct.InstitutionNumber, '777');
    const tx = acct.Transactions[0];
    assert.deepEqual(Object.keys(tx), ['Date', 'Code', 'Description', 'Debit', 'Credit', 'Balance', 'Id']);
    assert.equal(tx.Code, null);
    assert.match(tx.Date, /^\d{4}-\d{2}-\d{2}$/);
    for (const a of body.Accounts) for (const t of a.Transactions) {
      for (const v of [t.Debit, t.Credit, t.Balance]) if (v !== null) assert.equal(Math.round(v * 100) / 100, v);
    }
    // POST on the Async endpoint (node-flinks) answers the same
    const viaPost = await call(api.url(`GetAccountsDetailAsync/${requestId}`), { method: 'POST' });
    assert.deepEqual(viaPost.body, body);
    // Days90 is a subset of Days365
    const d90 = await api.post('GetAccountsDetail', { RequestId: requestId, WithTransactions: 'true', DaysOfTransactions: 'Days90' });
    assert.ok(d90.body.Accounts[0].Transactions.length < acct.Transactions.length);
    // without identity and KYC: masked number, no holder
    assert.equal(d90.body.Accounts[0].Holder, null);
    assert.equal(d90.body.Accounts[0].TransitNumber, null);
    assert.match(d90.body.Accounts[0].AccountNumber, /^\*+\d{4}$/);
  });

  test('clients written before WithKYC: WithAccountIdentity alone brings the holder, an explicit WithKYC wins', async () => {
    const { loginId } = await api.connect('greatday_nomfa');
    const { body: auth } = await api.post('Authorize', { LoginId: loginId, MostRecentCached: true });
    await api.poll('GetAccountsDetail', (await api.post('GetAccountsDetail', { RequestId: auth.RequestId })).body.RequestId);
    const holderOf = async (body: Record<string, unknown>) => {
      const r = await api.post('GetAccountsDetail', { RequestId: auth.RequestId, WithTransactions: false, ...body });
      assert.equal(r.status, 200);
      return r.body.Accounts.map((a: { Holder: unknown }) => a.Holder);
    };
    // python-flinks sends only WithAccountIdentity and reads Holder (also as a string boolean)
    for (const identity of [true, 'true']) {
      for (const h of await holderOf({ WithAccountIdentity: identity })) assert.equal((h as { Name: string }).Name.length > 0, true);
    }
    for (const h of await holderOf({ WithAccountIdentity: true, WithKYC: false })) assert.equal(h, null);
    for (const h of await holderOf({ WithAccountIdentity: true, withkyc: 'false' })) assert.equal(h, null);
    for (const h of await holderOf({ WithAccountIdentity: false, WithKYC: true })) assert.notEqual(h, null);
    for (const h of await holderOf({})) assert.equal(h, null);
  });

  test('summary, accounts filter, refresh delta, DateFrom/DateTo', async () => {
    const { loginId } = await api.connect('persona_gig');
    const { body: auth } = await api.post('Authorize', { LoginId: loginId, MostRecentCached: true });
    await api.poll('GetAccountsDetail', (await api.post('GetAccountsDetail', { RequestId: auth.RequestId })).body.RequestId);
    const summary = await api.post('GetAccountsSummary', { requestId: auth.RequestId });
    assert.equal(summary.status, 200);
    assert.deepEqual(Object.keys(summary.body.Accounts[0]), ['EftEligibleRatio', 'ETransferEligibleRatio', 'Title', 'AccountNumber', 'LastFourDigits', 'Balance', 'Category', 'Type', 'Currency', 'Holder', 'AccountType', 'Id']);
    const first = summary.body.Accounts[0].Id;
    const filtered = await api.post('GetAccountsDetail', { RequestId: auth.RequestId, AccountsFilter: [first] });
    assert.deepEqual(filtered.body.Accounts.map((a: any) => a.Id), [first]);
    const txns = filtered.body.Accounts[0].Transactions;
    const delta = await api.post('GetAccountsDetail', { RequestId: auth.RequestId, AccountsFilter: [first], RefreshDelta: [{ AccountId: first, TransactionId: txns[3].Id }] });
    assert.equal(delta.body.Accounts[0].Transactions.length, 3);
    const ranged = await api.post('GetAccountsDetail', { RequestId: auth.RequestId, AccountsFilter: [first], DateFrom: txns[10].Date, DateTo: txns[5].Date });
    for (const t of ranged.body.Accounts[0].Transactions) assert.ok(t.Date >= txns[10].Date && t.Date <= txns[5].Date);
  });

  test('running balances agree to the cent', async () => {
    const { loginId } = await api.connect('persona_salaried');
    const { body: auth } = await api.post('Authorize', { LoginId: loginId, MostRecentCached: true });
    await api.post('GetAccountsDetail', { RequestId: auth.RequestId, DaysOfTransactions: 'Days365' });
    const r = await api.poll('GetAccountsDetail', auth.RequestId);
    for (const a of r.body.Accounts) {
      const list = a.Transactions.slice().reverse();
      const owed = a.Type === 'CreditCard' || a.Type === 'LineOfCredit';
      for (let i = 1; i < list.length; i++) {
        const delta = Math.round(((list[i].Credit ?? 0) - (list[i].Debit ?? 0)) * 100) * (owed ? -1 : 1);
        assert.equal(Math.round(list[i].Balance * 100), Math.round(list[i - 1].Balance * 100) + delta, `${a.Title} at ${list[i].Date}`);
      }
    }
  });

  test('test_pending answers OPERATION_PENDING; test_dispatched answers OPERATION_DISPATCHED on the sync call', async () => {
    for (const [user, code] of [['test_pending', 'OPERATION_PENDING'], ['test_dispatched', 'OPERATION_DISPATCHED']] as const) {
      const { requestId } = await api.connect(user);
      const r = await api.post('GetAccountsDetail', { RequestId: requestId });
      assert.equal(r.status, 202);
      assert.equal(r.body.FlinksCode, code);
      const done = await api.poll('GetAccountsDetail', requestId);
      assert.equal(done.status, 200);
    }
  });

  test('GetAccountsDetail before MFA is answered is refused; an unknown RequestId is SESSION_NONEXISTENT', async () => {
    const first = await api.post('Authorize', { Institution: 'FlinksCapital', Username: 'Greatday', Password: 'Everyday' });
    const r = await api.post('GetAccountsDetail', { RequestId: first.body.RequestId });
    assert.equal(r.status, 401);
    assert.equal(r.body.FlinksCode, 'UNAUTHORIZED');
    const unknown = await api.get('GetAccountsDetailAsync/077785a3-fd0f-42f7-9251-ee2ff7f3b4ff');
    assert.equal(unknown.body.FlinksCode, 'SESSION_NONEXISTENT');
  });

  test('an expired RequestId (clock moved 31 minutes) is SESSION_NONEXISTENT; an idle MFA session is SESSION_EXPIRED', async () => {
    const { requestId } = await api.connect('greatday_nomfa');
    await api.poll('GetAccountsDetail', requestId);
    const mfa = await api.post('Authorize', { Institution: 'FlinksCapital', Username: 'Greatday', Password: 'Everyday' });
    await call(`${t.url}/v3/${CID}/sandbox/clock/advance`, { json: { Minutes: 31 } });
    const r = await api.get(`GetAccountsDetailAsync/${requestId}`);
    assert.equal(r.body.FlinksCode, 'SESSION_NONEXISTENT');
    const p = mfa.body.SecurityChallenges[0].Prompt;
    const late = await api.post('Authorize', { RequestId: mfa.body.RequestId, SecurityResponses: { [p]: [answerFor(p)] } });
    assert.equal(late.status, 400);
    assert.equal(late.body.FlinksCode, 'SESSION_EXPIRED');
  });
});
