/**
 * maplelink tenant create | list | show | rotate-secret | delete
 *
 * Where a server runs, through its operator API, so that the command never opens an
 * embedded directory the server holds and the server sees the change at once:
 *   - --url URL or MAPLELINK_URL names it (and then only it: an unreachable server is an error);
 *   - otherwise, on the embedded database, the directory's lock names the live server and its URL.
 * Where none runs (the lock is free, or on PostgreSQL without a URL), on the database
 * directly, taking the embedded directory's lock for the while.
 * The key is MAPLELINK_OPERATOR_KEY, or the key file the server generated in DATA_DIR.
 */
import { parseArgs } from 'node:util';
import type { Config } from '../platform/config.ts';
import { readDataDirLock } from '../platform/datadir-lock.ts';
import { readOperatorKeyFile, OPERATOR_KEY_FILE } from '../platform/operator/key.ts';
import type { CreateCustomer } from '../platform/operator/customers.ts';

export const TENANT_USAGE = `Usage: maplelink tenant <command> [--url URL]

  create [--name NAME] [--permissive] [--webhook-url URL] [--webhook-secret S] [--allowed-origin ORIGIN]...
                                  Create a customer and print its keys once
  list                            Every customer
  show CUSTOMER_ID                One customer's settings
  rotate-secret CUSTOMER_ID [--api-key]
                                  A new secret key (and x-api-key), printed once; the old one stops working
  delete CUSTOMER_ID --yes        Delete the customer and every row it owns

Beside a running server the command goes through its operator API: --url or MAPLELINK_URL names the server,
else the embedded directory's lock does; the key is MAPLELINK_OPERATOR_KEY or DATA_DIR/${OPERATOR_KEY_FILE}.
With no server running it works on the database directly.`;

/** How long to wait for a server that holds the directory but is still starting. */
const STARTING_WAIT_MS = 120_000;
const REQUEST_TIMEOUT_MS = 60_000;

class UsageError extends Error {}
class CliError extends Error {}

type Op =
  | { kind: 'create'; input: CreateCustomer }
  | { kind: 'list' }
  | { kind: 'show'; id: string }
  | { kind: 'rotate-secret'; id: string; apiKey: boolean }
  | { kind: 'delete'; id: string };

function parse(args: string[]): { op: Op; url: string | undefined } {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      name: { type: 'string', default: 'Customer' },
      permissive: { type: 'boolean', default: false },
      'webhook-url': { type: 'string' },
      'webhook-secret': { type: 'string' },
      'allowed-origin': { type: 'string', multiple: true },
      'api-key': { type: 'boolean', default: false },
      yes: { type: 'boolean', default: false },
    },
  });
  const id = () => {
    if (positionals.length !== 1) throw new UsageError(`tenant ${sub} needs one CUSTOMER_ID`);
    return positionals[0]!.toLowerCase();
  };
  const none = () => {
    if (positionals.length > 0) throw new UsageError(`unexpected argument: ${positionals[0]}`);
  };
  let op: Op;
  switch (sub) {
    case 'create':
      none();
      op = {
        kind: 'create',
        input: {
          name: values.name,
          permissive: values.permissive,
          webhookUrl: values['webhook-url'] ?? null,
          webhookSecret: values['webhook-secret'] ?? null,
          allowedOrigins: values['allowed-origin'] ?? [],
        },
      };
      break;
    case 'list':
      none();
      op = { kind: 'list' };
      break;
    case 'show':
      op = { kind: 'show', id: id() };
      break;
    case 'rotate-secret':
      op = { kind: 'rotate-secret', id: id(), apiKey: values['api-key'] };
      break;
    case 'delete':
      op = { kind: 'delete', id: id() };
      if (!values.yes) throw new UsageError(`tenant delete removes customer ${op.id} and everything it owns (logins, requests, documents, payments, recipients, webhooks): add --yes to confirm`);
      break;
    default:
      throw new UsageError(sub ? `unknown tenant command: ${sub}` : 'which tenant command?');
  }
  return { op, url: values.url };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A server bound to every interface is reached on loopback. */
function reachable(url: string): string {
  return url.replace('//0.0.0.0', '//127.0.0.1').replace('//[::]', '//[::1]').replace(/\/+$/, '');
}

type Target = { kind: 'api'; url: string; explicit: boolean } | { kind: 'direct' };

/** Where the command goes: a named server, the embedded directory's live holder, or the database. */
async function locate(config: Config, url: string | undefined): Promise<Target> {
  const named = url ?? process.env.MAPLELINK_URL;
  if (named) return { kind: 'api', url: reachable(named), explicit: true };
  if (config.databaseUrl || config.dataDir === 'memory://') return { kind: 'direct' };
  const until = Date.now() + STARTING_WAIT_MS;
  for (;;) {
    const lock = readDataDirLock(config.dataDir);
    if (!lock || lock.state === 'dead') return { kind: 'direct' };
    if (lock.holder.url) return { kind: 'api', url: reachable(lock.holder.url), explicit: false };
    if (lock.holder.command === 'worker') {
      throw new CliError(`pid ${lock.holder.pid} (\`maplelink worker\`) holds ${config.dataDir} and serves no API: stop it, or run \`maplelink serve\` instead`);
    }
    // A server that does not listen yet, or a short command (migrate, another tenant command): wait for it.
    if (Date.now() > until) {
      throw new CliError(`pid ${lock.holder.pid} (\`maplelink ${lock.holder.command}\`) holds ${config.dataDir} and does not listen: wait for it to finish or stop it`);
    }
    await sleep(200);
  }
}

