/**
 * The Pay hosted app (/pay/app/?sessionId=) in headless chromium, embedded in a
 * parent page on another origin that records every postMessage: the sandbox
 * scenarios Happy1 (a guaranteed payment, from consent to the signed PAD) and
 * Unhappy1 (no guarantee), with the bank connection made through the real
 * Connect widget framed inside the app. Screenshots: test-results/screenshots/<test>/.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, FrameLocator } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.ts';
import { ensureWidgetBuilt } from '../../web/widget/build.mjs';
import { ensurePayAppBuilt } from '../../web/pay-app/build.mjs';
import { PayClient, happyBody } from '../integration/pay/sessions-client.ts';
import { launchChromium, openWidget, startParent, type Session } from './harness.ts';

let t: TestApp;
let pay: PayClient;
let browser: Browser;
let parent: Awaited<ReturnType<typeof startParent>>;

before(async () => {
  ensureWidgetBuilt();
  ensurePayAppBuilt();
  browser = await launchChromium();
  [t, parent] = await Promise.all([startTestApp(), startParent()]);
  pay = new PayClient(t.url);
  await pay.authorize();
});
after(async () => {
  await browser?.close();
  await parent?.close();
  await t?.stop();
});

const open = (test: string, sessionId: string, viewport?: { width: number; height: number }) =>
  openWidget(browser, { test, widgetBase: t.url, parentOrigin: parent.origin, path: '/pay/app/', params: { sessionId }, viewport });

const heading = (s: Session, name: string | RegExp) => s.frame.getByRole('heading', { level: 1, name }).waitFor({ timeout: 20_000 });

/** The Connect widget framed inside the hosted app. */
const bank = (s: Session): FrameLocator => s.frame.frameLocator('iframe.bank-frame');

/** The payor picks Flinks Capital and logs in, in the Connect widget inside the app. */
async function logInToBank(s: Session, username: string): Promise<void> {
  const b = bank(s);
  await b.getByRole('button', { name: /Flinks Capital/ }).click({ timeout: 20_000 });
  await b.getByLabel(/^Username$/).fill(username);
  await b.getByLabel(/^Password$/).fill('Everyday');
  await s.shot('bank-login');
  await b.getByRole('button', { name: 'Connect' }).click();
}

