/**
 * The example application's backend (fastify): the only place that holds the
 * Flinks secret key and x-api-key. It talks to Maplelink (MAPLELINK_URL) exactly
 * as it would talk to Flinks, and serves the built front end (web/dist).
 *
 *   POST /api/token      GenerateAuthorizeToken → {token}
 *   POST /api/accounts   {loginId}: cached Authorize, then GetAccountsDetail (polling the Async endpoint on 202)
 *   POST /api/refresh    {loginId}: live Authorize; 200 → {status:'ready', ...data}; 203 → {status:'mfa', requestId, authorizeToken}
 *   POST /api/after-mfa  {requestId}: the data of the session the widget just authorized
 *   GET  /api/config     {maplelinkUrl, customerId}: where the front end loads the widget from
 *
 * Run: node --import tsx examples/aggregation-app/server.ts (or `npm run example` at the root).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { DIST, ensureFrontEndBuilt } from './build.ts';
import type { Account, AccountsData, ApiErrorBody, Config, RefreshResult } from './shared.ts';

export interface ExampleOptions {
  maplelinkUrl: string;
  customerId: string;
  secretKey: string;
  apiKey: string;
  /** Between two polls of GetAccountsDetailAsync (1 s). */
  pollIntervalMs?: number;
  /** Gives up polling after this long (60 s). */
  pollTimeoutMs?: number;
  /** fastify's logger (off by default). */
  logger?: boolean;
}

