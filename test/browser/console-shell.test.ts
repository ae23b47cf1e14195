/**
 * The operator console's frame and Customers page in chromium: a wrong key sees nothing, signing in
 * with Enter, creating a customer whose keys are shown once (and work), setting its webhook URL,
 * rotating its secret (the old key stops working), deleting it after typing its id, the language
 * switch, an expired session back at sign-in, sign-out. Screenshots in English and French under
 * test-results/screenshots/console-shell/.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { call } from '../support/app.ts';
import { CONSOLE_KEY, failWithPageState, SCREENSHOTS, signInConsole, startConsole, type ConsoleRig } from './console-harness.ts';

const DIR = 'console-shell';
const SANDBOX_CUSTOMER = '43387ca6-0391-4c82-857d-70d95f087ecb';
let c: ConsoleRig;

before(async () => {
  c = await startConsole();
});
after(async () => {
  await c?.stop();
});

/** Whether a secret key opens the customer's /v3 API (GenerateAuthorizeToken answers 200). */
async function keyWorks(customerId: string, secretKey: string): Promise<boolean> {
  const res = await call(`${c.url}/v3/${customerId}/BankingServices/GenerateAuthorizeToken`, { method: 'POST', headers: { 'flinks-auth-key': secretKey } });
  return res.status === 200;
}

const operator = (path: string) => call(`${c.url}/operator/v1${path}`, { headers: { authorization: `Bearer ${CONSOLE_KEY}` } });

async function steps(page: Page, name: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    await failWithPageState(page, `${SCREENSHOTS}/${DIR}-${name}-failed.png`, err);
  }
}

