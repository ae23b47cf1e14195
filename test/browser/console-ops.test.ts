/**
 * The console's Webhooks, Pay, Outbound and Sandbox pages in chromium, on one server: replaying a
 * webhook delivery reaches a local receiver signed with the customer's secret, a CPA-005 file
 * downloads (its first record is the 'A' header), a consent revoked after the confirmation is gone
 * from the active ones; screenshots of each page in English and French under
 * test-results/screenshots/console-ops/.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { call } from '../support/app.ts';
import { FlinksClient } from '../support/flinks.ts';
import { PayClient, debit, payToday, plusDays } from '../support/pay.ts';
import { waitFor } from '../support/wait.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { activate, createRecipient, partnerToken, userToken } from '../integration/outbound/helpers.ts';
import { verifySignature } from '../../src/platform/webhooks/index.ts';
import { CONSOLE_KEY, failWithPageState, SCREENSHOTS, signInConsole, startConsole, type ConsoleRig } from './console-harness.ts';

const DIR = 'console-ops';
const SECRET = 'console-ops-secret-01';
let c: ConsoleRig;
let receiver: Receiver;
let customer: { customerId: string; secretKey: string; apiKey: string };

const operator = (path: string, json?: unknown) => call(`${c.url}/operator/v1${path}`, { method: json === undefined ? 'GET' : 'POST', json, headers: { authorization: `Bearer ${CONSOLE_KEY}` } });

async function steps(page: Page, name: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    await failWithPageState(page, `${SCREENSHOTS}/${DIR}-${name}-failed.png`, err);
  }
}

before(async () => {
  receiver = await startReceiver();
  c = await startConsole({ WEBHOOK_RETRY_SECONDS: '1' });
  const hooks = receiver.url;
  customer = (await operator('/customers', { name: 'Maple Lending', permissive: true, webhookUrl: hooks, webhookSecret: SECRET })).body;
  // Webhooks (a login's KYC and GetAccountsDetail), a CPA-005 file, a consent.
  const flinks = new FlinksClient(c.url, customer.customerId);
  const { requestId } = await flinks.connect('Greatday');
  assert.equal((await flinks.poll('GetAccountsDetail', requestId, 60_000)).status, 200);
  const pay = new PayClient(c.url, customer);
  const today = payToday(c.t.app.platform.clock.now());
  const s = await pay.create(debit(today, { amount: 125.4, scheduleInfo: { paymentFrequency: 'OneTime', startDate: plusDays(today, 2) } }));
  await pay.signPad(s.padId);
  await pay.create(debit(today, { amount: 80, scheduleInfo: { paymentFrequency: 'Monthly', startDate: plusDays(today, 20), transactionsCount: 3 } }));
  await pay.cutoff(plusDays(today, 2));
  const partner = await partnerToken(c.url, customer.customerId, customer.secretKey);
  const recipient = await createRecipient(c.url, partner);
  await activate(c.url, partner, recipient.client_id);
  await userToken(c.url, recipient);
  await waitFor('delivered webhooks', async () => (await operator(`/webhooks/deliveries?customerId=${customer.customerId}&status=delivered`)).body.deliveries.length > 0, 60_000, 200);
});
after(async () => {
  await c?.stop();
  await receiver?.close();
});

test('replay a delivery, download a CPA-005 file, revoke a consent; every page in English and French', async () => {
  const page = await c.page();
  const q = `?customer=${customer.customerId}`;
  await steps(page, 'en', async () => {
    await signInConsole(page, c.url, CONSOLE_KEY, { path: `/console/webhooks${q}` });
    // Webhooks: open the newest delivery, see its payload, replay it.
    const first = (await operator(`/webhooks/deliveries?customerId=${customer.customerId}&status=delivered`)).body.deliveries[0];
    await page.getByRole('button', { name: new RegExp(`^Open ${first.type} `) }).first().waitFor();
    await c.shot(page, DIR, 'webhooks-en');
    await page.getByRole('button', { name: new RegExp(`^Open ${first.type} `) }).first().click();
    await page.getByRole('button', { name: 'Replay' }).waitFor();
    const shown = await page.getByLabel('Payload').innerText();
    const eventId: string = JSON.parse(shown) && (await operator(`/webhooks/deliveries?customerId=${customer.customerId}&type=${first.type}`)).body.deliveries[0].eventId;
    const before = receiver.received.filter((r) => r.headers['x-maplelink-event-id'] === eventId).length;
    await page.getByRole('button', { name: 'Replay' }).click();
    await page.getByText(/Replay scheduled/).waitFor();
    const again = await waitFor('the replay at the receiver', async () => receiver.received.filter((r) => r.headers['x-maplelink-event-id'] === eventId)[before], 30_000, 100);
    assert.ok(verifySignature(SECRET, again.body, String(again.headers['x-flinks-signature'])), 'the replay is signed with the customer secret');
    assert.deepEqual(JSON.parse(again.body), JSON.parse(shown), 'the payload shown is what is sent');
    await page.getByRole('cell', { name: '2', exact: true }).first().waitFor();
    await c.shot(page, DIR, 'webhook-event-en');

    // Pay: the file downloads as itself.
    await page.goto(`${c.url}/console/pay${q}`);
    const dl = page.getByRole('link', { name: /^Download file \d+$/ }).first();
    await dl.waitFor();
    await c.shot(page, DIR, 'pay-en');
    const [download] = await Promise.all([page.waitForEvent('download'), dl.click()]);
    assert.match(download.suggestedFilename(), /\.txt$/);
    const text = readFileSync((await download.path())!, 'latin1');
    assert.equal(text[0], 'A', "a CPA-005 file's first record is its header");
    assert.equal(text.split(/\r?\n/)[0]!.length, 1464);

    // Outbound: revoke after the confirmation; the consent leaves the active ones.
    await page.goto(`${c.url}/console/outbound${q}`);
    const revoke = page.getByRole('button', { name: /^Revoke the consent of Budget Buddy/ });
    await revoke.waitFor();
    await c.shot(page, DIR, 'outbound-en');
    await revoke.click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke consent' }).waitFor();
    await c.shot(page, DIR, 'outbound-revoke-en', { viewport: true });
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke consent' }).click();
    await page.getByText('Consent revoked.').waitFor();
    assert.equal(await revoke.count(), 0, 'no active consent left to revoke');
    assert.deepEqual((await operator(`/customers/${customer.customerId}/outbound/consents?status=active`)).body.consents, []);

    await page.goto(`${c.url}/console/sandbox${q}`);
    await page.getByRole('button', { name: 'Advance the clock' }).waitFor();
    await c.shot(page, DIR, 'sandbox-en');
  });

  const fr = await c.page({ lang: 'fr' });
  await steps(fr, 'fr', async () => {
    await signInConsole(fr, c.url, CONSOLE_KEY, { path: `/console/webhooks${q}&lang=fr` });
    await fr.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
    await fr.getByRole('table').getByText('Livré').first().waitFor();
    await c.shot(fr, DIR, 'webhooks-fr');
    await fr.goto(`${c.url}/console/pay${q}&lang=fr`);
    await fr.getByRole('link', { name: /^Télécharger le fichier \d+$/ }).first().waitFor();
    await c.shot(fr, DIR, 'pay-fr');
    await fr.goto(`${c.url}/console/outbound${q}&lang=fr`);
    await fr.getByRole('table').getByText('Révoqué').first().waitFor();
    await c.shot(fr, DIR, 'outbound-fr');
    await fr.goto(`${c.url}/console/sandbox${q}&lang=fr`);
    await fr.getByRole('button', { name: "Avancer l'horloge" }).waitFor();
    await c.shot(fr, DIR, 'sandbox-fr');
  });
});
