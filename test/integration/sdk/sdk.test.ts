/**
 * The SDK (sdk/) against a running Maplelink: the Greatday flow with its security question answered
 * in onMfa, 202 polling (test_pending), the cached and refresh forms, a webhook Maplelink really sent
 * verified (and a tampered one refused), the error classes and their wire codes, Enrich, Upload,
 * Pay and FDX paging. Then the contract: the committed sdk/openapi.json and sdk/src/schema.d.ts are
 * what the server and openapi-typescript generate now. Last, the acceptance: the SDK packed with
 * `npm pack`, installed from its tarball into an empty project, runs the flow from there.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { answerFor, CID } from '../../support/flinks.ts';
import { waitFor } from '../../support/wait.ts';
import { debit, payToday } from '../../support/pay-fixtures.ts';
import { userToken } from '../outbound/helpers.ts';
import { happyBody } from '../pay/sessions-client.ts';
import { SANDBOX_TENANT } from '../../../src/platform/tenants.ts';
import {
  FdxError, FlinksClient, FlinksError, MfaRequiredError, OutboundError, PayError, PollTimeoutError,
  signatureHeaderOf, verifyWebhookSignature, type SecurityChallenge,
} from '../../../sdk/src/index.ts';
import { DOCUMENT_FILE, SCHEMA_FILE, SDK_DIR, schemaText } from '../../../scripts/sdk/openapi.ts';

const ROOT = join(SDK_DIR, '..');

interface Received { headers: IncomingHttpHeaders; raw: Buffer }

const SECRET = 'sdk-webhook-secret';
let t: TestApp;
let receiver: Server;
const received: Received[] = [];
/** Every request the SDK made, as method and path. */
const requests: string[] = [];

function client(opts: { fetch?: boolean } = {}): FlinksClient {
  return new FlinksClient({
    baseUrl: t.url,
    customerId: CID,
    secretKey: SANDBOX_TENANT.secretKey,
    apiKey: SANDBOX_TENANT.apiKey,
    fetch: opts.fetch === false ? undefined : (url, init) => {
      requests.push(`${init.method} ${new URL(url).pathname}`);
      return fetch(url, init);
    },
  });
}

const answerAll = (challenges: SecurityChallenge[]) => Object.fromEntries(challenges.map((c) => [c.Prompt, [answerFor(c.Prompt)]]));

before(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, raw: Buffer.concat(chunks) });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  // No tenant cache: aggregation reads the customer inside its own transaction (PGlite serves one query at a time).
  t = await startTestApp({ TENANT_CACHE_SECONDS: '0' });
  const port = (receiver.address() as { port: number }).port;
  await t.app.platform.tenants.update(CID, { webhookUrl: `http://127.0.0.1:${port}/flinks`, webhookSecret: SECRET });
});

after(async () => {
  await t?.stop();
  receiver?.close();
});

