/**
 * The Connect widget with an FDX provider as the institution, in chromium, with
 * two Maplelink processes: the widget (framed in the application's page) opens
 * the provider's consent pages in a pop-up; the pop-up hands the answer back and
 * closes, and the widget finishes the session in its frame (its events reach the
 * application) and redirects to the application with a LoginId whose data is the
 * provider's. Without a frame, the provider's pages take the widget's own window.
 * Screenshots: test-results/screenshots/outbound-fdx-widget*.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { call, startTestApp, type TestApp } from '../support/app.ts';
import { FlinksClient, CID, answerFor } from '../support/flinks.ts';
import { SANDBOX_TENANT } from '../../src/platform/tenants.ts';
import { ensureWidgetBuilt } from '../../web/widget/build.mjs';
import { failWithPageState, launchChromium, openWidget, pending, startParent } from './harness.ts';
import { activate, createRecipient, partnerToken } from '../integration/outbound/helpers.ts';

let provider: TestApp;
let consumer: TestApp;
let browser: Browser;
let parent: Awaited<ReturnType<typeof startParent>>;

before(async () => {
  ensureWidgetBuilt();
  browser = await launchChromium();
  [provider, consumer, parent] = await Promise.all([startTestApp(), startTestApp(), startParent()]);
  const partner = await partnerToken(provider.url);
  const recipient = await createRecipient(provider.url, partner, { name: 'Acme Lending', description: 'Loans in minutes', redirect_uris: [`${consumer.url}/v3/${CID}/BankingServices/OAuth/Callback`] });
  await activate(provider.url, partner, recipient.client_id);
  const r = await call(`${consumer.url}/v3/${CID}/settings/FdxInstitutions`, {
    headers: { 'flinks-auth-key': SANDBOX_TENANT.secretKey },
    json: { Name: 'Maple Provider Bank', Code: 'MapleProvider', Issuer: `${provider.url}/outbound`, ClientId: recipient.client_id, ClientSecret: recipient.client_secret, ProviderId: 1000 },
  });
  assert.equal(r.status, 200, r.text);
});
after(async () => {
  await browser?.close();
  await parent?.close();
  await Promise.all([provider?.stop(), consumer?.stop()]);
});

/**
 * The pop-up closing itself; if it does not, the error says where it stood (its address and text, a screenshot).
 * It may close before the click that sent it on has returned: then there is no event left to wait for.
 */
async function popUpCloses(page: Page, name: string, timeout: number): Promise<void> {
  if (page.isClosed()) return;
  try {
    await page.waitForEvent('close', { timeout });
  } catch (err) {
    await failWithPageState(page, `test-results/screenshots/outbound-fdx-widget/failed-${name}.png`, err);
  }
}

/** The provider's login and security question, up to its consent page. */
async function logInAtProvider(page: Page): Promise<void> {
  await page.getByLabel('Username').fill('Greatday');
  await page.getByLabel('Password').fill('Everyday');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Verify your identity' }).waitFor();
  const prompt = (await page.locator('form .field > label').first().innerText()).trim();
  await page.getByLabel(prompt).fill(answerFor(prompt));
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { level: 1, name: 'Share your data with Acme Lending' }).waitFor({ timeout: 20_000 });
}