export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): ExampleOptions {
  return {
    maplelinkUrl: (env.MAPLELINK_URL || 'http://localhost:3000').replace(/\/+$/, ''),
    customerId: env.FLINKS_CUSTOMER_ID || '43387ca6-0391-4c82-857d-70d95f087ecb',
    secretKey: env.FLINKS_SECRET || 'c4569c54-e167-4d34-8de6-f4113bc82414',
    apiKey: env.FLINKS_API_KEY || '3d5266a8-b697-48d4-8de6-52e2e2662acc',
    logger: env.LOG === '1',
  };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A Flinks answer that is not what the application expected; its status and FlinksCode are passed on. */
class UpstreamError extends Error {
  constructor(readonly status: number, message: string, readonly flinksCode?: string) {
    super(message);
  }
}

interface FlinksResponse {
  status: number;
  body: any;
}

// ---- Flinks API client ---------------------------------------------------------------

class Flinks {
  constructor(private readonly o: Required<Omit<ExampleOptions, 'logger'>>) {}

  private url(path: string): string {
    return `${this.o.maplelinkUrl}/v3/${this.o.customerId}/BankingServices/${path}`;
  }

  private async send(path: string, init: { method?: 'GET' | 'POST'; json?: unknown; headers?: Record<string, string> }): Promise<FlinksResponse> {
    let res: Response;
    try {
      res = await fetch(this.url(path), {
        method: init.method ?? 'POST',
        headers: { ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
        body: init.json !== undefined ? JSON.stringify(init.json) : undefined,
      });
    } catch (err) {
      throw new UpstreamError(502, `Maplelink is not reachable at ${this.o.maplelinkUrl}: ${(err as Error).message}`);
    }
    const text = await res.text();
    let body: any = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = { Message: text };
    }
    return { status: res.status, body };
  }

  private fail(what: string, r: FlinksResponse): never {
    const message = r.body?.Message ?? `${what} answered ${r.status}`;
    // A 4xx of Flinks is the client's business (an unknown login, a session that ended); anything else is a bad gateway.
    throw new UpstreamError(r.status >= 400 && r.status < 500 ? r.status : 502, `${what}: ${message}`, r.body?.FlinksCode);
  }

  async authorizeToken(): Promise<string> {
    const r = await this.send('GenerateAuthorizeToken', { headers: { 'flinks-auth-key': this.o.secretKey } });
    if (r.status !== 200 || typeof r.body?.Token !== 'string') this.fail('GenerateAuthorizeToken', r);
    return r.body.Token;
  }

  /** Authorize with a fresh authorize token in flinks-auth-key. */
  async authorize(json: Record<string, unknown>): Promise<FlinksResponse> {
    const token = await this.authorizeToken();
    const r = await this.send('Authorize', { json, headers: { 'flinks-auth-key': token } });
    if (r.status !== 200 && r.status !== 203) this.fail('Authorize', r);
    return r;
  }

  /** GetAccountsDetail for an authorized RequestId; on 202, polls GetAccountsDetailAsync until 200. */
  async accountsDetail(requestId: string): Promise<any> {
    const headers = { 'x-api-key': this.o.apiKey };
    let r = await this.send('GetAccountsDetail', {
      json: { RequestId: requestId, WithAccountIdentity: true, WithTransactions: true, DaysOfTransactions: 'Days90' },
      headers,
    });
    const until = Date.now() + this.o.pollTimeoutMs;
    while (r.status === 202) {
      if (Date.now() > until) throw new UpstreamError(504, `GetAccountsDetail still processing after ${this.o.pollTimeoutMs / 1000} s`, r.body?.FlinksCode);
      await new Promise((resolve) => setTimeout(resolve, this.o.pollIntervalMs));
      r = await this.send(`GetAccountsDetailAsync/${encodeURIComponent(requestId)}`, { method: 'GET', headers });
    }
    if (r.status !== 200) this.fail('GetAccountsDetail', r);
    return r.body;
  }
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : null);

/** The Flinks GetAccountsDetail answer, reduced to what the page shows (no full account numbers, no KYC). */
export function toAccountsData(body: any, requestId: string, loginId?: string): AccountsData {
  const accounts: Account[] = (body?.Accounts ?? []).map((a: any): Account => {
    const number = typeof a.AccountNumber === 'string' ? a.AccountNumber : null;
    return {
      id: String(a.Id),
      title: String(a.Title ?? a.Type ?? 'Account'),
      type: a.Type ?? null,
      category: a.Category ?? null,
      currency: String(a.Currency ?? 'CAD'),
      accountNumberLast4: a.LastFourDigits ?? (number ? number.slice(-4) : null),
      balance: { available: num(a.Balance?.Available), current: num(a.Balance?.Current), limit: num(a.Balance?.Limit) },
      transactions: (a.Transactions ?? []).map((t: any) => ({
        id: String(t.Id),
        date: String(t.Date),
        description: String(t.Description ?? ''),
        debit: num(t.Debit),
        credit: num(t.Credit),
        balance: num(t.Balance),
      })),
    };
  });
  return {
    loginId: String(body?.Login?.Id ?? loginId ?? ''),
    requestId,
    institution: body?.Institution ?? body?.InstitutionName ?? null,
    lastRefresh: body?.Login?.LastRefresh ?? null,
    accounts,
  };
}

// ---- the server ----------------------------------------------------------------------

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

function sendFile(reply: FastifyReply, path: string, immutable: boolean): FastifyReply {
  reply.header('content-type', TYPES[extname(path)] ?? 'application/octet-stream');
  reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  return reply.send(readFileSync(path));
}

function guid(v: unknown, name: string): string {
  if (typeof v !== 'string' || !GUID.test(v.trim())) throw new UpstreamError(400, `${name} must be a GUID`);
  return v.trim().toLowerCase();
}

export function createExampleServer(options: ExampleOptions): FastifyInstance {
  const o = { pollIntervalMs: 1000, pollTimeoutMs: 60_000, ...options, maplelinkUrl: options.maplelinkUrl.replace(/\/+$/, '') };
  const flinks = new Flinks(o);
  const app = Fastify({ logger: o.logger ?? false });

  app.setErrorHandler((err: Error & { statusCode?: number }, _req, reply) => {
    if (err instanceof UpstreamError) {
      const body: ApiErrorBody = { error: err.message, ...(err.flinksCode ? { flinksCode: err.flinksCode } : {}) };
      return reply.status(err.status).send(body);
    }
    const status = err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) app.log.error(err);
    return reply.status(status).send({ error: status === 500 ? 'Internal error' : err.message } satisfies ApiErrorBody);
  });

  app.get('/api/config', async (): Promise<Config> => ({ maplelinkUrl: o.maplelinkUrl, customerId: o.customerId }));

  app.post('/api/token', async () => ({ token: await flinks.authorizeToken() }));

  app.post('/api/accounts', async (req): Promise<AccountsData> => {
    const loginId = guid((req.body as any)?.loginId, 'loginId');
    const auth = await flinks.authorize({ LoginId: loginId, MostRecentCached: true });
    if (auth.status !== 200) throw new UpstreamError(502, `A cached Authorize answered ${auth.status}`);
    const requestId = String(auth.body.RequestId);
    return toAccountsData(await flinks.accountsDetail(requestId), requestId, loginId);
  });

  app.post('/api/refresh', async (req): Promise<RefreshResult> => {
    const loginId = guid((req.body as any)?.loginId, 'loginId');
    const auth = await flinks.authorize({ LoginId: loginId, MostRecentCached: false });
    const requestId = String(auth.body.RequestId);
    if (auth.status === 203) {
      // The person answers in the widget: it resumes this session with a token of its own.
      return { status: 'mfa', requestId, authorizeToken: await flinks.authorizeToken() };
    }
    return { status: 'ready', ...toAccountsData(await flinks.accountsDetail(requestId), requestId, loginId) };
  });

  app.post('/api/after-mfa', async (req): Promise<AccountsData> => {
    const requestId = guid((req.body as any)?.requestId, 'requestId');
    return toAccountsData(await flinks.accountsDetail(requestId), requestId);
  });

  app.all('/api/*', async (_req, reply) => reply.status(404).send({ error: 'Not found' } satisfies ApiErrorBody));

  // The built front end: hashed assets, and index.html for every other page (/, /connected, ...).
  app.get('/*', async (req, reply) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = normalize(join(DIST, path));
    if (path.startsWith('/assets/') && file.startsWith(DIST + sep) && existsSync(file) && statSync(file).isFile()) return sendFile(reply, file, true);
    const index = join(DIST, 'index.html');
    if (!existsSync(index)) return reply.status(503).type('text/plain').send('The front end is not built: node --import tsx examples/aggregation-app/server.ts builds it (vite).');
    return sendFile(reply, index, false);
  });

  return app;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  ensureFrontEndBuilt();
  const options = optionsFromEnv();
  const port = Number(process.env.PORT || 4000);
  const app = createExampleServer(options);
  try {
    await app.listen({ port, host: process.env.HOST || 'localhost' });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  }
  process.stdout.write(`Example application on http://localhost:${port} (Maplelink: ${options.maplelinkUrl}, customer ${options.customerId})\n`);
  const health = await fetch(`${options.maplelinkUrl}/health`).catch(() => null);
  if (!health?.ok) process.stderr.write(`Warning: Maplelink does not answer at ${options.maplelinkUrl}/health: start it (npm start) or set MAPLELINK_URL.\n`);
}
