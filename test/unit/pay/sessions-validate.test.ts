/**
 * Session creation bodies (docs.flinks.com/api/pay/endpoints/geft/sessions-initiate, e-transfer): every field and limit, each
 * refusal naming its field; tolerant keys and values; and a property test that
 * no body whatever makes the parser fail any other way than a FieldError.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FieldError, parseCreateV1, parseCreateV2, splitName } from '../../../src/pay/sessions/validate.ts';

const base = () => ({
  referenceId: 'REF-1',
  type: 'EFT',
  direction: 'DEBIT',
  currency: 'CAD',
  amount: 100,
  options: { guarantee: { enable: true } },
  payor: { firstName: 'John', lastName: 'Doe' },
});

function refuses(body: unknown, field: string, reason?: RegExp): void {
  let caught: unknown = null;
  try {
    parseCreateV2(body);
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof FieldError, `expected a FieldError on ${field}, got ${String(caught)}`);
  assert.equal(caught.field, field, `field of ${caught.message}`);
  if (reason) assert.match(caught.reason, reason);
}

/** body with `path` set to `value` (undefined deletes). */
function withField(path: string, value: unknown): Record<string, unknown> {
  const b: Record<string, any> = structuredClone(base());
  const keys = path.split('.');
  let o = b;
  for (const k of keys.slice(0, -1)) o = o[k] ??= {};
  if (value === undefined) delete o[keys[keys.length - 1]!];
  else o[keys[keys.length - 1]!] = value;
  return b;
}

test('a GEFT body parses to cents, defaults and the kind', () => {
  const r = parseCreateV2(base());
  assert.equal(r.type, 'EFT');
  assert.equal(r.guarantee, true);
  assert.equal(r.amountCents, 100_00);
  assert.equal(r.amountModification, false, 'a given amount is locked unless amountModification says otherwise');
  assert.equal(r.minimumCents, 1_00);
  assert.equal(r.maximumCents, 10_000_00);
  assert.equal(r.language, null);
  assert.equal(r.showConsentScreen, false);
  assert.deepEqual(r.redirect, { mode: 'JsEvents', urlSuccess: null, urlExit: null });
  assert.equal(r.payeeAccount, null);
});

test('body: a JSON object', () => {
  for (const b of [null, [], 'x', 3]) refuses(b, 'body');
});

test('type (required, EFT | e-Transfer), direction (required, DEBIT), currency (CAD)', () => {
  refuses(withField('type', undefined), 'type', /required/);
  refuses(withField('type', 'ACH'), 'type', /one of/);
  refuses(withField('direction', undefined), 'direction', /required/);
  refuses(withField('direction', 'CREDIT'), 'direction');
  refuses(withField('currency', 'USD'), 'currency');
  assert.equal(parseCreateV2(withField('currency', undefined)).currency, 'CAD');
  assert.equal(parseCreateV2({ ...base(), type: 'eft', direction: 'debit', currency: 'cad' }).type, 'EFT', 'enum values without case');
});

test('referenceId: at most 100 characters', () => {
  assert.equal(parseCreateV2(withField('referenceId', 'x'.repeat(100))).referenceId, 'x'.repeat(100));
  refuses(withField('referenceId', 'x'.repeat(101)), 'referenceId', /at most 100/);
  assert.equal(parseCreateV2(withField('referenceId', undefined)).referenceId, null);
});

test('amount: 0.01 to 99,999.99, a multiple of 0.01; numeric strings accepted', () => {
  assert.equal(parseCreateV2({ ...withField('amount', 0.01), options: { guarantee: { enable: true }, limits: { minimumAmount: 0.01 } } }).amountCents, 1);
  assert.equal(parseCreateV2({ ...withField('amount', 99999.99), options: { guarantee: { enable: true }, limits: { maximumAmount: 99999.99 } } }).amountCents, 99_999_99);
  for (const bad of [0, 0.001, -5, 100000, 12.345, 'abc', true, {}]) refuses(withField('amount', bad), 'amount');
  assert.equal(parseCreateV2(withField('amount', '250.50')).amountCents, 250_50);
  assert.equal(parseCreateV2(withField('amount', 0.29)).amountCents, 29, 'floating point: 0.29 is 29 cents');
  const open = parseCreateV2(withField('amount', undefined));
  assert.equal(open.amountCents, null);
  assert.equal(open.amountModification, true, 'no amount: the payor enters it');
});