describe('Connect widget with an FDX provider', () => {
  test('choose the provider → its consent pages in a pop-up → the frame finishes, with its events, and the application gets a LoginId holding the provider’s data', async () => {
    const s = await openWidget(browser, { test: 'outbound-fdx-widget', widgetBase: consumer.url, parentOrigin: parent.origin, params: { redirectUrl: `${parent.origin}/thank-you`, tag: 'fdx-42', customerName: 'Acme Lending' } });
    try {
      await s.frame.getByRole('heading', { level: 1, name: 'Connect your bank account' }).waitFor({ timeout: 15_000 });
      await s.frame.getByRole('button', { name: 'Continue' }).click();
      await s.frame.getByRole('heading', { level: 1, name: 'Select your institution' }).waitFor();
      await s.shot('institutions');
      const opened = pending(s.context.waitForEvent('page'));
      await s.frame.getByRole('button', { name: /Maple Provider Bank/ }).click();

      // The provider's pages, in a pop-up; the frame waits for them.
      const page = await opened;
      await page.waitForURL((u) => u.origin === new URL(provider.url).origin, { timeout: 15_000 });
      await page.getByRole('heading', { level: 1, name: 'Log in to Flinks Capital' }).waitFor();
      await s.frame.getByRole('heading', { level: 1, name: 'Continue in the Maple Provider Bank window' }).waitFor();
      await s.shot('waiting-for-the-pop-up');
      await page.screenshot({ path: 'test-results/screenshots/outbound-fdx-widget/pop-up-login.png' });
      assert.ok(await page.getByText('Acme Lending is asking to access your Flinks Capital accounts').isVisible());
      await s.shot('provider-login');
      await logInAtProvider(page);
      await page.screenshot({ path: 'test-results/screenshots/outbound-fdx-widget/pop-up-consent.png' });
      await page.getByRole('button', { name: 'Allow' }).click();

      // The pop-up closes itself; the frame resumes the session, posts its events and redirects the application.
      await popUpCloses(page, 'consent', 30_000);
      const redirect = await s.waitFor('REDIRECT', 1, 30_000);
      assert.equal(redirect.institution, 'MapleProvider');
      const steps = s.steps();
      assert.ok(steps.indexOf('COMPONENT_ACCEPT_PROVIDER_CONSENT') > steps.indexOf('INSTITUTION_SELECTED'), steps.join(', '));
      await s.page.waitForURL(/\/thank-you\?/, { timeout: 30_000 });
      await s.shot('back-in-application');
      const back = new URL(s.page.url());
      assert.equal(back.searchParams.get('institution'), 'MapleProvider');
      assert.equal(back.searchParams.get('tag'), 'fdx-42');
      const loginId = back.searchParams.get('loginId')!;
      assert.match(loginId, /^[0-9a-f-]{36}$/);

      const flinks = new FlinksClient(consumer.url);
      const auth = await flinks.post('Authorize', { LoginId: loginId, MostRecentCached: true });
      assert.equal(auth.status, 200, auth.text);
      const detail = await flinks.post('GetAccountsDetail', { RequestId: auth.body.RequestId, WithTransactions: true });
      const ready = detail.status === 202 ? await flinks.poll('GetAccountsDetail', auth.body.RequestId) : detail;
      assert.equal(ready.status, 200, ready.text);
      assert.ok(ready.body.Accounts.length >= 2);
      assert.ok(ready.body.Accounts.some((a: { Transactions: unknown[] }) => a.Transactions.length > 0));
    } finally {
      await s.close();
    }
  });

  test('declining in the pop-up brings the person back to the widget, which says nothing was shared', async () => {
    const s = await openWidget(browser, { test: 'outbound-fdx-widget-deny', widgetBase: consumer.url, parentOrigin: parent.origin, params: { consentEnable: 'false', redirectUrl: `${parent.origin}/thank-you` } });
    try {
      await s.frame.getByRole('heading', { level: 1, name: 'Select your institution' }).waitFor({ timeout: 15_000 });
      const opened = pending(s.context.waitForEvent('page'));
      await s.frame.getByRole('button', { name: /Maple Provider Bank/ }).click();
      const page = await opened;
      await page.getByRole('heading', { level: 1, name: 'Log in to Flinks Capital' }).waitFor({ timeout: 15_000 });
      await page.getByRole('button', { name: /Cancel and return to Acme Lending/ }).click();
      await popUpCloses(page, 'deny', 15_000);
      await s.frame.getByRole('heading', { level: 1, name: 'Nothing was shared' }).waitFor({ timeout: 15_000 });
      await s.shot('nothing-shared');
      assert.equal(s.steps().includes('COMPONENT_ACCEPT_PROVIDER_CONSENT'), false);
      await s.frame.getByRole('button', { name: 'Choose another institution' }).click();
      await s.frame.getByRole('heading', { level: 1, name: 'Select your institution' }).waitFor();
    } finally {
      await s.close();
    }
  });

  test('closing the pop-up before the end: the widget says so and offers the institutions again', async () => {
    const s = await openWidget(browser, { test: 'outbound-fdx-widget-closed', widgetBase: consumer.url, parentOrigin: parent.origin, params: { consentEnable: 'false', language: 'fr' } });
    try {
      await s.frame.getByRole('heading', { level: 1, name: 'Choisissez votre institution' }).waitFor({ timeout: 15_000 });
      const opened = pending(s.context.waitForEvent('page'));
      await s.frame.getByRole('button', { name: /Maple Provider Bank/ }).click();
      const page = await opened;
      await page.waitForURL((u) => u.origin === new URL(provider.url).origin, { timeout: 15_000 });
      await page.close();
      await s.frame.getByRole('heading', { level: 1, name: 'La fenêtre a été fermée' }).waitFor({ timeout: 15_000 });
      await s.shot('pop-up-closed');
      await s.frame.getByRole('button', { name: 'Choisir une autre institution' }).click();
      await s.frame.getByRole('heading', { level: 1, name: 'Choisissez votre institution' }).waitFor();
    } finally {
      await s.close();
    }
  });

  test('not framed: the provider’s pages take the widget’s own window, which comes back and finishes', async () => {
    const context = await browser.newContext({ viewport: { width: 480, height: 900 } });
    try {
      const page = await context.newPage();
      await page.goto(`${consumer.url}/v2/?consentEnable=false&redirectUrl=${encodeURIComponent(`${parent.origin}/thank-you`)}`);
      await page.getByRole('heading', { level: 1, name: 'Select your institution' }).waitFor({ timeout: 15_000 });
      await page.getByRole('button', { name: /Maple Provider Bank/ }).click();
      await page.getByRole('heading', { level: 1, name: 'Log in to Flinks Capital' }).waitFor({ timeout: 15_000 });
      assert.equal(context.pages().length, 1, 'no pop-up without a frame');
      await logInAtProvider(page);
      await page.getByRole('button', { name: 'Allow' }).click();
      await page.waitForURL(/\/thank-you\?/, { timeout: 30_000 });
      assert.equal(new URL(page.url()).searchParams.get('institution'), 'MapleProvider');
    } finally {
      await context.close();
    }
  });
});