describe('Connect', () => {
  let greatday: { loginId: string; requestId: string };

  test('the Greatday flow: the 203 answered in onMfa, then the accounts with their transactions', async () => {
    const asked: { prompts: string[]; round: number }[] = [];
    requests.length = 0;
    greatday = await client().connect.authorize(
      { institution: 'FlinksCapital', username: 'Greatday', password: 'Everyday', save: true, tag: 'sdk-greatday' },
      {
        onMfa: (challenges, ctx) => {
          asked.push({ prompts: challenges.map((c) => c.Prompt), round: ctx.round });
          assert.equal(ctx.answer.HttpStatusCode, 203);
          assert.equal(ctx.answer.RequestId, ctx.requestId);
          return answerAll(challenges);
        },
      },
    );
    assert.deepEqual(asked, [{ prompts: ['What is the best country on earth?'], round: 1 }]);
    assert.match(greatday.loginId, /^[0-9a-f-]{36}$/);
    assert.match(greatday.requestId, /^[0-9a-f-]{36}$/);
    // With the secret key, a token is generated first; the answer goes back to Authorize.
    assert.deepEqual(requests, [
      `POST /v3/${CID}/BankingServices/GenerateAuthorizeToken`,
      `POST /v3/${CID}/BankingServices/Authorize`,
      `POST /v3/${CID}/BankingServices/Authorize`,
    ]);
    const detail = await client().connect.accountsDetail(greatday.requestId, { WithTransactions: true, DaysOfTransactions: 'Days365' });
    const accounts = detail.Accounts as { Title: string; Transactions: unknown[] }[];
    assert.equal(detail.HttpStatusCode, 200);
    assert.ok(accounts.length >= 4, JSON.stringify(detail).slice(0, 300));
    assert.ok(accounts.some((a) => a.Transactions.length > 0));
  });

  test('several 203 rounds are answered one after the other', async () => {
    const rounds: number[] = [];
    const r = await client().connect.authorize(
      { institution: 'FlinksCapital', username: 'greatday_rounds', password: 'Everyday' },
      { onMfa: (challenges, ctx) => (rounds.push(ctx.round), answerAll(challenges)) },
    );
    assert.deepEqual(rounds, [1, 2, 3]);
    assert.ok(r.loginId);
  });

  test('a 202 is polled on the Async endpoint until the data is there', async () => {
    const session = await client().connect.authorize({ institution: 'FlinksCapital', username: 'test_pending', password: 'Everyday' }, { onMfa: answerAll });
    requests.length = 0;
    const detail = await client().connect.accountsDetail(session.requestId, { intervalMs: 200, timeoutMs: 30_000 });
    assert.equal(detail.HttpStatusCode, 200);
    assert.ok((detail.Accounts as unknown[]).length > 0);
    assert.equal(requests[0], `POST /v3/${CID}/BankingServices/GetAccountsDetail`);
    const polls = requests.filter((r) => r === `GET /v3/${CID}/BankingServices/GetAccountsDetailAsync/${session.requestId}`);
    assert.ok(polls.length >= 2, requests.join('\n'));
    assert.equal(polls.length, requests.length - 1);
  });

  test('polling stops at its timeout, and at once when its signal aborts', async () => {
    const session = await client().connect.authorize({ institution: 'FlinksCapital', username: 'test_dispatched', password: 'Everyday' }, { onMfa: answerAll });
    const timedOut = await client().connect.accountsSummary(session.requestId, { intervalMs: 50, timeoutMs: 200 }).then(() => null, (e: unknown) => e);
    assert.ok(timedOut instanceof PollTimeoutError, String(timedOut));
    assert.equal(timedOut.requestId, session.requestId);

    const other = await client().connect.authorize({ institution: 'FlinksCapital', username: 'test_pending', password: 'Everyday', tag: 'abort' }, { onMfa: answerAll });
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(new Error('stop polling')), 300);
    await assert.rejects(client().connect.accountsDetail(other.requestId, { intervalMs: 5_000, signal: controller.signal }), /stop polling/);
    assert.ok(Date.now() - started < 4_000, 'the abort ended the wait between two polls');
  });

  test('the cached form answers the saved login at once; the refresh form goes to the bank again', async () => {
    const cached = await client().connect.authorizeCached(greatday.loginId);
    assert.equal(cached.loginId, greatday.loginId);
    assert.notEqual(cached.requestId, greatday.requestId);
    const summary = await client().connect.accountsSummary(cached.requestId);
    assert.equal(summary.HttpStatusCode, 200);
    assert.ok((summary.Accounts as unknown[]).length >= 4);
    // Greatday was saved with its answer: the refresh's question is answered from it, or by onMfa.
    const refreshed = await client().connect.refresh(greatday.loginId, { onMfa: answerAll });
    assert.equal(refreshed.loginId, greatday.loginId);
  });

  test('errors carry the FlinksCode and the HTTP status', async () => {
    const bad = await client().connect.authorize({ institution: 'FlinksCapital', username: 'Greatday', password: 'wrong' }).then(() => null, (e: unknown) => e);
    assert.ok(bad instanceof FlinksError, String(bad));
    assert.equal(bad.code, 'INVALID_PASSWORD');
    assert.equal(bad.status, 401);
    assert.match(bad.requestId ?? '', /^[0-9a-f-]{36}$/);

    const gone = await client().connect.accountsDetail(randomUUID()).then(() => null, (e: unknown) => e);
    assert.ok(gone instanceof FlinksError);
    assert.equal(gone.code, 'SESSION_NONEXISTENT');
    assert.equal(gone.status, 400);

    const mfa = await client().connect.authorize({ institution: 'FlinksCapital', username: 'Greatday', password: 'Everyday' }).then(() => null, (e: unknown) => e);
    assert.ok(mfa instanceof MfaRequiredError);
    assert.equal(mfa.challenges[0]?.Prompt, 'What is the best country on earth?');
    assert.ok(mfa.authorizeToken);
    // Answered later, as a web app does once the person typed the answer.
    const later = await client().connect.answerMfa(mfa.requestId, answerAll(mfa.challenges), { authorizeToken: mfa.authorizeToken });
    assert.equal(later.requestId, mfa.requestId);

    const wrongKey = new FlinksClient({ baseUrl: t.url, customerId: CID, secretKey: 'not-the-secret' });
    const refused = await wrongKey.connect.generateAuthorizeToken().then(() => null, (e: unknown) => e);
    assert.ok(refused instanceof FlinksError);
    assert.equal(refused.status, 401);
    assert.equal(refused.code, 'UNAUTHORIZED');
  });
});

