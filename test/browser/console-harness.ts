/**
 * What every console browser test (test/browser/console-<area>.test.ts) shares: a server with a
 * known operator key and the console built, a chromium page per test, signing in through the
 * sign-in page, and numbered screenshots under test-results/screenshots/console-<area>/.
 *
 *   const c = await startConsole();                 // in before()
 *   const page = await c.page();                    // 1280×800 by default
 *   await signInConsole(page, c.url, CONSOLE_KEY);
 *   await c.shot(page, 'console-logins', 'search'); // test-results/screenshots/console-logins/01-search.png
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.ts';
import { ensureConsoleBuilt } from '../../web/console/build.mjs';
import { failWithPageState, launchChromium, SCREENSHOTS } from './harness.ts';

export { failWithPageState, SCREENSHOTS };

/** The operator key of the servers startConsole starts. */
export const CONSOLE_KEY = 'mlop_console-browser-test-0123456789abcdefghij';

export interface ConsoleRig {
  t: TestApp;
  url: string;
  browser: Browser;
  /** A new page in its own context (own cookies), English unless `lang` says otherwise. */
  page(opts?: { width?: number; height?: number; lang?: 'en' | 'fr' }): Promise<Page>;
  /**
   * Saves test-results/screenshots/<dir>/NN-<name>.png (NN counts per dir): the whole page, or the
   * viewport with `viewport: true` (a modal dialog: a whole-page capture moves the sticky header).
   */
  shot(page: Page, dir: string, name: string, opts?: { viewport?: boolean }): Promise<string>;
  stop(): Promise<void>;
}

/** Builds the console when stale, starts chromium and a server (env added to its config). */
export async function startConsole(env: Record<string, string> = {}): Promise<ConsoleRig> {
  ensureConsoleBuilt();
  const [browser, t] = await Promise.all([launchChromium(), startTestApp({ MAPLELINK_OPERATOR_KEY: CONSOLE_KEY, ...env })]);
  const counters = new Map<string, number>();
  return {
    t,
    url: t.url,
    browser,
    async page(opts = {}) {
      const context = await browser.newContext({
        viewport: { width: opts.width ?? 1280, height: opts.height ?? 800 },
        locale: opts.lang === 'fr' ? 'fr-CA' : 'en-CA',
        // The copy buttons write to the clipboard.
        permissions: ['clipboard-read', 'clipboard-write'],
      });
      const page = await context.newPage();
      // Generous: the whole suite runs two files at once on two cores, browsers beside servers.
      page.setDefaultTimeout(30_000);
      return page;
    },
    shot: (page, dir, name, opts) => screenshot(page, dir, name, counters, !opts?.viewport),
    async stop() {
      await browser.close().catch(() => undefined);
      await t.stop();
    },
  };
}

async function screenshot(page: Page, dir: string, name: string, counters: Map<string, number>, fullPage: boolean): Promise<string> {
  const folder = join(SCREENSHOTS, dir);
  if (!counters.has(dir)) {
    // A fresh folder per run: no screenshot left from an older run passes for a new one.
    rmSync(folder, { recursive: true, force: true });
    counters.set(dir, 0);
  }
  mkdirSync(folder, { recursive: true });
  const n = counters.get(dir)! + 1;
  counters.set(dir, n);
  const file = join(folder, `${String(n).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}

/**
 * Opens /console/ and signs in with `key` through the sign-in form (typed, then Enter), and waits for
 * the signed-in frame (its main navigation). Fails with the page's state when it does not appear.
 */
export async function signInConsole(page: Page, baseUrl: string, key: string, opts: { path?: string } = {}): Promise<void> {
  try {
    await page.goto(`${baseUrl}${opts.path ?? '/console/'}`);
    const field = page.getByLabel(/^(Operator key|Clé d'opérateur)$/);
    await field.fill(key);
    await field.press('Enter');
    await page.getByRole('navigation', { name: /^(Main|Principale)$/ }).waitFor();
  } catch (err) {
    await failWithPageState(page, join(SCREENSHOTS, 'console-sign-in-failed.png'), err);
  }
}