const noHorizontalScroll = (s: Session) => s.inFrame(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

describe('Pay hosted app', () => {
  test('Happy1: consent, bank, account, locked amount, guarantee, review, PAD, done — events in order', async () => {
    const id = await pay.createOk(happyBody());
    const s = await open('pay-happy1', id);
    try {
      await heading(s, 'Pay Sandbox (toolbox) from your bank account');
      await s.shot('consent');
      await s.frame.getByRole('button', { name: 'Agree and continue' }).click();
      await heading(s, 'Connect your bank');
      await s.frame.getByText('Sandbox: log in to Flinks Capital with username Happy1 and password Everyday.').waitFor();
      await s.shot('bank');
      await logInToBank(s, 'Happy1');
      await heading(s, 'Choose the account to pay from');
      await s.frame.getByRole('radio', { name: /Chequing/ }).check();
      await s.shot('accounts');
      await s.frame.getByRole('button', { name: 'Continue' }).click();
      await heading(s, 'Payment amount');
      await s.frame.getByText('$100.00').waitFor();
      await s.shot('amount-locked');
      await s.frame.getByRole('button', { name: 'Continue' }).click();
      await heading(s, 'Your payment is guaranteed');
      await s.shot('guarantee');
      await s.frame.getByRole('button', { name: 'Continue with $100.00' }).click();
      await heading(s, 'Review your payment');
      await s.shot('review');
      await s.frame.getByRole('button', { name: 'Confirm' }).click();
      await heading(s, 'Sign the pre-authorized debit agreement');
      await s.frame.getByRole('region', { name: 'Pre-authorized debit agreement' }).getByText(/I authorize Sandbox \(toolbox\)/).waitFor();
      // Signing without agreeing or without a name is refused on the spot.
      await s.frame.getByRole('button', { name: 'Sign and pay' }).click();
      await s.frame.getByText('Check the box to agree to the debit.').waitFor();
      await s.frame.getByText('Type your full name to sign.', { exact: true }).waitFor();
      await s.shot('pad-errors');
      await s.frame.getByLabel('I have read the agreement and authorize this debit').check();
      await s.frame.getByLabel('Type your full name to sign').fill('John Doe');
      await s.shot('pad');
      await s.frame.getByRole('button', { name: 'Sign and pay' }).click();
      await heading(s, 'Payment scheduled');
      await s.waitFor('SUCCESS');
      await s.shot('done');

      assert.deepEqual(s.steps(), [
        'APP_MOUNTED', 'INSTITUTION_SELECTED', 'SUBMIT_CREDENTIAL', 'ACCOUNT_SELECTED', 'COMPONENT_DEPOSIT_CONTINUE', 'GUARANTEE_OFFERED', 'COMPONENT_PAD_DOWNLOADED', 'SUCCESS',
      ]);
      const e = s.events;
      assert.ok(e.every((x) => x.sessionId === id), 'every event names the session');
      assert.equal(e.find((x) => x.step === 'INSTITUTION_SELECTED')!.institution, 'FlinksCapital');
      assert.deepEqual(e.find((x) => x.step === 'GUARANTEE_OFFERED'), { step: 'GUARANTEE_OFFERED', sessionId: id, amount: 100, requestedAmount: 100, nextBestOffer: false });
      assert.ok(s.origins.every((o) => o === new URL(t.url).origin), 'events come from the app’s origin');
      const all = JSON.stringify(s.raw);
      const accountNumber = (await t.app.platform.db.query<{ account_number: string }>('select a.account_number from pay_sessions s join connect_accounts a on a.id = s.account_id where s.id = $1', [id]))[0]?.account_number;
      assert.ok(!all.includes('Everyday') && !all.includes(accountNumber!), 'no password and no account number in any event');

      const status = await pay.status(id);
      assert.deepEqual(status.body, { sessionId: id, referenceId: 'Happy1', amount: 100, status: 'Completed', statusDetails: 'EFT0301' });
      const details = await pay.details(id);
      assert.equal(details.body.step.current, 'Complete');
      assert.equal(details.body.guaranteeDetails.guaranteeAccepted, true);
      assert.match(details.body.payor.account.accountLabel, /^Chequing \(\*\*\*\*\d{4}\)$/);
    } finally {
      await s.close();
    }
  });

  test('Unhappy1: no guarantee — GUARANTEE_FAILED and Failed/EFT0402; at 320 px, in French', async () => {
    const id = await pay.createOk(happyBody({
      referenceId: 'Unhappy1',
      amount: undefined,
      options: { guarantee: { enable: true }, notificationPreferences: { language: 'FR' } },
      payor: { firstName: 'Joe', lastName: 'Fails', email: 'joe@example.com' },
    }));
    const s = await open('pay-unhappy1', id, { width: 320, height: 720 });
    try {
      await heading(s, 'Connectez votre banque');
      assert.ok(s.steps().includes('CONSENT_DISABLED'), 'no consent screen: CONSENT_DISABLED');
      await s.shot('bank-fr-320');
      assert.ok(await noHorizontalScroll(s), 'no horizontal scrolling at 320 px');
      const b = bank(s);
      await b.getByRole('button', { name: /Flinks Capital/ }).click({ timeout: 20_000 });
      await b.getByLabel(/^Nom d’utilisateur$/).fill('Unhappy1');
      await b.getByLabel(/^Mot de passe$/).fill('Everyday');
      await b.getByRole('button', { name: /Connexion|Se connecter|Connecter/ }).click();
      await heading(s, 'Choisissez le compte à débiter');
      await s.frame.getByRole('radio', { name: /Chequing/ }).check();
      await s.shot('accounts-fr-320');
      await s.frame.getByRole('button', { name: 'Continuer' }).click();
      await heading(s, 'Montant du paiement');
      const amount = s.frame.getByLabel('Montant en dollars canadiens');
      await amount.fill('0');
      await s.frame.getByRole('button', { name: 'Continuer' }).click();
      await s.frame.getByText(/^Entrez un montant entre/).waitFor();
      await s.shot('amount-invalid-fr-320');
      await amount.fill('150,00');
      await s.frame.getByRole('button', { name: 'Continuer' }).click();
      await heading(s, 'Nous n’avons pas pu faire votre paiement');
      await s.waitFor('GUARANTEE_FAILED');
      await s.shot('failed-fr-320');
      assert.ok(await noHorizontalScroll(s), 'no horizontal scrolling at 320 px');
      await s.frame.getByRole('button', { name: 'Utiliser un autre mode de paiement' }).click();
      await s.waitFor('COMPONENT_OTHER_FUNDING_OPTIONS_SELECTED');

      assert.deepEqual(s.steps(), [
        'APP_MOUNTED', 'CONSENT_DISABLED', 'INSTITUTION_SELECTED', 'SUBMIT_CREDENTIAL', 'ACCOUNT_SELECTED', 'COMPONENT_DEPOSIT_CONTINUE', 'GUARANTEE_FAILED', 'COMPONENT_OTHER_FUNDING_OPTIONS_SELECTED',
      ]);
      const status = await pay.status(id);
      assert.deepEqual(status.body, { sessionId: id, referenceId: 'Unhappy1', amount: 150, status: 'Failed', statusDetails: 'EFT0402' });
      const details = await pay.details(id);
      assert.equal(details.body.guaranteeDetails.guaranteeOffered, false);
      assert.equal(details.body.guaranteeDetails.userRiskLevel, 'High');
    } finally {
      await s.close();
    }
  });

  test('e-Transfer V1: review, send the Interac request, the payor accepts at the bank: SUCCESS', async () => {
    const created = await pay.post('/pay/api/v1/sessions/initiate', { referenceId: 'INV-77', amount: 45.5, customerName: 'Jane Public', customerEmail: 'jane@example.com' });
    const requestId = (await pay.post('/pay/api/v1/paymentrequests', { sessionId: created.body.sessionId })).body.requestId;
    const s = await open('pay-etransfer', created.body.sessionId);
    try {
      await heading(s, 'Request money with Interac e‑Transfer');
      await s.shot('review');
      await s.frame.getByRole('button', { name: 'Send me the request' }).click();
      await heading(s, 'Check your bank');
      await s.shot('sent');
      await pay.post(`/pay/api/v1/sandbox/paymentrequests/${requestId}/accept`, {});
      await heading(s, 'Payment received');
      await s.waitFor('SUCCESS');
      await s.shot('accepted');
      assert.deepEqual(s.steps(), ['APP_MOUNTED', 'APP_INITIATED', 'CONFIRMATION', 'SUCCESS']);
      assert.equal(s.events.find((e) => e.step === 'SUCCESS')!.paymentRequestId, requestId);
    } finally {
      await s.close();
    }
  });
});