test('options.limits: amounts, minimum ≤ maximum; a modifiable amount inside them', () => {
  const r = parseCreateV2({ ...withField('amount', undefined), options: { limits: { minimumAmount: 50, maximumAmount: 500 } } });
  assert.deepEqual([r.minimumCents, r.maximumCents], [50_00, 500_00]);
  refuses({ ...base(), options: { limits: { minimumAmount: 600, maximumAmount: 500 } } }, 'options.limits', /minimumAmount/);
  refuses({ ...base(), options: { limits: { minimumAmount: 'x' } } }, 'options.limits.minimumAmount');
  refuses({ ...base(), amount: 20, options: { amountModification: true, limits: { minimumAmount: 50 } } }, 'amount', /limits/);
  assert.equal(parseCreateV2({ ...base(), amount: 20, options: { limits: { minimumAmount: 50 } } }).amountCents, 20_00, 'a locked amount is the client’s own');
});

test('options: guarantee.enable, language EN | FR, showConsentScreen, sendInteracLink (e-Transfer only), booleans as strings', () => {
  assert.equal(parseCreateV2({ ...base(), options: { guarantee: { enable: 'false' } } }).guarantee, false);
  refuses({ ...base(), options: { guarantee: { enable: 'maybe' } } }, 'options.guarantee.enable');
  refuses({ ...base(), options: { guarantee: 'yes' } }, 'options.guarantee', /object/);
  assert.equal(parseCreateV2({ ...base(), options: { notificationPreferences: { language: 'fr' } } }).language, 'FR');
  refuses({ ...base(), options: { notificationPreferences: { language: 'ES' } } }, 'options.notificationPreferences.language');
  assert.equal(parseCreateV2({ ...base(), options: { showConsentScreen: true } }).showConsentScreen, true);
  assert.equal(parseCreateV2({ ...base(), options: { notificationPreferences: { sendInteracLink: true } } }).sendInteracLink, false, 'ignored outside e-Transfer');
  refuses({ ...base(), options: 'x' }, 'options');
});

test('options.redirectPreferences: mode JsEvents | Redirect, http(s) URLs, urlSuccess required to redirect', () => {
  const r = parseCreateV2({ ...base(), options: { redirectPreferences: { mode: 'Redirect', urlSuccess: 'https://shop.example/ok', urlExit: 'https://shop.example/exit' } } });
  assert.deepEqual(r.redirect, { mode: 'Redirect', urlSuccess: 'https://shop.example/ok', urlExit: 'https://shop.example/exit' });
  refuses({ ...base(), options: { redirectPreferences: { mode: 'Popup' } } }, 'options.redirectPreferences.mode');
  refuses({ ...base(), options: { redirectPreferences: { urlSuccess: 'javascript:alert(1)' } } }, 'options.redirectPreferences.urlSuccess', /http/);
  refuses({ ...base(), options: { redirectPreferences: { mode: 'Redirect' } } }, 'options.redirectPreferences.urlSuccess', /required/);
});

