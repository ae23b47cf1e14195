/**
 * Outbound's consent pages in headless chromium, as the person a data recipient
 * sends to the provider: log in to Flinks Capital (with a wrong password first),
 * answer MFA, choose accounts, allow; and deny. Everything is reached by its
 * accessible name. Screenshots: test-results/screenshots/outbound-*.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { call, startTestApp, type TestApp } from '../support/app.ts';
import { answerFor } from '../support/flinks.ts';
import { SQUARE_IMAGES } from '../../src/sandbox/flinks-capital/index.ts';
import { SCREENSHOTS, launchChromium, startParent } from './harness.ts';
import { activate, createRecipient, partnerToken, type Recipient } from '../integration/outbound/helpers.ts';

let t: TestApp;
let browser: Browser;
let parent: Awaited<ReturnType<typeof startParent>>;
let recipient: Recipient;

before(async () => {
  browser = await launchChromium();
  [t, parent] = await Promise.all([startTestApp(), startParent()]);
  const partner = await partnerToken(t.url);
  recipient = await createRecipient(t.url, partner, { name: 'Budget Buddy', description: 'Budgets from your real spending', redirect_uris: [`${parent.origin}/thank-you`], terms_uri: 'https://budgetbuddy.example.com/terms' });
  await activate(t.url, partner, recipient.client_id);
});
after(async () => {
  await browser?.close();
  await parent?.close();
  await t?.stop();
});

async function open(name: string, scope = 'ACCOUNT_BASIC ACCOUNT_DETAILED TRANSACTIONS CUSTOMER_PERSONAL') {
  const dir = join(SCREENSHOTS, `outbound-${name}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const context = await browser.newContext({ viewport: { width: 480, height: 960 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  let n = 0;
  const shot = async (label: string) => {
    n += 1;
    await page.waitForTimeout(50);
    await page.screenshot({ path: join(dir, `${String(n).padStart(2, '0')}-${label}.png`), fullPage: true });
  };
  const q = new URLSearchParams({ response_type: 'code', client_id: recipient.client_id, redirect_uri: recipient.redirect_uris[0]!, scope, state: 'state-123', provider_id: '1000', correlation_id: 'fce84d61-dfa8-4e2b-bd94-f1ec6a445841' });
  await page.goto(`${t.url}/outbound/api/v1/authorize?${q}`);
  return { page, shot, close: () => context.close() };
}

const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor({ timeout: 20_000 });

describe('Outbound consent pages', () => {
  test('log in (a wrong password first), MFA, choose accounts, allow: back at the recipient with a code that works', async () => {
    const { page, shot, close } = await open('allow');
    try {
      await heading(page, 'Log in to Flinks Capital');
      assert.equal(await page.title(), 'Log in to Flinks Capital · Flinks Capital');
      assert.ok(await page.getByText('Budget Buddy is asking to access your Flinks Capital accounts').isVisible());
      assert.ok(await page.getByText('Step 1 of 3: log in').isVisible());
      await shot('login');

      await page.getByLabel('Username').fill('Greatday');
      await page.getByLabel('Password').fill('wrong-password');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('alert').waitFor();
      assert.match(await page.getByRole('alert').innerText(), /username or password is not right/);
      assert.equal(await page.getByLabel('Username').inputValue(), 'Greatday', 'the username is kept');
      await shot('login-error');

      await page.getByLabel('Password').fill('Everyday');
      await page.getByRole('button', { name: 'Log in' }).click();
      await heading(page, 'Verify your identity');
      const prompt = (await page.locator('form .field > label').first().innerText()).trim();
      await page.getByLabel(prompt).fill(answerFor(prompt));
      await shot('mfa');
      await page.getByRole('button', { name: 'Continue' }).click();

      await heading(page, 'Share your data with Budget Buddy');
      assert.ok(await page.getByRole('heading', { level: 2, name: 'Budget Buddy will be able to see' }).isVisible());
      for (const scope of ['Basic account information', 'Account details', 'Transactions', 'Personal information']) assert.ok(await page.getByText(scope, { exact: true }).isVisible(), scope);
      const accounts = page.getByRole('group', { name: 'Accounts to share' }).getByRole('checkbox');
      const count = await accounts.count();
      assert.ok(count >= 2, `accounts offered: ${count}`);
      for (let i = 0; i < count; i++) assert.equal(await accounts.nth(i).isChecked(), true, 'every account is offered checked');
      await shot('consent');

      // Nothing chosen: the page says so and shares nothing.
      for (let i = 0; i < count; i++) await accounts.nth(i).uncheck();
      await page.getByRole('button', { name: 'Allow' }).click();
      await page.getByRole('alert').waitFor();
      assert.match(await page.getByRole('alert').innerText(), /Choose at least one account/);
      await shot('consent-none-chosen');

      await accounts.nth(0).check();
      await page.getByRole('button', { name: 'Allow' }).click();
      await page.waitForURL(/\/thank-you\?/);
      await shot('back-at-recipient');
      const back = new URL(page.url());
      assert.equal(back.searchParams.get('state'), 'state-123');
      const code = back.searchParams.get('code');
      assert.ok(code);

      const tok = await call(`${t.url}/outbound/api/v1/token`, { json: { grant_type: 'authorization_code', client_id: recipient.client_id, client_secret: recipient.client_secret, code, redirect_uri: recipient.redirect_uris[0] } });
      assert.equal(tok.status, 200, tok.text);
      const accountsApi = await call(`${t.url}/outbound/api/fdx/5/accounts`, { headers: { authorization: `Bearer ${tok.body.access_token}` } });
      assert.equal(accountsApi.body.accounts.length, 1, 'only the account chosen is shared');
    } finally {
      await close();
    }
  });

  test('multiple-choice and image MFA are labelled choices', async () => {
    for (const [user, name] of [['greatday_choice', 'choice'], ['greatday_image', 'image']] as const) {
      const { page, shot, close } = await open(`mfa-${name}`);
      try {
        await heading(page, 'Log in to Flinks Capital');
        await page.getByLabel('Username').fill(user);
        await page.getByLabel('Password').fill('Everyday');
        await page.getByRole('button', { name: 'Log in' }).click();
        await heading(page, 'Verify your identity');
        if (name === 'choice') {
          const group = page.getByRole('group', { name: 'What is your favourite colour?' });
          assert.equal(await group.getByRole('radio').count(), 3);
          await group.getByRole('radio', { name: 'Blue' }).check();
        } else {
          const group = page.getByRole('group', { name: /blue square/ });
          assert.equal(await group.getByRole('radio').count(), 3);
          await group.getByRole('radio', { name: 'Image 2 of 3' }).check();
          assert.equal(await group.getByRole('radio', { name: 'Image 2 of 3' }).inputValue(), SQUARE_IMAGES.blue);
        }
        await shot('mfa');
        await page.getByRole('button', { name: 'Continue' }).click();
        await heading(page, 'Share your data with Budget Buddy');
      } finally {
        await close();
      }
    }
  });

  test('deny: back at the recipient with error=access_denied', async () => {
    const { page, shot, close } = await open('deny', 'ACCOUNT_BASIC');
    try {
      await heading(page, 'Log in to Flinks Capital');
      await page.getByLabel('Username').fill('greatday_nomfa');
      await page.getByLabel('Password').fill('Everyday');
      await page.getByRole('button', { name: 'Log in' }).click();
      await heading(page, 'Share your data with Budget Buddy');
      await shot('consent-basic-only');
      await page.getByRole('button', { name: 'Deny' }).click();
      await page.waitForURL(/\/thank-you\?/);
      const back = new URL(page.url());
      assert.equal(back.searchParams.get('error'), 'access_denied');
      assert.equal(back.searchParams.get('error_description'), 'The user denied the access');
      assert.equal(back.searchParams.get('state'), 'state-123');
    } finally {
      await close();
    }
  });

  test('a refused login (an account the bank refuses) explains itself and offers to start again', async () => {
    const { page, shot, close } = await open('refused');
    try {
      await heading(page, 'Log in to Flinks Capital');
      await page.getByLabel('Username').fill('test_unauthorized');
      await page.getByLabel('Password').fill('Everyday');
      await page.getByRole('button', { name: 'Log in' }).click();
      await heading(page, 'Flinks Capital could not connect you');
      assert.ok(await page.getByRole('alert').isVisible());
      await shot('refused');
      await page.getByRole('link', { name: 'Start again' }).click();
      await heading(page, 'Log in to Flinks Capital');
    } finally {
      await close();
    }
  });
});
