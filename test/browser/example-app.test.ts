/**
 * examples/aggregation-app end to end in headless chromium: the example backend
 * (in-process) pointed at a Maplelink, its page loading the Connect widget, a
 * person connecting through it (answering the MFA question inside the iframe),
 * accounts with balances and transactions, and "Refresh Data" both ways: a live
 * refresh the saved answer lets through (200), and one that asks a question never
 * answered (203), which relaunches the widget with requestId for the person.
 * Screenshots: test-results/screenshots/example-app/NN-<screen>.png.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, FrameLocator, Page, Response } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.ts';
import { answerFor } from '../support/flinks.ts';
import { SANDBOX_TENANT } from '../../src/platform/tenants.ts';
import { ensureFrontEndBuilt } from '../../examples/aggregation-app/build.ts';
import { createExampleServer } from '../../examples/aggregation-app/server.ts';
import { failWithPageState, launchChromium, pending, SCREENSHOTS } from './harness.ts';
import { GUID } from '../support/flinks.ts';

const DIR = join(SCREENSHOTS, 'example-app');

let t: TestApp;
let browser: Browser;
let example: ReturnType<typeof createExampleServer>;
let exampleUrl: string;
let shots = 0;

before(async () => {
  ensureFrontEndBuilt();
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  // Both started together; either failing still leaves the other to stop in after().
  const [b, a] = await Promise.allSettled([launchChromium(), startTestApp()]);
  if (b.status === 'fulfilled') browser = b.value;
  if (a.status === 'fulfilled') t = a.value;
  if (b.status === 'rejected') throw b.reason;
  if (a.status === 'rejected') throw a.reason;
  example = createExampleServer({ maplelinkUrl: t.url, customerId: SANDBOX_TENANT.id, secretKey: SANDBOX_TENANT.secretKey, apiKey: SANDBOX_TENANT.apiKey });
  await example.listen({ port: 0, host: '127.0.0.1' });
  // "localhost" for the application, 127.0.0.1 for Maplelink: two origins, as in production.
  exampleUrl = `http://localhost:${(example.server.address() as AddressInfo).port}`;
});
after(async () => {
  await browser?.close();
  await example?.close();
  await t?.stop();
});

/**
 * A numbered screenshot. On the phone, of the screen as the person sees it: a full-page one resizes the
 * viewport and back, and the widget's cross-origin frame can then take a moment to learn where it is,
 * so the next tap in it could go nowhere.
 */
async function shot(page: Page, name: string): Promise<void> {
  shots += 1;
  await page.waitForTimeout(80);
  const phone = (page.viewportSize()?.width ?? 1280) < 600;
  await page.screenshot({ path: join(DIR, `${String(shots).padStart(2, '0')}-${name}.png`), fullPage: !phone });
}

const heading = (where: Page | FrameLocator, name: string | RegExp) => where.getByRole('heading', { level: 1, name }).waitFor({ timeout: 20_000 });

/** Consent → Flinks Capital → credentials → the security question(s), inside the widget; answers the prompts. */
async function connectInWidget(page: Page, frame: FrameLocator, username: string, prefix: string): Promise<string[]> {
  await heading(frame, 'Connect your bank account');
  await shot(page, `${prefix}-widget-consent`);
  await frame.getByRole('button', { name: 'Continue' }).click();
  await heading(frame, 'Select your institution');
  await frame.getByLabel('Search for your institution').fill('flinks');
  await frame.getByRole('button', { name: /Flinks Capital/ }).click();
  await heading(frame, 'Log in to Flinks Capital');
  await frame.getByLabel('Username', { exact: true }).fill(username);
  await frame.getByLabel('Password', { exact: true }).fill('Everyday');
  await frame.getByRole('button', { name: 'Connect' }).click();
  return answerMfa(page, frame, `${prefix}-widget-mfa`);
}

/** Answers every question of the widget's MFA screen by keyword (city → Montreal, country → Canada, shape → Triangle). */
async function answerMfa(page: Page, frame: FrameLocator, screen: string): Promise<string[]> {
  await heading(frame, 'Verify your identity');
  const prompts = await frame.locator('form .field > label').allTextContents();
  assert.ok(prompts.length > 0, 'the MFA screen shows a question');
  for (const prompt of prompts) await frame.getByLabel(prompt, { exact: true }).fill(answerFor(prompt));
  await shot(page, screen);
  await frame.getByRole('button', { name: 'Continue' }).click();
  return prompts;
}

/** The next answer of the example backend on `path` (awaited after the steps that cause it). */
const apiResponse = (page: Page, path: string) => pending(page.waitForResponse((r: Response) => new URL(r.url()).pathname === path, { timeout: 75_000 }));

/** The dashboard: account cards with balances, and the selected account's transactions (a narrower table on a phone). */
async function checkDashboard(page: Page, phone = false): Promise<void> {
  await heading(page, 'Your accounts');
  const cards = page.getByRole('list', { name: 'Accounts' }).getByRole('button');
  assert.ok((await cards.count()) > 0, 'at least one account');
  const label = (await cards.first().getAttribute('aria-label')) ?? '';
  assert.match(label, /(balance|owed) -?\$[\d,]+\.\d{2}/, `the card names its balance: ${label}`);
  assert.equal(await cards.first().getAttribute('aria-pressed'), 'true', 'the first account is selected');
  await page.getByRole('heading', { level: 2, name: /^Transactions — / }).waitFor();
  const table = page.getByRole('table');
  await table.waitFor();
  const headers = await table.getByRole('columnheader').allTextContents();
  assert.deepEqual(headers, phone ? ['Description', 'Amount'] : ['Date', 'Description', 'Amount', 'Balance']);
  const rows = table.getByRole('row');
  assert.ok((await rows.count()) > 1, 'transactions are listed');
  const cells = await rows.nth(1).getByRole('cell').allTextContents();
  const [description, amount] = phone ? cells : cells.slice(1);
  assert.ok(description!.trim().length > 0, 'a description');
  assert.match(amount!, /^[+−]\$[\d,]+\.\d{2}$/, 'a signed amount');
  if (!phone) {
    assert.match(cells[0]!, /\d{4}$/, 'a date');
    assert.match(cells[3]!, /^-?\$[\d,]+\.\d{2}$/, 'the balance after it');
  }
}

