/**
 * The NUL character cannot be stored by PostgreSQL: wherever a request carries one (body
 * value, body key, query, path, multipart field), every product answers a 400 in its own
 * error shape and stores nothing. CI once found this as a 500 through a random multipart body.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { call, startTestApp, type TestApp } from '../../support/app.ts';
import { CID, FlinksClient } from '../../support/flinks.ts';
import { PayClient, assertProblem, debit, SANDBOX_CREDS } from '../../support/pay.ts';
import { findNul } from '../../../src/platform/http/nul-guard.ts';

let t: TestApp;
let api: FlinksClient;

before(async () => {
  t = await startTestApp();
  api = new FlinksClient(t.url);
});
after(async () => t.stop());

function isFlinks400(r: { status: number; body: any; text: string }): void {
  assert.equal(r.status, 400, r.text);
  assert.equal(r.body.HttpStatusCode, 400);
  assert.equal(r.body.FlinksCode, 'INVALID_REQUEST');
  assert.match(r.body.Message, /NUL character/);
}

describe('findNul', () => {
  test('names the first value or key holding NUL; clean values answer null', () => {
    assert.equal(findNul({ a: [1, 'x', { b: 'y\u0000' }] }, 'body'), 'body.a[2].b');
    assert.equal(findNul({ ['k\u0000']: 1 }, 'body'), 'body (a key)');
    assert.equal(findNul('\u0000', 'query'), 'query');
    assert.equal(findNul({ a: 'x', b: [true, null, 3, { c: 'é' }] }, 'body'), null);
    assert.equal(findNul(undefined, 'body'), null);
  });

  test('a body nested 100,000 deep is walked without overflowing the stack', () => {
    let deep: unknown = 'end\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    assert.match(findNul(deep, 'body')!, /^body(\[0\])+$/);
  });

  test('property: findNul finds NUL exactly when the JSON text of a value holds an escaped one', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.option(fc.string({ unit: 'binary', maxLength: 6 }), { nil: undefined }), (value, extra) => {
        const v = extra === undefined ? value : { value, extra };
        assert.equal(findNul(v, 'body') !== null, JSON.stringify(v).includes('\\u0000'));
      }),
      { numRuns: 300 },
    );
  });
});

describe('every product refuses NUL with a 400 in its own shape', () => {
  test('/v3: in a body value, a body key and the query string', async () => {
    const value = await api.post('Authorize', { Institution: 'FlinksCapital', Username: 'greatday\u0000', Password: 'Everyday' });
    isFlinks400(value);
    assert.match(value.body.Message, /body\.Username/);
    isFlinks400(await api.post('Authorize', { ['Tag\u0000']: 'x', Institution: 'FlinksCapital', Username: 'greatday_nomfa', Password: 'Everyday' }));
    isFlinks400(await call(`${t.url}/v3/${CID}/BankingServices/Institutions?name=a%00b`));
    isFlinks400(await call(`${t.url}/v3/${CID}/BankingServices/GetAccountsSummaryAsync/a%00b`));
  });

  test('/v3 Upload API: a NUL in a transaction description', async () => {
    const r = await call(`${t.url}/v3/${CID}/insight/attributes/upload`, { method: 'POST', json: { OriginCountry: 'ca', Attributes: ['sum_credits_30_days'], Transactions: [{ Date: '2026/01/01', Description: 'PAY\u0000', Credit: 1 }] } });
    isFlinks400(r);
  });

  test('multipart upload: a NUL in the Tag field', async () => {
    const boundary = 'nulboundary';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="Tag"\r\n\r\nbad\u0000tag\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="a.csv"\r\n\r\nDate,Description,Amount\n2026-01-02,Coffee,-3.50\r\n`),
      Buffer.from(`--${boundary}--\r\n`),
    ]);
    const r = await call(`${t.url}/v3/${CID}/upload/documents`, { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body });
    isFlinks400(r);
    assert.match(r.body.Message, /"Tag"/);
  });

  test('Pay: ProblemDetails for a JSON body and a form body', async () => {
    const pay = new PayClient(t.url);
    const tx = debit('2026-01-01', { description: 'Invoice\u00001001' });
    assertProblem(await pay.post('/transactions', [tx]), 400, /NUL character/);
    const form = await call(`${t.url}/pay/api/v1/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'Basic ' + Buffer.from(`${SANDBOX_CREDS.customerId}:${SANDBOX_CREDS.secretKey}`).toString('base64') },
      body: 'grant_type=client_credentials%00',
    });
    assert.equal(form.status, 400, form.text);
  });

  test('Outbound: the FDX API and the token endpoint answer 4xx', async () => {
    const fdx = await call(`${t.url}/outbound/api/fdx/5/accounts?startTime=%00`, { headers: { authorization: 'Bearer x' } });
    assert.ok(fdx.status >= 400 && fdx.status < 500, fdx.text);
    const token = await call(`${t.url}/outbound/api/v1/token`, { method: 'POST', json: { grant_type: 'client_credentials', client_id: 'toolbox-partner\u0000', client_secret: 'x', scope: 'client:admin' } });
    assert.equal(token.status, 400, token.text);
    assert.equal(token.body.error, 'invalid_request');
    const form = await call(`${t.url}/outbound/api/v1/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials&client_id=toolbox-partner%00&client_secret=x&scope=client%3Aadmin' });
    assert.equal(form.status, 400, form.text);
    assert.equal(form.body.error, 'invalid_request');
    const authorize = await call(`${t.url}/outbound/api/v1/authorize?response_type=code&client_id=a%00&redirect_uri=https%3A%2F%2Fexample.com&scope=ACCOUNT_BASIC`);
    assert.ok(authorize.status >= 400 && authorize.status < 500, authorize.text);
  });
});