describe('webhooks', () => {
  test('the GetAccountsDetail webhook Maplelink sent verifies; a tampered body, another secret or no header does not', async () => {
    const r = await client().connect.authorize({ institution: 'FlinksCapital', username: 'greatday_nomfa', password: 'Everyday', tag: 'sdk-hook' });
    const hook = await waitFor('the webhook', () => received.find((x) => {
      const body = JSON.parse(x.raw.toString('utf8')) as { ResponseType?: string; Login?: { Id?: string } };
      return body.ResponseType === 'GetAccountsDetail' && body.Login?.Id === r.loginId ? x : undefined;
    }), 30_000);
    const header = signatureHeaderOf(hook.headers);
    assert.ok(header);
    assert.equal(verifyWebhookSignature(hook.raw, header, SECRET), true);
    assert.equal(verifyWebhookSignature(hook.raw.toString('utf8'), hook.headers['x-flinks-signature'], SECRET), true);
    const tampered = Buffer.from(hook.raw.toString('utf8').replace('"HttpStatusCode":200', '"HttpStatusCode":201'));
    assert.notDeepEqual(tampered, hook.raw);
    assert.equal(verifyWebhookSignature(tampered, header, SECRET), false);
    assert.equal(verifyWebhookSignature(hook.raw, header, 'another-secret'), false);
    assert.equal(verifyWebhookSignature(hook.raw, undefined, SECRET), false);
    assert.equal(verifyWebhookSignature(hook.raw, header.slice(0, -2), SECRET), false);
  });

  test('Pay\'s sha256=<HEX> header (uppercase hex, compared without case) and the node-flinks vector', () => {
    const body = '{"eventType":"SessionSetupStatusChanged","sessionId":"s-1"}';
    const hex = createHmac('sha256', SECRET).update(body).digest('hex').toUpperCase();
    assert.equal(verifyWebhookSignature(body, `sha256=${hex}`, SECRET), true);
    assert.equal(verifyWebhookSignature(body, `sha256=${hex.toLowerCase()}`, SECRET), true);
    assert.equal(verifyWebhookSignature(body.replace('s-1', 's-2'), `sha256=${hex}`, SECRET), false);
    assert.equal(signatureHeaderOf({ 'X-Webhook-Signature': `sha256=${hex}` }), `sha256=${hex}`);
    // node-flinks' test vector (agmoss/node-flinks, test/lib/authenticity.test.ts; docs/webhooks.md): key
    // "secret" over JSON.stringify of its GetAccountsSummary payload, signed by another implementation.
    const vector = JSON.stringify({
      ResponseType: 'GetAccountsSummary', HttpStatusCode: 200,
      Accounts: [{
        TransitNumber: '77777', InstitutionNumber: '777', OverdraftLimit: 0, Title: 'Chequing CAD', AccountNumber: '1111000', Category: 'Operations',
        Type: 'Chequing', Currency: 'CAD', Id: 'ae1dac72-70da-4626-fed8-08d682e1ff4a', Holder: 'John Flinkyfoot', Balance: { Available: 6.04, Current: 49993.96, Limit: 5000 },
      }],
      Login: { Username: 'Greatday', IsScheduledRefresh: false, LastRefresh: '2019-05-09T13:47:46.5227901', Type: 'Personal', Id: '5e115eac-1209-4f19-641c-08d6d484e2fe' },
      Institution: 'FlinksCapital', RequestId: '1243c283-e0ca-4fda-a5e4-343068430190',
    });
    assert.equal(verifyWebhookSignature(vector, 'ojahxTBoMUfLsZyAoT67qXix1H0faUKXFTmu6V7vHeE=', 'secret'), true);
    assert.equal(verifyWebhookSignature(vector, 'ojahxTBoMUfLsZyAoT67qXix1H0faUKXFTmu6V7vHeE=', 'Secret'), false);
  });
});