interface Answer {
  status: number;
  body: unknown;
}

async function callApi(target: { url: string; explicit: boolean }, key: string, op: Op, config: Config): Promise<Answer | 'gone'> {
  const path = '/operator/v1/customers';
  const [method, route, body] =
    op.kind === 'create' ? ['POST', path, op.input]
    : op.kind === 'list' ? ['GET', path, undefined]
    : op.kind === 'show' ? ['GET', `${path}/${op.id}`, undefined]
    : op.kind === 'rotate-secret' ? ['POST', `${path}/${op.id}/rotate-secret`, { apiKey: op.apiKey }]
    : ['DELETE', `${path}/${op.id}?confirm=${op.id}`, undefined];
  const until = Date.now() + STARTING_WAIT_MS;
  for (;;) {
    let res: Response;
    try {
      res = await fetch(target.url + route, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (err) {
      // Not answering: a discovered server may have stopped since (then the directory is free).
      if (!target.explicit) {
        const lock = readDataDirLock(config.dataDir);
        if (!lock || lock.state === 'dead') return 'gone';
      }
      if (Date.now() > until || target.explicit) {
        throw new CliError(`the server at ${target.url} does not answer (${(err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message})`);
      }
      await sleep(500);
      continue;
    }
    if (res.status === 503 && Date.now() < until) {
      await sleep(500);
      continue;
    }
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = { error: text };
    }
    return { status: res.status, body: parsed };
  }
}

/** The same operations on the database, when no server holds it. */
async function direct(config: Config, op: Op): Promise<Answer> {
  const [{ default: pino }, { createLogger }, { migrateAll, openPlatform }, { products }, { CustomerAdmin, CreateCustomer }] = await Promise.all([
    import('pino'),
    import('../platform/logger.ts'),
    import('../platform/platform.ts'),
    import('../products.ts'),
    import('../platform/operator/customers.ts'),
  ]);
  const input = op.kind === 'create' ? CreateCustomer.safeParse(op.input) : null;
  if (input && !input.success) return { status: 400, body: { error: input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') } };
  const list = products();
  // Logs go to stderr: stdout carries the answer, for scripts to parse. openDb takes the directory's lock.
  const p = await openPlatform(config, list, createLogger('warn', pino.destination(2)), { command: `tenant ${op.kind}` });
  try {
    await migrateAll(p, list);
    const admin = new CustomerAdmin(p.db, p.tenants, list.flatMap((x) => (x.customerData ? [x.customerData] : [])));
    const found = (v: unknown, id: string): Answer => (v ? { status: 200, body: v } : { status: 404, body: { error: `no customer ${id}` } });
    switch (op.kind) {
      case 'create':
        return { status: 201, body: await admin.create(input!.data) };
      case 'list':
        return { status: 200, body: { customers: await admin.list() } };
      case 'show':
        return found(await admin.show(op.id), op.id);
      case 'rotate-secret':
        return found(await admin.rotateSecret(op.id, { apiKey: op.apiKey }), op.id);
      case 'delete':
        return found(await admin.delete(op.id), op.id);
    }
  } finally {
    await p.db.close();
  }
}

function print(op: Op, answer: Answer): number {
  if (answer.status >= 400) {
    const b = answer.body as { error?: string; code?: string };
    process.stderr.write(`maplelink: ${b?.error ?? `HTTP ${answer.status}`}\n`);
    return 1;
  }
  const body = op.kind === 'list' ? (answer.body as { customers: unknown[] }).customers : answer.body;
  process.stdout.write(JSON.stringify(body, null, 2) + '\n');
  // The reminder goes to stderr, so that stdout is the JSON alone (docs/getting-started.md parses it).
  if (op.kind === 'create' || op.kind === 'rotate-secret') process.stderr.write('# The secret key and x-api-key are shown once: Maplelink keeps only their digests.\n');
  return 0;
}

export async function runTenant(args: string[], config: Config): Promise<number> {
  if (args[0] === undefined || args[0] === 'help' || args.includes('--help') || args.includes('-h')) {
    process.stdout.write(TENANT_USAGE + '\n');
    return args[0] === undefined ? 2 : 0;
  }
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (err) {
    process.stderr.write(`maplelink: ${(err as Error).message}\n\n${TENANT_USAGE}\n`);
    return 2;
  }
  const { op } = parsed;
  try {
    const target = await locate(config, parsed.url);
    if (target.kind === 'api') {
      const key = config.operatorKey ?? readOperatorKeyFile(config.dataDir);
      if (!key) {
        throw new CliError(`a server runs at ${target.url}, and changes go through it: set MAPLELINK_OPERATOR_KEY (or run as a user who can read ${config.dataDir}/${OPERATOR_KEY_FILE})`);
      }
      const answer = await callApi(target, key, op, config);
      if (answer !== 'gone') {
        process.stderr.write(`# through the server at ${target.url}\n`);
        return print(op, answer);
      }
    }
    return print(op, await direct(config, op));
  } catch (err) {
    if (err instanceof CliError) {
      process.stderr.write(`maplelink: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}