test('payor: required; first and last names required, at most 100; email, phone, date of birth, address formats', () => {
  refuses(withField('payor', undefined), 'payor', /required/);
  refuses(withField('payor', 'John'), 'payor', /object/);
  refuses(withField('payor.firstName', undefined), 'payor.firstName', /required/);
  refuses(withField('payor.firstName', '   '), 'payor.firstName', /required/);
  refuses(withField('payor.lastName', 'x'.repeat(101)), 'payor.lastName', /at most 100/);
  assert.equal(parseCreateV2(withField('payor.lastName', 'x'.repeat(100))).payor.lastName.length, 100);
  refuses(withField('payor.middleName', 'x'.repeat(101)), 'payor.middleName');
  refuses(withField('payor.email', 'not-an-email'), 'payor.email', /email/);
  refuses(withField('payor.email', `${'x'.repeat(96)}@a.ca`), 'payor.email', /at most 100/);
  assert.equal(parseCreateV2(withField('payor.email', `${'x'.repeat(95)}@a.ca`)).payor.email!.length, 100);
  assert.equal(parseCreateV2(withField('payor.phone', '514555010012345')).payor.phone, '514555010012345');
  refuses(withField('payor.phone', '5145550100123456'), 'payor.phone', /15 digits/);
  refuses(withField('payor.phone', '+1 514-555-0100'), 'payor.phone', /without symbols/);
  refuses(withField('payor.dateOfBirth', '1990-02-30'), 'payor.dateOfBirth', /YYYY-MM-DD/);
  assert.equal(parseCreateV2(withField('payor.dateOfBirth', '1990-02-28')).payor.dateOfBirth, '1990-02-28');
  const a = parseCreateV2(withField('payor.address', { addressLine1: '123 Front Avenue', city: 'Toronto', postalCode: 'h2eh2e', province: 'on', country: 'ca' })).payor.address!;
  assert.deepEqual([a.postalCode, a.province, a.country], ['H2EH2E', 'ON', 'CA']);
  refuses(withField('payor.address', { postalCode: 'H2E 2E2' }), 'payor.address.postalCode', /without spaces/);
  refuses(withField('payor.address', { postalCode: 'H2E2E' }), 'payor.address.postalCode');
  refuses(withField('payor.address', { province: 'Ont' }), 'payor.address.province', /2 letters/);
  refuses(withField('payor.address', { country: 'CAN' }), 'payor.address.country');
  refuses(withField('payor.address', { addressLine1: 'x'.repeat(101) }), 'payor.address.addressLine1');
});

test('payee.account: 3-digit institution, 5-digit transit, 7-12 digit account, all required; not for regular EFT', () => {
  const acct = { institutionCode: '999', transitNumber: '60265', accountNumber: '9876541' };
  assert.deepEqual(parseCreateV2({ ...base(), payee: { account: acct } }).payeeAccount, { ...acct, accountLabel: null });
  refuses({ ...base(), payee: { account: { ...acct, institutionCode: '99' } } }, 'payee.account.institutionCode', /3 digits/);
  refuses({ ...base(), payee: { account: { ...acct, transitNumber: '6026a' } } }, 'payee.account.transitNumber', /5 digits/);
  refuses({ ...base(), payee: { account: { ...acct, accountNumber: '123456' } } }, 'payee.account.accountNumber', /7 to 12/);
  refuses({ ...base(), payee: { account: { ...acct, accountNumber: '1234567890123' } } }, 'payee.account.accountNumber');
  refuses({ ...base(), payee: { account: { institutionCode: '999' } } }, 'payee.account.transitNumber', /required/);
  refuses({ ...base(), payee: { account: { ...acct, accountLabel: 'x'.repeat(101) } } }, 'payee.account.accountLabel');
  refuses({ ...base(), options: { guarantee: { enable: false } }, payee: { account: acct } }, 'payee', /regular EFT/);
});

test('e-Transfer V2: amount and payor email required, no guarantee, sendInteracLink kept', () => {
  const b = { ...base(), type: 'e-Transfer', options: { notificationPreferences: { sendInteracLink: true } }, payor: { firstName: 'John', lastName: 'Smith', email: 'john.smith@example.com' } };
  const r = parseCreateV2(b);
  assert.equal(r.type, 'e-Transfer');
  assert.equal(r.sendInteracLink, true);
  assert.equal(r.guarantee, false);
  refuses({ ...b, amount: undefined }, 'amount', /required/);
  refuses({ ...b, payor: { firstName: 'John', lastName: 'Smith' } }, 'payor.email', /required/);
  refuses({ ...b, options: { guarantee: { enable: true } } }, 'options.guarantee.enable', /e-Transfer/);
});

