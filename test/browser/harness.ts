/**
 * Browser-test harness: Debian's chromium driven by playwright-core (never a
 * downloaded browser), a parent page on another origin that embeds the widget
 * in an iframe and records every postMessage, and numbered screenshots of the
 * screens a test passes through (test-results/screenshots/<test>/NN-<screen>.png).
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Frame, type FrameLocator, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(process.cwd(), 'test-results', 'screenshots');

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}: the browser tests need it (apt-get install chromium; .ci/run installs it). Set CHROMIUM_PATH to use another binary. No browser is ever downloaded.`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A wait started before the step that triggers it and awaited after. If that step
 * fails first, closing the page rejects the wait: marked handled here, so the step's
 * own error is what the test reports (not an unhandled rejection of the wait).
 */
export function pending<T>(wait: Promise<T>): Promise<T> {
  wait.catch(() => undefined);
  return wait;
}

/**
 * Adds to a failing step's error where the page stood: its address and the text of it and of its
 * frames, with a screenshot at `screenshot`. Then throws the error.
 */
export async function failWithPageState(page: Page, screenshot: string, err: unknown): Promise<never> {
  if (err instanceof Error) {
    const closed = page.isClosed();
    if (!closed) await page.screenshot({ path: screenshot, fullPage: true }).catch(() => undefined);
    const text = (where: Page | Frame) => where.locator('body').innerText({ timeout: 2_000 }).then((t) => t.slice(0, 600), () => '(unreadable)');
    const frames = closed ? [] : await Promise.all(page.frames().slice(1).map(text));
    err.message += closed ? '\nthe page was closed' : `\nthe page stood at ${page.url()}: ${await text(page)}${frames.map((f, i) => `\nframe ${i + 1}: ${f}`).join('')}`;
  }
  throw err;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The embedding application: GET /embed?src=<widget url>, and GET /thank-you (the redirect target). */
export async function startParent(): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://parent');
    res.setHeader('content-type', 'text/html; charset=utf-8');
    if (url.pathname === '/embed') {
      const src = url.searchParams.get('src') ?? '';
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Parent application</title>
<style>html,body{margin:0;height:100%;background:#dfe3e8}iframe{display:block;border:0;width:100%;height:100%}</style></head>
<body><iframe title="Connect your bank account" src="${escapeHtml(src)}"></iframe>
<script>
window.addEventListener('message', function (e) {
  if (e.source !== document.querySelector('iframe').contentWindow) return;
  window.recordEvent({ origin: e.origin, data: e.data });
});
</script></body></html>`);
      return;
    }
    if (url.pathname === '/thank-you') {
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Thank you</title><style>body{font-family:sans-serif;padding:24px}</style></head><body><h1>Thank you</h1><p>Back in the application with <code>${escapeHtml(url.search)}</code></p></body></html>`);
      return;
    }
    res.statusCode = 404;
    res.end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    // "localhost" for the parent, 127.0.0.1 for Maplelink: two origins, as in production.
    origin: `http://localhost:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface WidgetEvent {
  step: string;
  [k: string]: unknown;
}

export interface Session {
  page: Page;
  context: BrowserContext;
  frame: FrameLocator;
  /** Every message the parent received, parsed (stringify=true messages arrive as strings). */
  events: WidgetEvent[];
  /** The messages as posted (objects, or strings with stringify=true). */
  raw: unknown[];
  origins: string[];
  steps(): string[];
  /** Waits until `count` events with this step have arrived; answers the last one. */
  waitFor(step: string, count?: number, timeoutMs?: number): Promise<WidgetEvent>;
  /** Saves NN-<name>.png of the parent page (with the widget inside). */
  shot(name: string): Promise<void>;
  /** Runs in the widget's document. */
  inFrame<T>(fn: () => T): Promise<T>;
  close(): Promise<void>;
}

export async function openWidget(browser: Browser, o: {
  test: string;
  widgetBase: string;
  parentOrigin: string;
  params?: Record<string, string>;
  path?: string;
  viewport?: { width: number; height: number };
}): Promise<Session> {
  const dir = join(SCREENSHOTS, o.test);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const context = await browser.newContext({ viewport: o.viewport ?? { width: 480, height: 900 }, deviceScaleFactor: 1 });
  const raw: unknown[] = [];
  const origins: string[] = [];
  await context.exposeFunction('recordEvent', (m: { origin: string; data: unknown }) => {
    raw.push(m.data);
    origins.push(m.origin);
  });
  const page = await context.newPage();
  const src = new URL(o.path ?? '/v2/', o.widgetBase);
  for (const [k, v] of Object.entries(o.params ?? {})) src.searchParams.set(k, v);
  await page.goto(`${o.parentOrigin}/embed?src=${encodeURIComponent(src.toString())}`);
  const frame = page.frameLocator('iframe');
  let n = 0;
  const parse = (d: unknown): WidgetEvent => (typeof d === 'string' ? JSON.parse(d) : d) as WidgetEvent;
  const s: Session = {
    page,
    context,
    frame,
    raw,
    origins,
    get events() {
      return raw.map(parse);
    },
    steps: () => raw.map(parse).map((e) => e.step),
    async waitFor(step, count = 1, timeoutMs = 15_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const found = raw.map(parse).filter((e) => e.step === step);
        if (found.length >= count) return found[count - 1]!;
        if (Date.now() > until) throw new Error(`no ${count}× ${step} event within ${timeoutMs} ms; got: ${raw.map(parse).map((e) => e.step).join(', ')}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async shot(name) {
      n += 1;
      // Let transitions and fonts settle (nothing animates but the spinner).
      await page.waitForTimeout(60);
      await page.screenshot({ path: join(dir, `${String(n).padStart(2, '0')}-${name}.png`) });
    },
    async inFrame(fn) {
      const f = page.frames().find((x) => x !== page.mainFrame());
      if (!f) throw new Error('the widget frame is gone');
      return f.evaluate(fn);
    },
    close: () => context.close(),
  };
  return s;
}
