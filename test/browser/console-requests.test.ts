/**
 * The console's Request feed in chromium: an Authorize call made through the API is found in the
 * feed by its RequestId, its LoginId links the login page, its row opens its details; a refused
 * call is found by its status class. Screenshots in English and French under
 * test-results/screenshots/console-requests/.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { FlinksClient } from '../support/flinks.ts';
import { call } from '../support/app.ts';
import { CONSOLE_KEY, failWithPageState, SCREENSHOTS, signInConsole, startConsole, type ConsoleRig } from './console-harness.ts';

const DIR = 'console-requests';
let c: ConsoleRig;

before(async () => {
  c = await startConsole();
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

test('find the Authorize call in the feed by its RequestId, open its details and its login; English and French', async () => {
  const { requestId, loginId } = await new FlinksClient(c.url).connect('greatday_nomfa');
  const refused = await call(`${c.url}/v3/43387ca6-0391-4c82-857d-70d95f087ecb/BankingServices/GetAccountsSummary`, { method: 'POST', json: { RequestId: '6a0d6a0d-0000-4000-8000-000000000000' } });
  assert.equal(refused.status, 400);
  await c.t.app.platform.requestLog.flush();

  const page = await c.page();
  await steps(page, 'feed', async () => {
    await signInConsole(page, c.url, CONSOLE_KEY);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Request feed' }).click();
    await page.getByRole('heading', { name: 'Request feed' }).waitFor();
    await page.getByRole('table').waitFor();
    await c.shot(page, DIR, 'feed-en');

    const search = page.getByLabel('RequestId or LoginId');
    await search.fill(requestId.toUpperCase());
    await search.press('Enter');
    await page.waitForURL(/\/console\/requests\?q=/);
    const row = page.getByRole('row').filter({ hasText: '/BankingServices/Authorize' });
    await row.first().waitFor();
    assert.ok(new URL(page.url()).searchParams.get('q'), 'the search is in the address');
    const rows = await page.getByRole('row').count();
    assert.ok(rows >= 2, 'the header and the Authorize call');
    const text = await page.locator('tbody').innerText();
    assert.ok(!text.includes('GetAccountsSummary'), 'only the calls of that RequestId');
    // The LoginId links the login page (console-logins).
    const loginLink = row.first().getByRole('link', { name: new RegExp(loginId) });
    assert.equal(await loginLink.getAttribute('href'), `/console/logins/43387ca6-0391-4c82-857d-70d95f087ecb/${loginId}`);
    await c.shot(page, DIR, 'search-en');

    await row.first().getByRole('link', { name: /Details of request/ }).click();
    await page.getByRole('heading', { name: /^Request \d+$/ }).waitFor();
    const details = await page.locator('dl').innerText();
    assert.match(details, new RegExp(requestId));
    assert.match(details, /\/v3\/\{customerId\}\/BankingServices\/Authorize/);
    assert.match(details, /200/);
    await c.shot(page, DIR, 'details-en');

    // A refused call, by its class.
    await page.goto(`${c.url}/console/requests?status=4xx`);
    const refusedRow = page.getByRole('row').filter({ hasText: 'SESSION_NONEXISTENT' });
    await refusedRow.first().waitFor();
    assert.match(await refusedRow.first().innerText(), /400/);
  });

  const fr = await c.page({ lang: 'fr' });
  await steps(fr, 'feed-fr', async () => {
    await signInConsole(fr, c.url, CONSOLE_KEY, { path: '/console/requests?lang=fr' });
    await fr.getByRole('heading', { name: 'Flux des requêtes' }).waitFor();
    await fr.getByRole('table').waitFor();
    assert.ok(await fr.getByLabel('RequestId ou LoginId').isVisible());
    await c.shot(fr, DIR, 'feed-fr');
  });
});
