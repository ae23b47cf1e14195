/**
 * The operator console's Logins pages in chromium: a sandbox login made through the API (Greatday,
 * its MFA answered) is found by its LoginId; its page shows its accounts, the balance and cash-flow
 * charts labelled with their numbers (role="img", aria-label) and those numbers as tables, the
 * transactions, the attribute card; Refresh now refreshes it. Screenshots in English and French
 * under test-results/screenshots/console-logins/.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { FlinksClient } from '../support/flinks.ts';
import { failWithPageState, SCREENSHOTS, signInConsole, startConsole, CONSOLE_KEY, type ConsoleRig } from './console-harness.ts';

const DIR = 'console-logins';
let c: ConsoleRig;
let loginId: string;

before(async () => {
  c = await startConsole();
  const api = new FlinksClient(c.url);
  const made = await api.connect('Greatday');
  loginId = made.loginId;
  assert.equal((await api.poll('GetAccountsDetail', made.requestId, 60_000)).status, 200);
});
after(async () => {
  await c?.stop();
});

async function steps(page: Page, name: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    await failWithPageState(page, `${SCREENSHOTS}/${DIR}-${name}-failed.png`, err);
  }
}

/** Amounts as digits and sign: spaces, group separators (commas, thin spaces) and the dollar sign removed ("-$344.10" is -344.10). */
const plain = (s: string) => s.replace(/[\s\u202f\u00a0,$]/g, '');

test('find a login by its LoginId; its accounts, labelled charts, transactions and attribute card; Refresh now', async () => {
  const page = await c.page();
  await steps(page, 'english', async () => {
    await signInConsole(page, c.url, CONSOLE_KEY, { path: '/console/logins' });
    await page.getByRole('heading', { name: 'Logins', level: 1 }).waitFor();
    await page.getByLabel('LoginId or username').fill(loginId);
    await page.getByLabel('LoginId or username').press('Enter');
    const link = page.getByRole('link', { name: 'Greatday' });
    await link.waitFor();
    assert.equal(await page.getByRole('row').count(), 2, 'one login found (and the header row)');
    await c.shot(page, DIR, 'search-en');
    await link.click();

    await page.getByRole('heading', { name: 'Greatday', level: 1 }).waitFor();
    const accounts = page.getByRole('table', { name: 'Accounts of this login' });
    await accounts.waitFor();
    assert.ok((await accounts.getByRole('row').count()) > 1, 'accounts listed');
    assert.match(await accounts.innerText(), /\*\*\*\*\d{4}/, 'masked account numbers');

    const balance = page.getByRole('img', { name: /^Balance of / });
    await balance.waitFor();
    const balanceLabel = (await balance.getAttribute('aria-label'))!;
    assert.match(balanceLabel, /^Balance of .+ from \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}, from -?[\d,]+\.\d{2} to -?[\d,]+\.\d{2} [A-Z]{3}; lowest -?[\d,]+\.\d{2}, highest -?[\d,]+\.\d{2}$/);
    const cashFlow = page.getByRole('img', { name: /^Monthly cash flow of / });
    const cashLabel = (await cashFlow.getAttribute('aria-label'))!;
    assert.match(cashLabel, /^Monthly cash flow of .+ from \d{4}-\d{2} to \d{4}-\d{2}: money in [\d,]+\.\d{2} [A-Z]{3}, money out [\d,]+\.\d{2} [A-Z]{3} in total$/);
    assert.match((await page.getByRole('img', { name: /^Spending of .+ by category: / }).getAttribute('aria-label'))!, /\d\.\d{2} [A-Z]{3}/);
    assert.equal(await page.locator('.chart-canvas canvas').count() >= 3, true, 'uPlot drew the three charts');

    // The label's last balance is the chart table's last row, which is the account's current balance.
    const last = balanceLabel.match(/to (-?[\d,]+\.\d{2}) [A-Z]{3};/)![1]!;
    const numbers = page.locator('figure.chart').first().locator('details');
    await numbers.locator('summary').click();
    const rows = numbers.locator('tbody tr');
    assert.equal(plain(await rows.last().locator('td').innerText()), plain(last));
    const title = balanceLabel.match(/^Balance of (.+) from \d{4}/)![1]!;
    const accountRow = accounts.getByRole('row').filter({ hasText: title }).first();
    assert.ok(plain(await accountRow.innerText()).includes(plain(last)), `the account's current balance is ${last}`);
    // The cash-flow table adds up to the label's totals.
    const cash = page.locator('figure.chart').nth(1).locator('details');
    await cash.locator('summary').click();
    const cells = await cash.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => Number((td.textContent ?? '').replace(/[^\d.-]/g, '')))));
    const moneyIn = cells.reduce((s, r) => s + Math.round(r[0]! * 100), 0) / 100;
    assert.equal(moneyIn.toFixed(2), plain(cashLabel.match(/money in ([\d,]+\.\d{2})/)![1]!));
    await numbers.locator('summary').click();
    await cash.locator('summary').click();

    const txns = page.getByRole('table', { name: 'Transactions of this login' });
    await txns.waitFor();
    assert.equal(await txns.locator('tbody tr').count(), 25, 'a page of transactions');
    await page.getByRole('navigation', { name: /^Page 1$/ }).getByRole('button', { name: 'Next' }).click();
    await page.getByRole('navigation', { name: /^Page 2$/ }).waitFor();

    const card = page.getByRole('table', { name: 'Attributes' });
    await card.waitFor();
    assert.ok((await card.locator('tbody tr').count()) > 10, 'attributes listed');
    assert.match(await card.innerText(), /From \d+ transactions? of /, 'values explained');
    const support = card.locator('details.support').first();
    await support.locator('summary').click();
    assert.ok((await support.locator('li').count()) > 0, 'supporting transactions listed');
    // Viewport shots: the whole page is long (a full-page capture of it is slow on a busy machine).
    await page.evaluate(() => window.scrollTo(0, 0));
    await c.shot(page, DIR, 'login-en', { viewport: true });
    await page.getByRole('heading', { name: 'Charts' }).evaluate((h) => h.scrollIntoView());
    await c.shot(page, DIR, 'charts-en', { viewport: true });
    await page.getByRole('heading', { name: 'Attribute card' }).evaluate((h) => h.scrollIntoView());
    await c.shot(page, DIR, 'attributes-en', { viewport: true });

    const before = await c.t.app.platform.db.query<{ r: Date }>('select last_refresh as r from connect_logins where id = $1', [loginId]);
    await page.getByRole('button', { name: 'Refresh now' }).click();
    await page.getByText('Refreshed: the data below is new.').waitFor({ timeout: 60_000 });
    const after = await c.t.app.platform.db.query<{ r: Date }>('select last_refresh as r from connect_logins where id = $1', [loginId]);
    assert.ok(after[0]!.r > before[0]!.r, 'the login was refreshed');
  });
});

