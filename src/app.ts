/**
 * The composition root: which products make up Maplelink, and how a process
 * starts (storage, migrations, jobs, HTTP) and stops (drain, then close).
 */
import type { FastifyInstance } from 'fastify';
import type { Config } from './platform/config.ts';
import type { Logger } from './platform/logger.ts';
import { buildHttpServer } from './platform/server.ts';
import { migrateAll, openPlatform, type Platform, type Product, type Readiness } from './platform/platform.ts';
import { products as allProducts } from './products.ts';
import type { DataDirLock } from './platform/datadir-lock.ts';

export interface App {
  platform: Platform;
  http: FastifyInstance;
  readiness: Readiness;
  /** Opens storage, migrates, starts jobs (and workers when asked), marks ready. */
  start(): Promise<void>;
  /** Stops taking requests, lets in-flight requests and jobs finish, closes storage. */
  stop(): Promise<void>;
  url: string | null;
  /** The operator key this start generated (to print once), with the file it was saved to. */
  generatedOperatorKey: { key: string; file: string | null } | null;
}

export interface AppOptions {
  workers?: boolean;
  http?: boolean;
  logger?: Logger;
  products?: Product[];
  /** The embedded directory's lock, when the caller took it already (see openPlatform). */
  lock?: DataDirLock;
  /** What the lock file names this process as (`serve`, `worker`). */
  command?: string;
}

export async function createApp(config: Config, opts: AppOptions = {}): Promise<App> {
  const products = opts.products ?? allProducts();
  const platform = await openPlatform(config, products, opts.logger, { lock: opts.lock, command: opts.command });
  const readiness: Readiness = { ready: false };
  for (const product of products) await product.setup?.(platform);
  const http = await buildHttpServer(platform, products, readiness);
  const app: App = {
    platform,
    http,
    readiness,
    url: null,
    generatedOperatorKey: null,
    async start() {
      await migrateAll(platform, products);
      await platform.refreshClock();
      app.generatedOperatorKey = await platform.operatorKey.ensure();
      if (config.sandbox) await platform.tenants.ensureSandbox();
      await platform.jobs.start(opts.workers ?? true);
      for (const product of products) await product.ready?.(platform);
      readiness.ready = true;
    },
    async stop() {
      readiness.ready = false;
      await http.close();
      // What the request log still buffers, once no request is left to record.
      await platform.requestLog.close();
      await platform.jobs.stop();
      await platform.db.close();
    },
  };
  return app;
}

/** Listens first (so /health can answer 503 while starting), then starts. */
export async function serve(config: Config, opts: AppOptions = {}): Promise<App> {
  const app = await createApp(config, opts);
  const address = await app.http.listen({ port: config.port, host: config.host });
  app.url = address;
  // The CLI finds the running server (its operator API) through the directory's lock.
  app.platform.db.lock?.record({ url: address });
  await app.start();
  return app;
}