describe('Enrich, Upload, Pay, Outbound', () => {
  test('Enrich: a use-case card and a custom card of a connected login', async () => {
    const r = await client().connect.authorize({ institution: 'FlinksCapital', username: 'persona_salaried', password: 'Everyday' });
    await client().connect.accountsDetail(r.requestId);
    const income = await client().enrich.attributes(r.loginId, r.requestId, 'GetIncomeAttributes', { intervalMs: 200, timeoutMs: 30_000 });
    assert.equal(typeof (income.Card as Record<string, unknown>).employer_name, 'string');
    const custom = await client().enrich.customAttributes(r.loginId, r.requestId, { Attributes: { Card: ['count_nsf_90_days'] } });
    assert.ok('count_nsf_90_days' in (custom.Card as Record<string, unknown>));
  });

  test('Upload: a CSV statement is read, its status polled from 202 to 200', async () => {
    const csv = readFileSync(new URL('../../fixtures/statements/csv/bmo.csv', import.meta.url));
    const created = await client().upload.documents([{ name: 'bmo.csv', data: csv, type: 'text/csv' }], { Tag: 'sdk' });
    assert.equal(created.HttpStatusCode, 202);
    const done = await client().upload.status(created.RequestId, { intervalMs: 200, timeoutMs: 60_000 });
    assert.equal(done.HttpStatusCode, 200);
    assert.equal(done.LoginId, created.LoginId);
  });

  test('Pay: an EFT transaction, its schedule, its cancel; ProblemDetails as PayError', async () => {
    const pay = client().pay;
    const created = await pay.createTransaction(debit(payToday()) as never, { idempotencyKey: randomUUID() });
    const schedule = (created.schedules as { id: string }[])[0]!;
    const read = await pay.getSchedule(schedule.id);
    assert.equal(read.id, schedule.id);
    await pay.cancelSchedule(schedule.id);
    const again = await pay.cancelSchedule(schedule.id).then(() => null, (e: unknown) => e);
    assert.ok(again instanceof PayError, String(again));
    assert.equal(again.status, 400);
    assert.equal(again.code, 'https://tools.ietf.org/html/rfc7231#section-6.5.1');
    assert.equal(again.detail, 'Schedule cannot be cancelled.');

    const missing = await pay.getSchedule(randomUUID()).then(() => null, (e: unknown) => e);
    assert.ok(missing instanceof PayError);
    assert.equal(missing.status, 404);

    const stranger = new FlinksClient({ baseUrl: t.url, customerId: CID, secretKey: 'wrong' });
    const refused = await stranger.pay.authorize().then(() => null, (e: unknown) => e);
    assert.ok(refused instanceof PayError);
    assert.equal(refused.status, 401);
    assert.equal(refused.code, 'invalid_client');

    // Sessions take the Bearer token the client fetched with the secret key.
    const session = await pay.createSession(happyBody() as never);
    const status = await pay.sessionStatus(session.sessionId);
    assert.equal(status.sessionId, session.sessionId);
    assert.equal(status.status, 'Initiated');
  });

  test('Outbound: a recipient, a person\'s consent, then FDX pages walked by the async iterator', async () => {
    const out = client().outbound;
    const recipient = await out.createRecipient({ name: 'SDK app', redirect_uris: ['https://app.example.com/callback'], scope: ['ACCOUNT_BASIC', 'TRANSACTIONS'] } as never) as { client_id: string; client_secret: string };
    await out.registerRecipients([recipient.client_id], [1000]);
    await waitFor('an ACTIVE registration', async () => {
      const list = await out.recipientRegistrations(recipient.client_id) as { provider_id: number; registration_status: string }[];
      return list.some((x) => x.provider_id === 1000 && x.registration_status === 'ACTIVE');
    }, 20_000, 200);
    const { access_token } = await userToken(t.url, { client_id: recipient.client_id, client_secret: recipient.client_secret, redirect_uris: ['https://app.example.com/callback'], scope: 'ACCOUNT_BASIC TRANSACTIONS' });
    const fdx = out.fdx(access_token);
    const pages: unknown[][] = [];
    for await (const page of fdx.pages('accounts', undefined, { limit: 1 })) pages.push(page.accounts as unknown[]);
    const all = await fdx.accounts();
    assert.equal(pages.length, (all.accounts as unknown[]).length);
    assert.ok(pages.length >= 2);
    assert.ok(pages.every((p) => p.length === 1));

    const bad = await out.fdx('not-a-token').accounts().then(() => null, (e: unknown) => e);
    assert.ok(bad instanceof FdxError, String(bad));
    assert.equal(bad.code, '1205');
    assert.equal(bad.status, 401);
    const denied = await out.token({ grant_type: 'client_credentials', client_id: 'toolbox-partner', client_secret: 'wrong', scope: 'client:admin' }).then(() => null, (e: unknown) => e);
    assert.ok(denied instanceof OutboundError);
    assert.equal(denied.code, 'invalid_client');
  });
});

