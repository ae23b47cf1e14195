import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { signBody, verifySignature } from '../../../src/platform/webhooks/signature.ts';

// The payload of node-flinks' signature test (agmoss/node-flinks, test/lib/authenticity.test.ts):
// a GetAccountsSummary answer with ResponseType added, serialised with JSON.stringify.
const nodeFlinksPayload = {
  ResponseType: 'GetAccountsSummary',
  HttpStatusCode: 200,
  Accounts: [
    {
      TransitNumber: '77777',
      InstitutionNumber: '777',
      OverdraftLimit: 0,
      Title: 'Chequing CAD',
      AccountNumber: '1111000',
      Category: 'Operations',
      Type: 'Chequing',
      Currency: 'CAD',
      Id: 'ae1dac72-70da-4626-fed8-08d682e1ff4a',
      Holder: 'John Flinkyfoot',
      Balance: { Available: 6.04, Current: 49993.96, Limit: 5000 },
    },
  ],
  Login: {
    Username: 'Greatday',
    IsScheduledRefresh: false,
    LastRefresh: '2019-05-09T13:47:46.5227901',
    Type: 'Personal',
    Id: '5e115eac-1209-4f19-641c-08d6d484e2fe',
  },
  Institution: 'FlinksCapital',
  RequestId: '1243c283-e0ca-4fda-a5e4-343068430190',
};

test('the node-flinks vector: key "secret" over JSON.stringify of its payload', () => {
  const body = JSON.stringify(nodeFlinksPayload);
  assert.equal(signBody('secret', body), 'ojahxTBoMUfLsZyAoT67qXix1H0faUKXFTmu6V7vHeE=');
  assert.equal(verifySignature('secret', body, 'ojahxTBoMUfLsZyAoT67qXix1H0faUKXFTmu6V7vHeE='), true);
  // node-flinks' "bad signature" and "bad message" cases are rejected too.
  assert.equal(verifySignature('secret', body, 'badsignature'), false);
  assert.equal(verifySignature('secret', body.replace('a', 'e'), 'ojahxTBoMUfLsZyAoT67qXix1H0faUKXFTmu6V7vHeE='), false);
});

test('sign and verify are symmetric for any body, as string or bytes', () => {
  const body = JSON.stringify({ ResponseType: 'GetAccountsDetail', HttpStatusCode: 200, Accounts: [], Note: 'café ✓' });
  const sig = signBody('secret', body);
  assert.equal(signBody('secret', Buffer.from(body, 'utf8')), sig);
  assert.equal(verifySignature('secret', body, sig), true);
  assert.equal(verifySignature('secret', Buffer.from(body, 'utf8'), sig), true);
  assert.equal(verifySignature('secret', body, ` ${sig}\r\n`), true, 'blanks around the header value are ignored');
});

test('the signature is base64(HMAC-SHA256(secret as UTF-8, raw body bytes))', () => {
  const body = '{"ResponseType":"KYC","Name":"Zoë"}';
  const expected = createHmac('sha256', Buffer.from('s3crét', 'utf8')).update(Buffer.from(body, 'utf8')).digest('base64');
  assert.equal(signBody('s3crét', body), expected);
  assert.match(expected, /^[A-Za-z0-9+/]{43}=$/);
});

test('a wrong secret, a changed body, a truncated or empty signature do not verify', () => {
  const body = JSON.stringify({ a: 1 });
  const sig = signBody('secret', body);
  assert.equal(verifySignature('other', body, sig), false);
  assert.equal(verifySignature('secret', JSON.stringify({ a: 2 }), sig), false);
  assert.equal(verifySignature('secret', JSON.stringify({ a: 1 }, null, 2), sig), false, 're-serialised JSON is different bytes');
  assert.equal(verifySignature('secret', body, sig.slice(0, -1)), false);
  assert.equal(verifySignature('secret', body, ''), false);
  assert.equal(verifySignature('secret', body, Buffer.from(sig, 'base64').toString('hex')), false);
});
