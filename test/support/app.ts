/**
 * Starts a real Maplelink on a free port for integration tests: embedded PGlite in
 * memory by default, or a fresh database on the PostgreSQL server named by
 * TEST_DATABASE_URL (one database per app, dropped afterwards).
 */
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/platform/config.ts';
import { checkAnswer, contractOfDocument, watchAnswers, type Contract } from './openapi-drift.ts';

export interface TestApp {
  app: App;
  url: string;
  config: Config;
  databaseUrl: string | null;
  /** Answers this app gave that /openapi.json does not document (stop() fails when there is any). */
  drift: string[];
  stop(): Promise<void>;
}

export const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

/** Creates an empty database on the test server and returns its URL and a dropper. */
export async function freshPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = new URL(process.env.TEST_DATABASE_URL!);
  const name = `ml_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: base.toString() });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/**
 * Holds every answer `app` gives, to whatever client (call(), a plain fetch, a browser page, the
 * SDK), to its own /openapi.json (openapi-drift.ts). Tests that start an app themselves (restarts,
 * outages, replicas) call assertNone() after stopping it; startTestApp's stop() does it for the rest.
 */
export function watchDrift(app: App): { messages: string[]; assertNone(url: string): void } {
  const messages: string[] = [];
  let contract: Contract | undefined;
  watchAnswers(app.http.server, () => (contract ??= contractOfDocument(app.http.swagger())), (message) => {
    messages.push(message);
    process.stderr.write(`${message}\n`);
  });
  return {
    messages,
    assertNone(url) {
      if (messages.length > 0) throw new Error(`openapi drift: ${messages.length} answer(s) of ${url} not as /openapi.json documents them:\n${[...new Set(messages)].slice(0, 10).join('\n\n')}`);
    },
  };
}

export async function startTestApp(env: Record<string, string> = {}, opts: { workers?: boolean } = {}): Promise<TestApp> {
  // An app given its DATABASE_URL (a second replica, see replicas.ts) shares it and leaves it in place.
  const pgdb = onPostgres && !env.DATA_DIR && !env.DATABASE_URL ? await freshPostgresDatabase() : null;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: 'memory://',
    PORT: '0',
    JOBS_MAINTENANCE_SECONDS: '1',
    JOBS_POLL_SECONDS: '0.5',
    RATE_LIMIT_PER_MINUTE: '0',
    ...(pgdb ? { DATABASE_URL: pgdb.url } : {}),
    ...env,
  });
  const app = await createApp(config, { workers: opts.workers ?? true });
  const drift = watchDrift(app);
  let url: string;
  try {
    url = await app.http.listen({ port: 0, host: '127.0.0.1' });
    await app.start();
  } catch (err) {
    await app.stop().catch(() => {});
    await pgdb?.drop();
    throw err;
  }
  return {
    app,
    url,
    config,
    databaseUrl: pgdb?.url ?? env.DATABASE_URL ?? null,
    drift: drift.messages,
    async stop() {
      await app.stop();
      await pgdb?.drop();
      drift.assertNone(url);
    },
  };
}

const CALL_TIMEOUT_MS = 120_000;

export interface JsonResponse {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

/** fetch with a JSON (or raw string) body, answering status, headers and the parsed body. */
export async function call(url: string, init: { method?: string; headers?: Record<string, string>; json?: unknown; body?: string | Buffer } = {}): Promise<JsonResponse> {
  const headers: Record<string, string> = { ...init.headers };
  let body: string | Buffer | undefined = init.body;
  if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    headers['content-type'] ??= 'application/json';
  }
  const method = init.method ?? (body !== undefined ? 'POST' : 'GET');
  // A request the server never answers fails its test (naming the URL) instead of hanging the run.
  const res = await fetch(url, { method, headers, body: body as BodyInit | undefined, signal: AbortSignal.timeout(CALL_TIMEOUT_MS) }).catch((err: Error) => {
    throw new Error(`${method} ${url}: ${err.name === 'TimeoutError' ? `no answer in ${CALL_TIMEOUT_MS / 1000} s` : err.message}`, { cause: err });
  });
  const text = await res.text();
  // The answer must be what /openapi.json documents (openapi-drift.ts).
  await checkAnswer(url, method, res.status, res.headers.get('content-type'), text);
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}