test('a wrong key sees nothing; sign in with Enter; create a customer (keys once), set its webhook, rotate, delete', async () => {
  const page = await c.page();
  await steps(page, 'customers', async () => {
    await page.goto(`${c.url}/`);
    assert.match(page.url(), /\/console\/$/, '/ opens the console');
    const field = page.getByLabel('Operator key');
    await field.waitFor();
    await c.shot(page, DIR, 'sign-in-en');
    await field.fill('mlop_not-the-key');
    await field.press('Enter');
    await page.getByText('That operator key is not right.').waitFor();
    await c.shot(page, DIR, 'sign-in-wrong-key-en');
    const shown = await page.locator('body').innerText();
    assert.ok(!shown.includes(SANDBOX_CUSTOMER), 'no customer data behind a wrong key');
    assert.equal(await page.getByRole('navigation', { name: 'Main' }).count(), 0);
    assert.equal(await field.inputValue(), 'mlop_not-the-key', 'the key stays to be corrected');

    await signInConsole(page, c.url, CONSOLE_KEY);
    // Nav links are real links; the page's address names the area.
    const nav = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' });
    assert.equal(await nav.getAttribute('href'), '/console/customers');
    assert.equal(await nav.getAttribute('aria-current'), 'page');
    assert.match(page.url(), /\/console\/customers$/);
    await page.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();
    await page.getByRole('cell', { name: SANDBOX_CUSTOMER }).waitFor();

    // Create: the keys are shown once, and they work.
    await page.getByRole('button', { name: 'New customer' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Acme Lending');
    await page.getByRole('button', { name: 'Create customer' }).click();
    await page.getByText('Copy these keys now: you will not see them again.').waitFor();
    const secret = await page.locator('.secret', { hasText: 'Secret key' }).locator('code').innerText();
    const apiKey = await page.locator('.secret', { hasText: 'x-api-key' }).locator('code').innerText();
    const customerId = await page.locator('.secret', { hasText: 'Customer ID' }).locator('code').innerText();
    assert.match(secret, /^[0-9a-f-]{36}$/);
    assert.match(apiKey, /^[0-9a-f-]{36}$/);
    assert.ok(await keyWorks(customerId, secret), 'the secret key shown opens the API');
    await page.getByRole('button', { name: 'Copy: Secret key (flinks-auth-key)' }).click();
    await page.getByRole('button', { name: 'Copy: Secret key (flinks-auth-key)' }).getByText('Copied').first().waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret);
    await c.shot(page, DIR, 'customer-keys-en');
    await page.getByRole('button', { name: 'I have saved them' }).click();
    assert.ok(!(await page.locator('body').innerText()).includes(secret), 'the keys are gone once dismissed');
    await c.shot(page, DIR, 'customers-en');

    // Its page: the webhook URL.
    await page.getByRole('link', { name: 'Acme Lending' }).click();
    await page.getByRole('heading', { level: 1, name: 'Acme Lending' }).waitFor();
    assert.match(page.url(), new RegExp(`/console/customers/${customerId}$`));
    await page.getByLabel('Webhook URL').fill('https://hooks.acme.example/flinks');
    await page.getByLabel('Webhook secret').fill('whsec-acme-0123');
    await page.getByLabel('Allowed origins').fill('https://app.acme.example');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();
    const saved = await operator(`/customers/${customerId}`);
    assert.equal(saved.body.webhookUrl, 'https://hooks.acme.example/flinks');
    assert.equal(saved.body.hasWebhookSecret, true);
    assert.deepEqual(saved.body.allowedOrigins, ['https://app.acme.example']);
    await c.shot(page, DIR, 'customer-en');
    // A bad URL or origin is refused on its field, in the page's language, and nothing changes.
    await page.getByLabel('Webhook URL').fill('ftp://nope');
    await page.getByLabel('Allowed origins').fill('https://app.acme.example/path');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Enter an http(s) URL, like https://app.example.com/webhook.').waitFor();
    await page.getByText('Not an origin: https://app.acme.example/path. Write https://host (no path), or *.').waitFor();
    assert.equal(await page.getByLabel('Webhook URL').getAttribute('aria-invalid'), 'true');
    assert.equal((await operator(`/customers/${customerId}`)).body.webhookUrl, 'https://hooks.acme.example/flinks');
    await page.getByLabel('Webhook URL').fill('https://hooks.acme.example/flinks');
    await page.getByLabel('Allowed origins').fill('https://app.acme.example');

    // Rotate: the new key is shown once; the old one stops working.
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    const rotateDialog = page.getByRole('dialog', { name: /Rotate the secret key of Acme Lending/ });
    await rotateDialog.getByRole('button', { name: 'Rotate' }).click();
    await page.getByText('Copy these keys now: you will not see them again.').waitFor();
    const rotated = await page.locator('.secret', { hasText: 'Secret key' }).locator('code').innerText();
    assert.notEqual(rotated, secret);
    assert.ok(await keyWorks(customerId, rotated), 'the new key works');
    assert.ok(!(await keyWorks(customerId, secret)), 'the old key does not');
    await page.getByRole('button', { name: 'I have saved them' }).click();

    // Delete: only once the id is typed.
    await page.getByRole('button', { name: 'Delete customer' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete Acme Lending?' });
    const confirm = dialog.getByRole('button', { name: 'Delete for good' });
    assert.equal(await confirm.isDisabled(), true);
    await dialog.getByLabel(`Type ${customerId} to confirm`).fill(customerId.slice(0, 8));
    assert.equal(await confirm.isDisabled(), true);
    await c.shot(page, DIR, 'customer-delete-en', { viewport: true });
    await dialog.getByLabel(`Type ${customerId} to confirm`).fill(customerId);
    await confirm.click();
    await page.getByText(/Customer Acme Lending deleted \(\d+ rows\)\./).waitFor();
    assert.equal((await operator(`/customers/${customerId}`)).status, 404);
    assert.equal(await page.getByRole('link', { name: 'Acme Lending' }).count(), 0);
  });
  await page.context().close();
});

test('French: the switch, the pages in French; an expired session goes back to sign-in; sign-out', async () => {
  const page = await c.page();
  await steps(page, 'french', async () => {
    await page.goto(`${c.url}/console/customers?lang=fr`);
    await page.getByLabel("Clé d'opérateur").waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr-CA');
    await c.shot(page, DIR, 'sign-in-fr');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByLabel('Operator key').waitFor();
    await page.getByRole('button', { name: 'Français' }).click();
    await signInConsole(page, c.url, CONSOLE_KEY, { path: '/console/customers' });
    await page.getByRole('heading', { level: 1, name: 'Clients' }).waitFor();
    await page.getByRole('columnheader', { name: 'ID client' }).waitFor();
    assert.equal(await page.title(), 'Clients · Console Maplelink');
    await c.shot(page, DIR, 'customers-fr');
    await page.getByRole('button', { name: 'Nouveau client' }).click();
    await page.getByRole('button', { name: 'Créer le client' }).click();
    await page.getByText('Donnez un nom au client.').waitFor();
    await c.shot(page, DIR, 'customer-new-fr');

    // The session ends on the server (expired): the next call brings the sign-in page back, saying why.
    await c.t.app.platform.db.query(`update console_sessions set expires_at = now() - interval '1 second'`);
    await page.getByRole('link', { name: 'Sandbox (toolbox)' }).click();
    await page.getByText('Votre session a pris fin. Reconnectez-vous pour continuer.').waitFor();

    // Back in, then out: sign-out ends the session.
    await signInConsole(page, c.url, CONSOLE_KEY);
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.getByText('Vous êtes déconnecté.').waitFor();
    const live = await c.t.app.platform.db.query(`select 1 from console_sessions where expires_at > now()`);
    assert.equal(live.length, 0);
    await page.reload();
    await page.getByLabel("Clé d'opérateur").waitFor();
  });
  await page.context().close();
});
