/**
 * Two Maplelink replicas on one PostgreSQL database, as an operator runs them behind a
 * load balancer: each its own process state (pools, caches, pg-boss workers), one store,
 * one master key. Used by test/concurrency/, which needs TEST_DATABASE_URL.
 */
import pg from 'pg';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { freshPostgresDatabase, onPostgres, startTestApp, type TestApp } from './app.ts';

/**
 * Options for each test of test/concurrency/: on the embedded database (one process, whose
 * engine serialises everything) they are reported as skipped, not left out of the count.
 */
export const NEEDS_POSTGRES: { skip?: string } = onPostgres ? {} : { skip: 'needs PostgreSQL' };

export interface Replicas {
  /** The two apps; `urls[i]` is `apps[i].url`. */
  apps: [TestApp, TestApp];
  urls: [string, string];
  /** A direct connection to the shared database, to check the rows a race left. */
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
}

/** Starts two replicas on a fresh database of the TEST_DATABASE_URL server (dropped by stop()). */
export async function startReplicas(env: Record<string, string> = {}): Promise<Replicas> {
  const db = await freshPostgresDatabase();
  const shared = { DATABASE_URL: db.url, MAPLELINK_MASTER_KEY: randomBytes(32).toString('hex'), ...env };
  const apps: TestApp[] = [];
  const client = new pg.Client({ connectionString: db.url });
  try {
    // Started together, as replicas are: migrations and the sandbox tenant must cope with that too.
    apps.push(...(await Promise.all([startTestApp(shared), startTestApp(shared)])));
    await client.connect();
  } catch (err) {
    await Promise.allSettled(apps.map((a) => a.stop()));
    await client.end().catch(() => {});
    await db.drop();
    throw err;
  }
  return {
    apps: apps as [TestApp, TestApp],
    urls: [apps[0]!.url, apps[1]!.url],
    async sql<T>(text: string, params: unknown[] = []) {
      return (await client.query(text, params)).rows as T[];
    },
    async stop() {
      const stopped = await Promise.allSettled(apps.map((a) => a.stop()));
      await client.end().catch(() => {});
      await db.drop();
      // A replica's stop() fails on answers /openapi.json does not document (app.ts): that fails the file.
      const failed = stopped.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
}

/**
 * Sends `n` requests at once, alternating between the replicas, and answers them in order.
 * All are built before any is sent, so they reach the servers together.
 */
export async function race<T>(n: number, send: (i: number, base: string) => Promise<T>, urls: readonly string[]): Promise<T[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => send(i, urls[i % urls.length]!)));
}

/** Counts statuses, for assertion messages: { 200: 11, 500: 1 }. */
export function statusCounts(rs: readonly { status: number }[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const r of rs) out[r.status] = (out[r.status] ?? 0) + 1;
  return out;
}

export interface Receiver {
  url: string;
  /** Bodies received, in order. */
  bodies: string[];
  close(): Promise<void>;
}

/** A webhook receiver answering 200; `before(n)` may hold the n-th answer (1-based). */
export async function startReceiver(before: (n: number) => Promise<void> = async () => {}): Promise<Receiver> {
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString('utf8'));
      void before(bodies.length).then(() => res.writeHead(200).end());
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    bodies,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}