test('the login page in French: labels, amounts in fr-CA', async () => {
  const page = await c.page({ lang: 'fr' });
  await steps(page, 'french', async () => {
    await signInConsole(page, c.url, CONSOLE_KEY, { path: `/console/logins?lang=fr&q=greatday` });
    await page.getByRole('link', { name: 'Greatday' }).waitFor();
    await c.shot(page, DIR, 'search-fr');
    await page.getByRole('link', { name: 'Greatday' }).click();
    const balance = page.getByRole('img', { name: /^Solde de / });
    await balance.waitFor();
    // fr-CA: a space between thousands, a comma before the cents.
    assert.match((await balance.getAttribute('aria-label'))!, /^Solde de .+ du \d{4}-\d{2}-\d{2} au \d{4}-\d{2}-\d{2}, de -?[\d\s\u202f\u00a0]+,\d{2} à -?[\d\s\u202f\u00a0]+,\d{2} [A-Z]{3}/);
    assert.match((await page.getByRole('img', { name: /^Flux de trésorerie mensuel de / }).getAttribute('aria-label'))!, /entrées [\d\s\u202f\u00a0]+,\d{2} [A-Z]{3}, sorties/);
    await page.getByRole('table', { name: 'Attributs' }).waitFor();
    await page.getByRole('button', { name: 'Actualiser' }).waitFor();
    await c.shot(page, DIR, 'login-fr', { viewport: true });
    await page.getByRole('heading', { name: 'Graphiques' }).evaluate((h) => h.scrollIntoView());
    await c.shot(page, DIR, 'charts-fr', { viewport: true });
  });
});