describe('the contract', () => {
  test('sdk/openapi.json is the document the server serves now (npm run build:sdk writes it again)', async () => {
    const served: unknown = await (await fetch(`${t.url}/openapi.json`)).json();
    const committed: unknown = JSON.parse(readFileSync(DOCUMENT_FILE, 'utf8'));
    assert.deepEqual(committed, served, 'sdk/openapi.json is stale: run npm run build:sdk and commit sdk/');
  });

  test('sdk/src/schema.d.ts is what openapi-typescript makes of it', async () => {
    const committed: unknown = JSON.parse(readFileSync(DOCUMENT_FILE, 'utf8'));
    assert.equal(readFileSync(SCHEMA_FILE, 'utf8'), await schemaText(committed), 'sdk/src/schema.d.ts is stale: run npm run build:sdk and commit sdk/');
  });
});

describe('the packed SDK in an empty project', () => {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  test('installed from its npm pack tarball, it runs the Greatday flow and checks a webhook signature', { timeout: 300_000 }, async () => {
    const packDir = mkdtempSync(join(tmpdir(), 'maplelink-sdk-pack-'));
    const project = mkdtempSync(join(tmpdir(), 'maplelink-sdk-app-'));
    dirs.push(packDir, project);
    // Asynchronous: the server answering the script runs in this process, so its event loop must keep turning.
    const run = (cmd: string, args: string[], cwd: string, env: Record<string, string> = {}) => new Promise<string>((resolve, reject) => {
      execFile(cmd, args, { cwd, encoding: 'utf8', timeout: 180_000, env: { ...process.env, ...env } }, (err, stdout, stderr) => {
        if (err) reject(new Error(`${cmd} ${args.join(' ')} failed (${err.message}):\n${stdout}\n${stderr}`));
        else resolve(stdout);
      });
    });
    // prepack compiles the SDK (tsc), so the tarball holds dist/ whatever the checkout has.
    await run('npm', ['pack', '--pack-destination', packDir], SDK_DIR);
    const tarball = readdirSync(packDir).find((f) => f.endsWith('.tgz'));
    assert.ok(tarball, 'npm pack made no tarball');
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'sdk-consumer', version: '1.0.0', private: true, type: 'module' }));
    await run('npm', ['install', '--no-audit', '--no-fund', '--offline', join(packDir, tarball)], project);
    const installed = JSON.parse(readFileSync(join(project, 'node_modules', '@maplelink', 'flinks-client', 'package.json'), 'utf8')) as { dependencies?: object };
    assert.equal(installed.dependencies, undefined, 'the SDK has no runtime dependency');
    // The declarations ship with the generated types they import.
    const dist = readdirSync(join(project, 'node_modules', '@maplelink', 'flinks-client', 'dist'));
    for (const f of ['index.js', 'index.d.ts', 'schema.d.ts', 'connect.d.ts']) assert.ok(dist.includes(f), `${f} is not in the tarball: ${dist.join(', ')}`);
    writeFileSync(join(project, 'flow.mjs'), CONSUMER_SCRIPT);
    writeFileSync(join(project, 'check.ts'), CONSUMER_TYPES);
    writeFileSync(join(project, 'readme.ts'), readmeExamples());
    const [out] = await Promise.all([
      run(process.execPath, ['flow.mjs'], project, { BASE: t.url, CUSTOMER_ID: CID, SECRET_KEY: SANDBOX_TENANT.secretKey, API_KEY: SANDBOX_TENANT.apiKey }),
      // A TypeScript consumer gets the generated types through the installed declarations: each
      // expected error in CONSUMER_TYPES is unused (itself an error) unless the document's types reached it.
      run(process.execPath, [
        join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '--skipLibCheck', '--strict', '--target', 'es2022',
        '--module', 'nodenext', '--moduleResolution', 'nodenext', '--types', 'node', '--typeRoots', join(ROOT, 'node_modules', '@types'), 'check.ts', 'readme.ts',
      ], project),
    ]);
    const result = JSON.parse(out.trim().split('\n').pop()!) as Record<string, unknown>;
    assert.deepEqual(result, { prompts: ['What is the best country on earth?'], accounts: true, pending: true, signed: true, tampered: false, errorCode: 'INVALID_PASSWORD' });
  });
});

