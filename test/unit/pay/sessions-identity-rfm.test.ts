/**
 * Name matching (userDetails.nameMatch), the simulated Interac request for
 * money's transitions, the GEFT webhook signature and the PAD text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { nameMatchScore, namesMatch, words } from '../../../src/pay/identity.ts';
import { nextStep, paymentStatusOf, type Rfm } from '../../../src/pay/etransfer/rfm.ts';
import { geftSignature, signHeaders, statusEventBody, verifyGeftSignature } from '../../../src/pay/sessions/webhooks.ts';
import { padText } from '../../../src/pay/sessions/pad.ts';

const john = { firstName: 'John', lastName: 'Doe' };

test('names: the same person however the bank prints the name', () => {
  for (const holder of ['John Doe', 'DOE JOHN', 'Doe, John', 'John A. Doe', 'JOHN  DOE']) assert.equal(nameMatchScore(john, holder), 100, holder);
  assert.equal(nameMatchScore({ firstName: 'Amélie', lastName: "O'Neil-Côté" }, 'AMELIE ONEILCOTE'), 100);
  assert.deepEqual(words('  Ève  d’Arc '), ['eve', 'd', 'arc']);
});

test('names: a typo costs a few points, another person most of them', () => {
  const typo = nameMatchScore(john, 'Jon Doe');
  assert.ok(typo >= 80 && typo < 100 && namesMatch(typo), String(typo));
  const other = nameMatchScore(john, 'Robert Smith');
  assert.ok(other < 40 && !namesMatch(other), String(other));
  assert.equal(nameMatchScore(john, ''), 0);
});

const t0 = new Date('2026-05-01T12:00:00Z');
const later = (min: number) => new Date(t0.getTime() + min * 60_000);
const rfm = (over: Partial<Rfm> = {}): Rfm => ({ status: 'Sent', sentAt: t0, expiresAt: later(60 * 24 * 30), action: null, actionAt: null, holderName: null, processedAt: null, ...over });
const policy = { settlementMs: 24 * 3_600_000, payorName: john };

test('Interac: nothing happens until the payor acts or the request expires', () => {
  assert.equal(nextStep(rfm(), later(5), policy), null);
  assert.equal(nextStep(rfm({ action: 'accept', actionAt: later(10) }), later(5), policy), null, 'an action in the future is not due');
  assert.equal(nextStep(rfm(), later(60 * 24 * 30), policy)!.status, 'Expired');
});

test('Interac: accept -> Accepted -> Processed -> Settled after the settlement delay', () => {
  assert.equal(nextStep(rfm({ action: 'accept', actionAt: later(1) }), later(1), policy)!.status, 'Accepted');
  assert.equal(nextStep(rfm({ status: 'Accepted' }), later(2), policy)!.status, 'Processed');
  assert.equal(nextStep(rfm({ status: 'Processed', processedAt: later(2) }), later(60), policy), null);
  assert.equal(nextStep(rfm({ status: 'Processed', processedAt: later(2) }), later(2 + 60 * 24), policy)!.status, 'Settled');
  for (const s of ['Settled', 'Declined', 'Expired', 'Cancelled', 'Failed'] as const) assert.equal(nextStep(rfm({ status: s }), later(1e6), policy), null, s);
});

test('Interac: decline, expire on demand, a holder name that is not the payor fails', () => {
  assert.equal(nextStep(rfm({ action: 'decline', actionAt: t0 }), t0, policy)!.status, 'Declined');
  assert.equal(nextStep(rfm({ action: 'expire', actionAt: t0, expiresAt: t0 }), t0, policy)!.status, 'Expired');
  assert.equal(nextStep(rfm({ action: 'accept', actionAt: t0, holderName: 'Robert Smith' }), t0, policy)!.status, 'Failed');
  assert.equal(nextStep(rfm({ action: 'accept', actionAt: t0, holderName: 'DOE JOHN' }), t0, policy)!.status, 'Accepted');
});

test('Interac: an acceptance after the expiry comes too late', () => {
  const r = rfm({ expiresAt: later(30), action: 'accept', actionAt: later(45) });
  assert.equal(nextStep(r, later(50), policy)!.status, 'Expired');
});

test('Interac statuses map onto payment request statuses (Sent is Processing)', () => {
  assert.equal(paymentStatusOf('Sent'), 'Processing');
  assert.equal(paymentStatusOf('Settled'), 'Settled');
});

test('GEFT webhook signature: sha256= and the uppercase hex HMAC-SHA256 of the raw body', () => {
  const body = JSON.stringify(statusEventBody({ sessionId: 's', referenceId: 'r', amountCents: 12345, status: 'Completed', statusDetails: 'EFT0301', when: t0 }));
  const expected = createHmac('sha256', 'whsec').update(Buffer.from(body, 'utf8')).digest('hex').toUpperCase();
  assert.equal(geftSignature('whsec', body), `sha256=${expected}`);
  assert.deepEqual(signHeaders('whsec', body), { 'X-Webhook-Signature': `sha256=${expected}` });
  assert.ok(verifyGeftSignature('whsec', body, `sha256=${expected.toLowerCase()}`), 'hex compared without case');
  assert.ok(verifyGeftSignature('whsec', Buffer.from(body), ` SHA256=${expected} `));
  assert.ok(!verifyGeftSignature('other', body, `sha256=${expected}`));
  assert.ok(!verifyGeftSignature('whsec', body + ' ', `sha256=${expected}`));
  assert.ok(!verifyGeftSignature('whsec', body, expected), 'the sha256= prefix is part of the header');
  assert.ok(!verifyGeftSignature('whsec', body, undefined));
  assert.deepEqual(JSON.parse(body), { eventType: 'SessionSetupStatusChanged', when: '2026-05-01T12:00:00.000Z', sessionId: 's', referenceId: 'r', amount: 123.45, status: 'Completed', statusDetails: 'EFT0301' });
});

test('PAD text: both languages name the payee, payor, account and amount; the signature once signed', () => {
  const terms = { padId: 'pad-1', payeeName: 'Acme', payorName: 'John Doe', accountLabel: 'Chequing (****1234)', institutionCode: '777', transitNumber: '77777', amountCents: 1234_56, referenceId: 'R1' };
  const en = padText({ ...terms, language: 'en' }).join('\n');
  assert.match(en, /Acme/);
  assert.match(en, /John Doe/);
  assert.match(en, /\$1234\.56/);
  assert.match(en, /777-77777/);
  const fr = padText({ ...terms, language: 'fr', signedBy: 'John Doe', signedAt: t0 }).join('\n');
  assert.match(fr, /1234,56 \$/);
  assert.match(fr, /Signé par John Doe/);
});
