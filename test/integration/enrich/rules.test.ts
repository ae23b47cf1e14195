import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { call, startTestApp, type TestApp } from '../../support/app.ts';
import { CID, FlinksClient, GUID } from '../../support/flinks.ts';

/**
 * Customer categorization rules (our extension): POST/GET/DELETE
 * /v3/{customerId}/BankingServices/CategorizationRules. Descriptions below are written for this
 * test in the way Canadian banks print them.
 */
describe('Categorization rules', () => {
  let t: TestApp;
  let api: FlinksClient;
  const rulesUrl = (cid: string = CID, suffix = '') => `${t.url}/v3/${cid}/BankingServices/CategorizationRules${suffix}`;
  const post = (json: unknown, cid: string = CID, headers: Record<string, string> = {}) => call(rulesUrl(cid), { json, headers });
  const tx = (date: string, description: string, debit: string | null, credit: string | null) => ({ TransactionDate: date, Description: description, Debit: debit, Credit: credit });
  const upload = async (descriptions: string[], cid: string = CID, headers: Record<string, string> = {}) => {
    const r = await call(`${t.url}/v3/${cid}/Categorization/Upload`, { json: { OriginCountry: 'ca', Transactions: descriptions.map((d, i) => tx(`2026/01/${String(i + 1).padStart(2, '0')}`, d, '12.50', null)) }, headers });
    assert.equal(r.status, 200, r.text);
    return r.body.Transactions as { Description: string; Category: string; SubCategory: string; MerchantName: string | null; Explanation: string }[];
  };
  const TIMS = 'Interac purchase - 1234 TIM HORTONS #2231 TORONTO ON';

  before(async () => {
    t = await startTestApp();
    api = new FlinksClient(t.url);
  });
  after(() => t.stop());

  test('a merchant rule decides before the knowledge base, and shows in the explanation', async () => {
    const [before_] = await upload([TIMS]);
    assert.deepEqual([before_!.Category, before_!.SubCategory, before_!.MerchantName], ['Food & Dining', 'Coffee Shops', 'Tim Hortons']);
    const r = await post({ merchantname: 'tim hortons', Category: 'business', SubCategory: 'suppliers' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(Object.keys(r.body.Rule), ['RuleId', 'MerchantName', 'DescriptionPattern', 'Category', 'SubCategory', 'LoginId', 'CreatedAt']);
    assert.match(r.body.Rule.RuleId, GUID);
    assert.deepEqual([r.body.Rule.MerchantName, r.body.Rule.DescriptionPattern, r.body.Rule.Category, r.body.Rule.SubCategory, r.body.Rule.LoginId], ['tim hortons', null, 'Business', 'Suppliers', null]);
    const [after_, other] = await upload([TIMS, 'POS PURCHASE STARBUCKS 04412']);
    assert.deepEqual([after_!.Category, after_!.SubCategory], ['Business', 'Suppliers']);
    assert.ok(after_!.Explanation.includes(r.body.Rule.RuleId), after_!.Explanation);
    assert.equal(other!.SubCategory, 'Coffee Shops');
    // The same rule again recategorizes it (one rule per merchant and scope).
    const again = await post({ MerchantName: 'TIM HORTONS', Category: 'Food & Dining', SubCategory: 'Restaurants' });
    assert.equal(again.body.Rule.RuleId, r.body.Rule.RuleId);
    assert.equal((await upload([TIMS]))[0]!.SubCategory, 'Restaurants');
    assert.equal((await call(rulesUrl(CID, `/${r.body.Rule.RuleId}`), { method: 'DELETE' })).status, 200);
  });

  test('a description pattern rule (with *) decides, in any case and with accents folded', async () => {
    const r = await post({ DescriptionPattern: 'jean*loyer', Category: 'Home', SubCategory: 'Rent' });
    assert.equal(r.status, 200, r.text);
    const [rent, other] = await upload(['Virement Interac à Jean Tremblay - LOYER décembre', 'Virement Interac à Jean Tremblay - souper']);
    assert.deepEqual([rent!.Category, rent!.SubCategory], ['Home', 'Rent']);
    assert.ok(rent!.Explanation.includes(r.body.Rule.RuleId));
    assert.notEqual(other!.SubCategory, 'Rent');
    const accented = await post({ DescriptionPattern: 'FRAIS DE SCOLARITÉ', Category: 'Education', SubCategory: 'Student Loan' });
    assert.equal((await upload(['Paiement facture - frais de scolarite UQAM']))[0]!.SubCategory, 'Student Loan');
    for (const id of [r.body.Rule.RuleId, accented.body.Rule.RuleId]) assert.equal((await call(rulesUrl(CID, `/${id}`), { method: 'DELETE' })).status, 200);
  });

  test('a rule for one login applies to it alone; listed with it; deleted, the categorizer decides again', async () => {
    const a = await api.connect('persona_salaried');
    const b = await api.connect('persona_salaried', { language: 'fr' });
    assert.notEqual(a.loginId, b.loginId);
    await api.poll('GetAccountsDetail', a.requestId);
    await api.poll('GetAccountsDetail', b.requestId);
    const categorization = async (c: { loginId: string; requestId: string }) => {
      const r = await call(`${t.url}/v3/${CID}/categorization/login/${c.loginId}/requestid/${c.requestId}`);
      assert.equal(r.status, 200, r.text);
      return r.body.Transactions as { MerchantName: string | null; Category: string; SubCategory: string; Explanation: string }[];
    };
    const [ta, tb] = [await categorization(a), await categorization(b)];
    const inB = new Set(tb.map((x) => x.MerchantName).filter((m) => m !== null));
    const shared = ta.find((x) => x.MerchantName !== null && inB.has(x.MerchantName) && x.SubCategory !== 'Donations' && x.Explanation.startsWith('Merchant'));
    assert.ok(shared, 'a merchant both logins paid');
    const rule = await post({ MerchantName: shared.MerchantName, Category: 'Personal', SubCategory: 'Donations', LoginId: a.loginId.toUpperCase() });
    assert.equal(rule.status, 200, rule.text);
    assert.equal(rule.body.Rule.LoginId, a.loginId);
    const [ra, rb] = [await categorization(a), await categorization(b)];
    const ofMerchant = (list: typeof ta) => list.filter((x) => x.MerchantName === shared.MerchantName);
    assert.ok(ofMerchant(ra).length > 0 && ofMerchant(ra).every((x) => x.SubCategory === 'Donations' && x.Explanation.includes(rule.body.Rule.RuleId)));
    assert.ok(ofMerchant(rb).length > 0 && ofMerchant(rb).every((x) => x.SubCategory !== 'Donations'));
    // Listing: every rule, or those that apply to one login.
    const listA = await call(rulesUrl(CID, `?LoginId=${a.loginId}`));
    assert.deepEqual(listA.body.Rules.map((x: { RuleId: string }) => x.RuleId), [rule.body.Rule.RuleId]);
    const listB = await call(rulesUrl(CID, `?loginid=${b.loginId}`));
    assert.deepEqual(listB.body.Rules, []);
    assert.ok((await call(rulesUrl())).body.Rules.some((x: { RuleId: string }) => x.RuleId === rule.body.Rule.RuleId));
    // Deletion: gone from the list, and the knowledge base decides again.
    const del = await call(rulesUrl(CID, `/${rule.body.Rule.RuleId}`), { method: 'DELETE' });
    assert.deepEqual(del.body, { HttpStatusCode: 200, RuleId: rule.body.Rule.RuleId, Deleted: true });
    assert.ok(ofMerchant(await categorization(a)).every((x) => x.SubCategory !== 'Donations'));
    const gone = await call(rulesUrl(CID, `/${rule.body.Rule.RuleId}`), { method: 'DELETE' });
    assert.equal(gone.status, 404);
    assert.deepEqual(gone.body, { HttpStatusCode: 404, Message: `Categorization rule ${rule.body.Rule.RuleId} was not found`, FlinksCode: 'INVALID_REQUEST' });
  });

  test('another customer\'s rules have no effect here, and it can neither list nor delete ours', async () => {
    const other = await t.app.platform.tenants.create({ name: 'rules test' });
    const auth = { authorization: `Bearer ${other.secretKey}` };
    const theirs = await post({ MerchantName: 'Tim Hortons', Category: 'Entertainment', SubCategory: 'Casino' }, other.tenant.id, auth);
    assert.equal(theirs.status, 200, theirs.text);
    assert.equal((await upload([TIMS], other.tenant.id, auth))[0]!.SubCategory, 'Casino');
    assert.equal((await upload([TIMS]))[0]!.SubCategory, 'Coffee Shops');
    const ours = await post({ DescriptionPattern: 'ZZ TOP SECRET', Category: 'Home', SubCategory: 'Rent' });
    const listed = await call(rulesUrl(other.tenant.id), { headers: auth });
    assert.deepEqual(listed.body.Rules.map((x: { RuleId: string }) => x.RuleId), [theirs.body.Rule.RuleId]);
    assert.equal((await call(rulesUrl(other.tenant.id, `/${ours.body.Rule.RuleId}`), { method: 'DELETE', headers: auth })).status, 404);
    assert.ok((await call(rulesUrl())).body.Rules.some((x: { RuleId: string }) => x.RuleId === ours.body.Rule.RuleId));
    // Its secret is required; a login of ours is not its login.
    assert.equal((await call(rulesUrl(other.tenant.id))).status, 401);
    const login = await api.connect('persona_salaried');
    const foreign = await post({ MerchantName: 'Tim Hortons', Category: 'Entertainment', SubCategory: 'Casino', LoginId: login.loginId }, other.tenant.id, auth);
    assert.equal(foreign.status, 400);
    assert.equal(foreign.body.Message, 'The LoginId provided is either invalid or does not belong to the CustomerId');
    assert.equal((await call(rulesUrl(CID, `/${ours.body.Rule.RuleId}`), { method: 'DELETE' })).status, 200);
  });

  test('the same rule created at once by many clients is one rule', async () => {
    const body = { MerchantName: 'Café Névé', Category: 'Food & Dining', SubCategory: 'Coffee Shops' };
    const answers = await Promise.all(Array.from({ length: 8 }, () => post(body)));
    assert.ok(answers.every((r) => r.status === 200), answers.map((r) => r.text).join('\n'));
    const ids = new Set(answers.map((r) => r.body.Rule.RuleId));
    assert.equal(ids.size, 1);
    const list = (await call(rulesUrl())).body.Rules.filter((x: { MerchantName: string | null }) => x.MerchantName === 'Café Névé');
    assert.equal(list.length, 1);
    assert.equal((await call(rulesUrl(CID, `/${[...ids][0]}`), { method: 'DELETE' })).status, 200);
  });

  test('bad requests get the Flinks envelope and a 400, never a 500, and store nothing', async () => {
    const cases: [unknown, string][] = [
      [{ Category: 'Home', SubCategory: 'Rent' }, 'Exactly one of MerchantName and DescriptionPattern must be provided.'],
      [{ MerchantName: 'X', DescriptionPattern: 'Y', Category: 'Home', SubCategory: 'Rent' }, 'Exactly one of MerchantName and DescriptionPattern must be provided.'],
      [{ MerchantName: 'X', Category: 'Home' }, 'Category and SubCategory must be provided.'],
      [{ MerchantName: 'X', Category: 'Home', SubCategory: 'Groceries' }, 'Home / Groceries is not a category of GET /BankingServices/Categories/{CountryCode}.'],
      [{ MerchantName: '***', Category: 'Home', SubCategory: 'Rent' }, 'MerchantName must contain a letter or a digit.'],
      [{ MerchantName: 7, Category: 'Home', SubCategory: 'Rent' }, 'MerchantName must be a string.'],
      [{ MerchantName: 'X', Category: 'Home', SubCategory: 'Rent', LoginId: 'not-a-guid' }, 'The LoginId provided is either invalid or does not belong to the CustomerId'],
      [[1, 2], 'The request body must be a JSON object'],
    ];
    const count = async () => (await call(rulesUrl())).body.Rules.length;
    const n = await count();
    for (const [body, message] of cases) {
      const r = await post(body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.deepEqual(r.body, { HttpStatusCode: 400, Message: message, FlinksCode: 'INVALID_REQUEST' });
    }
    await fc.assert(fc.asyncProperty(fc.dictionary(fc.constantFrom('MerchantName', 'descriptionpattern', 'Category', 'SUBCATEGORY', 'LoginId', 'Other'), fc.oneof(fc.string({ maxLength: 30 }), fc.integer(), fc.constant(null), fc.boolean())), async (body) => {
      const r = await post(body);
      assert.ok(r.status === 200 || r.status === 400, `${r.status} ${r.text}`);
      if (r.status === 200) assert.equal((await call(rulesUrl(CID, `/${r.body.Rule.RuleId}`), { method: 'DELETE' })).status, 200);
    }), { numRuns: 40 });
    assert.equal(await count(), n);
    assert.equal((await call(rulesUrl(CID, '/not-a-guid'), { method: 'DELETE' })).status, 404);
  });
});