/**
 * What an integrator writes, in plain ESM against the installed package: its own webhook receiver
 * (the customer's settings point at it), Greatday with its question answered in onMfa, a 202
 * polled, a signature checked and a tampered body refused, an error switched on by its code.
 */
const CONSUMER_SCRIPT = `
import { createServer } from 'node:http';
import { FlinksClient, FlinksError, verifyWebhookSignature, signatureHeaderOf } from '@maplelink/flinks-client';

const { BASE, CUSTOMER_ID, SECRET_KEY, API_KEY } = process.env;
const SECRET = 'consumer-webhook-secret';
const hooks = [];
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => { hooks.push({ raw: Buffer.concat(chunks), headers: req.headers }); res.writeHead(200).end(); });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const settings = await fetch(BASE + '/v3/' + CUSTOMER_ID + '/settings', {
  method: 'PATCH',
  headers: { 'flinks-auth-key': SECRET_KEY, 'content-type': 'application/json' },
  body: JSON.stringify({ WebhookUrl: 'http://127.0.0.1:' + server.address().port + '/hooks', WebhookSecret: SECRET }),
});
if (!settings.ok) throw new Error('settings: ' + settings.status + ' ' + await settings.text());

const flinks = new FlinksClient({ baseUrl: BASE, customerId: CUSTOMER_ID, secretKey: SECRET_KEY, apiKey: API_KEY });
const prompts = [];
const onMfa = (challenges) => {
  for (const c of challenges) prompts.push(c.Prompt);
  return Object.fromEntries(challenges.map((c) => [c.Prompt, ['Canada']]));
};
const { loginId, requestId } = await flinks.connect.authorize(
  { institution: 'FlinksCapital', username: 'Greatday', password: 'Everyday', save: true, tag: 'consumer' }, { onMfa });
const detail = await flinks.connect.accountsDetail(requestId, { WithTransactions: true });

const slow = await flinks.connect.authorize({ institution: 'FlinksCapital', username: 'test_pending', password: 'Everyday', tag: 'consumer' }, { onMfa: () => ({ 'What is the best country on earth?': ['Canada'] }) });
const pending = await flinks.connect.accountsSummary(slow.requestId, { intervalMs: 200, timeoutMs: 30000 });

const deadline = Date.now() + 30000;
let hook;
while (!hook && Date.now() < deadline) {
  hook = hooks.find((h) => { const b = JSON.parse(h.raw.toString('utf8')); return b.ResponseType === 'GetAccountsDetail' && b.Login?.Id === loginId; });
  if (!hook) await new Promise((r) => setTimeout(r, 100));
}
if (!hook) throw new Error('no webhook for ' + loginId);
const header = signatureHeaderOf(hook.headers);
const signed = verifyWebhookSignature(hook.raw, header, SECRET);
const tampered = verifyWebhookSignature(Buffer.from(hook.raw.toString('utf8').replace(loginId, loginId.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')))), header, SECRET);

let errorCode = null;
try {
  await flinks.connect.authorize({ institution: 'FlinksCapital', username: 'Greatday', password: 'nope' });
} catch (e) {
  if (e instanceof FlinksError) errorCode = e.code;
}
server.close();
console.log(JSON.stringify({ prompts, accounts: detail.Accounts.length >= 4, pending: pending.HttpStatusCode === 200 && pending.Accounts.length > 0, signed, tampered, errorCode }));
`;