describe('examples/aggregation-app', () => {
  test('connect Greatday through the widget (MFA in the iframe), see accounts and transactions, Refresh Data answers 200', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // Every load of the widget's page: one, with one authorize token (each load takes a new one).
    const widgetLoads: string[] = [];
    page.on('request', (r) => {
      if (r.isNavigationRequest() && new URL(r.url()).pathname === '/v2/') widgetLoads.push(r.url());
    });
    try {
      await page.goto(exampleUrl);
      await heading(page, 'Connect your bank account');
      const iframe = page.locator('iframe[title="Connect your bank account"]');
      const src = new URL((await iframe.getAttribute('src'))!);
      assert.equal(src.origin, new URL(t.url).origin, 'the widget comes from Maplelink');
      assert.equal(src.pathname, '/v2/');
      assert.equal(src.searchParams.get('demo'), 'true');
      assert.equal(src.searchParams.get('jsRedirect'), 'true');
      assert.ok(src.searchParams.get('authorizeToken'), 'with a token from the backend');

      const accounts = apiResponse(page, '/api/accounts');
      const [prompt] = await connectInWidget(page, page.frameLocator('iframe[title="Connect your bank account"]'), 'Greatday', 'greatday');
      assert.match(prompt!, /city|country|shape/i);
      assert.equal(widgetLoads.length, 1, `the widget loads once: ${widgetLoads.join(', ')}`);
      const res = await accounts;
      assert.equal(res.status(), 200);
      const body = await res.json();
      assert.match(body.loginId, GUID, 'the loginId of the REDIRECT event reached the backend');
      assert.ok(body.accounts.length > 0);
      await checkDashboard(page);
      assert.equal(await page.locator('iframe').count(), 0, 'the widget is gone once connected');
      await shot(page, 'greatday-accounts');

      // Refresh Data: the login's saved answer lets the live refresh through (200).
      const refresh = apiResponse(page, '/api/refresh');
      await page.getByRole('button', { name: 'Refresh Data' }).click();
      const r = await refresh;
      assert.equal(r.status(), 200);
      const refreshed = await r.json();
      assert.equal(refreshed.status, 'ready');
      assert.equal(refreshed.loginId, body.loginId, 'the same login, refreshed');
      assert.notEqual(refreshed.requestId, body.requestId, 'a new session');
      await page.getByRole('status').filter({ hasText: /^Data refreshed at/ }).waitFor({ timeout: 20_000 });
      await checkDashboard(page);
      await shot(page, 'greatday-refreshed');
      assert.deepEqual(errors, [], 'no script error on the page');
    } catch (err) {
      await failWithPageState(page, join(DIR, 'failed-greatday.png'), err);
    } finally {
      await context.close();
    }
  });

  test('greatday_enhanced on a phone: Refresh Data asks a new question, the widget relaunches with requestId, then the data shows', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    try {
      await page.goto(exampleUrl);
      await heading(page, 'Connect your bank account');
      const accounts = apiResponse(page, '/api/accounts');
      const [loginPrompt] = await connectInWidget(page, page.frameLocator('iframe[title="Connect your bank account"]'), 'greatday_enhanced', 'enhanced');
      const { loginId } = await (await accounts).json();
      await checkDashboard(page, true);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `nothing overflows a 390 px screen (${width} px)`);
      await shot(page, 'enhanced-accounts');

      const refresh = apiResponse(page, '/api/refresh');
      await page.getByRole('button', { name: 'Refresh Data' }).click();
      const r = await (await refresh).json();
      assert.equal(r.status, 'mfa');
      assert.match(r.requestId, GUID);
      assert.ok(r.authorizeToken);
      await heading(page, 'Your bank needs a confirmation');
      const iframe = page.locator('iframe[title="Answer your bank’s security question"]');
      const src = new URL((await iframe.getAttribute('src'))!);
      assert.equal(src.searchParams.get('requestId'), r.requestId, 'the widget resumes the refresh session');
      assert.equal(src.searchParams.get('authorizeToken'), r.authorizeToken, 'with a fresh token');
      assert.equal(src.searchParams.get('jsRedirect'), 'true');

      const afterMfa = apiResponse(page, '/api/after-mfa');
      const [refreshPrompt] = await answerMfa(page, page.frameLocator('iframe[title="Answer your bank’s security question"]'), 'enhanced-refresh-mfa');
      assert.notEqual(refreshPrompt, loginPrompt, 'the refresh asks another question than the login');
      const after = await afterMfa;
      assert.equal(after.status(), 200);
      const data = await after.json();
      assert.equal(data.loginId, loginId, 'the same login, refreshed');
      assert.equal(data.requestId, r.requestId);
      await page.getByRole('status').filter({ hasText: /^Data refreshed at .* after your answer/ }).waitFor({ timeout: 20_000 });
      await checkDashboard(page, true);
      await shot(page, 'enhanced-refreshed');
    } catch (err) {
      await failWithPageState(page, join(DIR, 'failed-enhanced.png'), err);
    } finally {
      await context.close();
    }
  });
});
