/**
 * The PAD signing page (padLink) in headless chromium: the payor reads the
 * agreement, is stopped without consent, signs, and sees the signed agreement.
 * Screenshots: test-results/screenshots/pay-pad/.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.ts';
import { PayClient, debit, payToday, plusDays } from '../support/pay.ts';
import { launchChromium, SCREENSHOTS } from './harness.ts';

let t: TestApp;
let browser: Browser;
before(async () => {
  browser = await launchChromium();
  t = await startTestApp();
});
after(async () => {
  await browser?.close();
  await t?.stop();
});

test('a payor reads and signs a PAD agreement on padLink', async () => {
  const dir = join(SCREENSHOTS, 'pay-pad');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const pay = new PayClient(t.url);
  const today = payToday(t.app.platform.clock.now());
  const s = await pay.create(debit(today, {
    amount: 129.99,
    transactionCode: 351,
    description: 'Loan 7781',
    payor: { accountInfo: { institutionCode: '003', transitNumber: '00012', accountNumber: '5012345678' }, contactInfo: { firstName: 'Élise', lastName: 'Tremblay', email: 'elise@example.com' } },
    scheduleInfo: { paymentFrequency: 'Monthly', startDate: plusDays(today, 5), transactionsCount: 12 },
  }));
  const link = (await pay.get(`/pads/${s.padId}`)).body.padLink as string;

  const context = await browser.newContext({ viewport: { width: 800, height: 1100 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(link);
  await page.getByRole('heading', { level: 1, name: /Pre-Authorized Debit/ }).waitFor();
  assert.match(await page.textContent('main') ?? '', /\$129\.99 CAD every month, from .* for 12 payments/);
  assert.match(await page.textContent('main') ?? '', /Personal Loans · Loan 7781/);
  await page.screenshot({ path: join(dir, '01-agreement.png'), fullPage: true });

  // The browser itself refuses a form without a name or without consent (required fields).
  await page.getByRole('button', { name: 'Sign the agreement' }).click();
  assert.equal(await page.evaluate(() => (document.querySelector('#name') as HTMLInputElement).validity.valueMissing), true);
  await page.getByLabel('Type your full name to sign').fill('Élise Tremblay');
  await page.getByRole('checkbox').check();
  await page.screenshot({ path: join(dir, '02-filled.png'), fullPage: true });
  await page.getByRole('button', { name: 'Sign the agreement' }).click();
  await page.locator('#signed').waitFor();
  assert.match(await page.textContent('#signed') ?? '', /Signed by Élise Tremblay/);
  assert.equal(await page.locator('form').count(), 0);
  await page.screenshot({ path: join(dir, '03-signed.png'), fullPage: true });
  assert.deepEqual(errors, [], 'no console errors (the CSP lets the inline style through by its hash)');
  assert.equal((await pay.get(`/pads/${s.padId}`)).body.status, 'Signed');
  await context.close();
});