/** What a TypeScript integrator writes: checked with tsc against the installed package, not run. */
const CONSUMER_TYPES = `
import { FlinksClient, FlinksError } from '@maplelink/flinks-client';

const flinks = new FlinksClient({ baseUrl: 'http://localhost:3000', customerId: 'x' });
export async function run(requestId: string): Promise<unknown> {
  const detail = await flinks.connect.accountsDetail(requestId, { WithTransactions: true, DaysOfTransactions: 'Days365' });
  // @ts-expect-error DaysOfTransactions takes the values the document lists
  await flinks.connect.accountsDetail(requestId, { DaysOfTransactions: 'Days7' });
  const created = await flinks.upload.documents([]);
  const id: string = created.RequestId;
  // @ts-expect-error RequestId is a string in the document
  const wrong: number = created.RequestId;
  try {
    await flinks.connect.authorize({ loginId: id });
  } catch (e) {
    if (e instanceof FlinksError) return e.code.toLowerCase();
  }
  return [detail.HttpStatusCode, wrong];
}
`;

/**
 * The TypeScript blocks of sdk/README.md as one module, so the examples compile against the package
 * they describe; the names the README leaves to the reader (its UI, its data) are declared here.
 */
function readmeExamples(): string {
  const blocks = [...readFileSync(join(SDK_DIR, 'README.md'), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
  assert.ok(blocks.length >= 3, 'the README has its Connect flow, webhook handler and products examples');
  return [
    "import type { EftTransaction, SessionBody } from '@maplelink/flinks-client';",
    'declare function ask(prompt: string): Promise<string>;',
    'declare const csvBytes: Uint8Array, transaction: EftTransaction, sessionBody: SessionBody, accessToken: string, accountId: string;',
    ...blocks,
  ].join('\n');
}
