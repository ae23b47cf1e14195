/**
 * The platform every product hangs on: configuration, storage, the keyring,
 * customers, the job system, the clock and the logger, opened in order and
 * closed in reverse.
 */
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { loadKeyring, type Keyring } from './crypto.ts';
import { openDb, type Db, type Queryable } from './db.ts';
import type { DataDirLock } from './datadir-lock.ts';
import { Jobs } from './jobs.ts';
import { createLogger, type Logger } from './logger.ts';
import { migrate, type Migration } from './migrations.ts';
import { platformMigrations } from './schema.ts';
import { ShiftableClock } from './clock.ts';
import { Tenants } from './tenants.ts';
import { Webhooks } from './webhooks/index.ts';
import { OperatorKey } from './operator/key.ts';
import { RequestLog } from './requests/log.ts';

export interface Platform {
  config: Config;
  db: Db;
  keys: Keyring;
  tenants: Tenants;
  jobs: Jobs;
  clock: ShiftableClock;
  log: Logger;
  /** The webhooks outbox (signed, retried, logged, replayable). */
  webhooks: Webhooks;
  /** What the operator API authenticates with. */
  operatorKey: OperatorKey;
  /** The /v3 calls recorded for the console's request feed (written off the request path). */
  requestLog: RequestLog;
  /**
   * Whether an authorize token stands in for the x-api-key (set by Connect, which issues
   * tokens): the widget holds a token, never the key, and must still read what its
   * session opened.
   */
  tokenAuthorizesData: ((tenant: import('./tenants.ts').Tenant, token: string) => Promise<boolean>) | null;
  /** Re-reads the sandbox clock offset (another process may have advanced it). */
  refreshClock(): Promise<void>;
  /** Moves the sandbox clock forward for every process sharing this database. */
  advanceClock(ms: number): Promise<number>;
}

/** Whether this process answers /health as ready (set once storage, migrations and jobs are up). */
export interface Readiness {
  ready: boolean;
}

/** What a product contributes: its tables, its queues and its routes. */
export interface Product {
  name: string;
  migrations: Migration[];
  /** Declares queues and anything else needing the platform, before jobs start. */
  setup?(p: Platform): Promise<void> | void;
  /** Routes inside the /v3 context (paths start at `/:customerId/...`). */
  v3Routes?(v3: FastifyInstance, p: Platform): Promise<void>;
  /** Routes outside /v3 (their own error shapes). */
  routes?(app: FastifyInstance, p: Platform): Promise<void>;
  /** The tags of its operations in /openapi.json, in the order a reader meets them. */
  tags?: { name: string; description: string }[];
  /** Runs once storage and jobs are up (e.g. sandbox bootstrap). */
  ready?(p: Platform): Promise<void>;
  /**
   * Its operator endpoints, inside /operator/v1 (operator/routes.ts): the scope already checks the
   * operator key or console session and answers errors as { status, code, error }; throw an
   * OperatorFailure (operator/errors.ts) for a 4xx of its own. Tag them `Operator`.
   */
  operatorRoutes?(op: FastifyInstance, p: Platform): Promise<void>;
  /** What administering a customer needs of this product (operator/customers.ts). */
  customerData?: CustomerDataHooks;
}

export interface CustomerDataHooks {
  /** Revokes what was obtained with a customer's secret key, when the key is rotated. */
  revokeOnRotate?(q: Queryable, customerId: string): Promise<void>;
  /**
   * Deletes the customer's rows that carry no customer_id column (those that do are
   * found and deleted by the caller, after this), answering how many went.
   */
  deleteUnkeyed?(q: Queryable, customerId: string): Promise<number>;
}

const CLOCK_KEY = 'sandbox.clock_offset_ms';

/**
 * `storage.lock`: the embedded directory's lock when the caller took it already (the CLI
 * takes it before loading the server's modules, to refuse at once); otherwise openDb takes it.
 */
export async function openPlatform(config: Config, products: Product[], log: Logger = createLogger(config.logLevel), storage: { lock?: DataDirLock; command?: string } = {}): Promise<Platform> {
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, ...storage });
  const keys = loadKeyring({ masterKey: config.masterKey, dataDir: config.dataDir, warn: (m) => log.warn(m) });
  const clock = new ShiftableClock();
  const tenants = new Tenants(db, keys, config.tenantCacheMs);
  const jobs = new Jobs(db, log, { maintenanceSeconds: config.jobsMaintenanceSeconds, pollingSeconds: config.jobsPollSeconds });
  const requestLog = new RequestLog(db, log, { enabled: config.requestLog, retentionDays: config.requestLogRetentionDays });
  requestLog.define(jobs);
  const p: Platform = {
    config,
    db,
    keys,
    tenants,
    jobs,
    clock,
    log,
    webhooks: new Webhooks({ db, jobs, tenants, log, config, clock }, { timeoutMs: config.webhookTimeoutMs }),
    operatorKey: new OperatorKey(db, { key: config.operatorKey, dataDir: config.dataDir }),
    requestLog,
    tokenAuthorizesData: null,
    async refreshClock() {
      const rows = await db.query<{ value: number }>('select value from settings where key = $1', [CLOCK_KEY]);
      clock.setOffset(rows[0] ? Number(rows[0].value) : 0);
    },
    async advanceClock(ms: number) {
      const rows = await db.query<{ value: number }>(
        `insert into settings (key, value) values ($1, to_jsonb($2::bigint))
         on conflict (key) do update set value = to_jsonb((settings.value)::bigint + $2::bigint) returning value`,
        [CLOCK_KEY, Math.round(ms)],
      );
      clock.setOffset(Number(rows[0]!.value));
      return clock.offset;
    },
  };
  return p;
}

/** Applies every migration of the platform and the products. */
export async function migrateAll(p: Platform, products: Product[]): Promise<string[]> {
  return migrate(p.db, [...platformMigrations, ...products.flatMap((x) => x.migrations)]);
}