test('keys match without case, as ASP.NET binds them', () => {
  const r = parseCreateV2({ ReferenceId: 'A', Type: 'EFT', DIRECTION: 'DEBIT', Amount: '5', Options: { Guarantee: { Enable: 'true' } }, Payor: { FirstName: 'Jo', last_name: 'Do' } });
  assert.deepEqual([r.referenceId, r.amountCents, r.guarantee, r.payor.firstName, r.payor.lastName], ['A', 5_00, true, 'Jo', 'Do']);
});

test('e-Transfer V1: referenceId (optional for sendrequest), amount, customerName, customerEmail required; clientURIs URLs', () => {
  const v1 = { referenceId: 'User1234', amount: 45.5, customerName: 'Jane Q Public', customerEmail: 'jane@example.com', clientURIs: { success: 'https://a.example/ok' } };
  const r = parseCreateV1(v1, { referenceOptional: false });
  assert.deepEqual([r.referenceId, r.amountCents, r.customerName, r.clientUris?.success], ['User1234', 45_50, 'Jane Q Public', 'https://a.example/ok']);
  for (const f of ['referenceId', 'amount', 'customerName', 'customerEmail']) {
    const b: Record<string, unknown> = { ...v1 };
    delete b[f];
    assert.throws(() => parseCreateV1(b, { referenceOptional: false }), (e: unknown) => e instanceof FieldError && e.field === f);
  }
  assert.equal(parseCreateV1({ ...v1, referenceId: undefined }, { referenceOptional: true }).referenceId, null);
  assert.throws(() => parseCreateV1({ ...v1, customerEmail: 'nope' }, { referenceOptional: false }), /customerEmail/);
  assert.throws(() => parseCreateV1({ ...v1, clientURIs: { success: 'ftp://x' } }, { referenceOptional: false }), /clientURIs.success/);
  assert.deepEqual(parseCreateV1({ ...v1, clientURIs: undefined, clientUrls: { exit: 'https://b.example/' } }, { referenceOptional: true }).clientUris, { exit: 'https://b.example/' });
  assert.deepEqual(splitName('Jane Q Public'), { firstName: 'Jane Q', lastName: 'Public' });
  assert.deepEqual(splitName('Cher'), { firstName: 'Cher', lastName: 'Cher' });
});

test('property: any JSON body either parses or is refused with a FieldError naming a field', () => {
  const json = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, fc.constant(null), fc.boolean(), fc.double(), fc.integer(), fc.string(), fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 12 }), tie('value'), { maxKeys: 5 })),
  })).value;
  const fields = fc.record({
    referenceId: json, type: fc.oneof(fc.constantFrom('EFT', 'e-Transfer', 'eft'), json), direction: fc.oneof(fc.constant('DEBIT'), json), amount: json, currency: json,
    options: fc.oneof(json, fc.record({ guarantee: json, limits: json, notificationPreferences: json, redirectPreferences: json, showConsentScreen: json })),
    payor: fc.oneof(json, fc.record({ firstName: json, lastName: json, email: json, phone: json, address: json, dateOfBirth: json })), payee: json,
  }, { requiredKeys: [] });
  fc.assert(fc.property(fc.oneof(json, fields), (body) => {
    try {
      const r = parseCreateV2(body);
      assert.ok(r.payor.firstName.length > 0 && r.payor.firstName.length <= 100);
      assert.ok(r.amountCents === null || (Number.isInteger(r.amountCents) && r.amountCents >= 1 && r.amountCents <= 99_999_99));
    } catch (e) {
      assert.ok(e instanceof FieldError, `unexpected ${String(e)}`);
      assert.ok(e.field.length > 0);
    }
  }), { numRuns: 1000 });
});
