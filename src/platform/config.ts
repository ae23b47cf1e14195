/**
 * Configuration, read once from the environment. Every variable is listed in
 * docs/configuration.md; keep the two in step.
 */
import { resolve } from 'node:path';

export interface Config {
  host: string;
  port: number;
  /** PGlite directory when databaseUrl is unset. `memory://` keeps it in memory (tests). */
  dataDir: string;
  databaseUrl: string | null;
  sandbox: boolean;
  bodyLimitBytes: number;
  masterKey: string | null;
  /** The operator API's key (MAPLELINK_OPERATOR_KEY); when unset, one is generated at first start. */
  operatorKey: string | null;
  logLevel: string;
  /** How often pg-boss supervises (expires stuck jobs, runs schedules). */
  jobsMaintenanceSeconds: number;
  /** How often an idle worker asks for work. Work sent by this process wakes its workers at once. */
  jobsPollSeconds: number;
  /** Seconds between webhook delivery attempts (Flinks: 30 minutes). */
  webhookRetrySeconds: number;
  webhookMaxAttempts: number;
  /** How long one delivery attempt may take before it counts as failed. */
  webhookTimeoutMs: number;
  /** Idle expiry of a RequestId (Flinks: 8 minutes of inactivity). */
  sessionIdleSeconds: number;
  /** Lifetime of an unused authorize token (Flinks: 30 minutes). */
  authorizeTokenSeconds: number;
  /** Requests per minute per customer before TOO_MANY_REQUESTS. 0 disables. */
  rateLimitPerMinute: number;
  /** Cron expression (UTC) of the nightly refresh. */
  nightlyRefreshCron: string;
  /** How long a customer's keys and settings are cached per process (ms). */
  tenantCacheMs: number;
  /** Public base URL used in links (widget redirect pages, docs). */
  publicUrl: string | null;
  /** Absolute lifetime of an operator console session (seconds). */
  consoleSessionSeconds: number;
  /** CPU niceness a `maplelink worker` process takes (0-19; 0 leaves it as started). */
  workerNice: number;
  /** Whether /v3 calls are recorded for the console's request feed (REQUEST_LOG). */
  requestLog: boolean;
  /** Days the request log keeps a call (0: for ever). */
  requestLogRetentionDays: number;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return n;
}

/** A duration in hours; fractions allowed (0.5 is half an hour). */
function hours(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const n = int(env, name, fallback);
  if (n === 0) throw new Error(`${name} must be more than 0, got "${env[name]}"`);
  return n;
}

function onOff(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = (env[name] ?? '').trim().toLowerCase();
  if (raw === '') return fallback;
  if (['on', 'true', '1', 'yes'].includes(raw)) return true;
  if (['off', 'false', '0', 'no'].includes(raw)) return false;
  throw new Error(`${name} must be on or off, got "${env[name]}"`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    host: env.HOST || '127.0.0.1',
    port: int(env, 'PORT', 3000),
    dataDir: env.DATA_DIR === 'memory://' ? 'memory://' : resolve(env.DATA_DIR || './data'),
    databaseUrl: env.DATABASE_URL || null,
    sandbox: (env.SANDBOX ?? 'on').toLowerCase() !== 'off',
    bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 5 * 1024 * 1024),
    masterKey: env.MAPLELINK_MASTER_KEY || null,
    operatorKey: env.MAPLELINK_OPERATOR_KEY || null,
    logLevel: env.LOG_LEVEL || (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    jobsMaintenanceSeconds: int(env, 'JOBS_MAINTENANCE_SECONDS', 30),
    jobsPollSeconds: Math.max(0.5, int(env, 'JOBS_POLL_SECONDS', 2)),
    webhookRetrySeconds: int(env, 'WEBHOOK_RETRY_SECONDS', 1800),
    webhookMaxAttempts: int(env, 'WEBHOOK_MAX_ATTEMPTS', 10),
    webhookTimeoutMs: int(env, 'WEBHOOK_TIMEOUT_SECONDS', 10) * 1000,
    sessionIdleSeconds: int(env, 'SESSION_IDLE_SECONDS', 8 * 60),
    authorizeTokenSeconds: int(env, 'AUTHORIZE_TOKEN_SECONDS', 30 * 60),
    rateLimitPerMinute: int(env, 'RATE_LIMIT_PER_MINUTE', 600),
    nightlyRefreshCron: env.NIGHTLY_REFRESH_CRON || '0 7 * * *',
    tenantCacheMs: int(env, 'TENANT_CACHE_SECONDS', 3) * 1000,
    publicUrl: env.PUBLIC_URL || null,
    consoleSessionSeconds: Math.max(60, Math.round(hours(env, 'CONSOLE_SESSION_HOURS', 8) * 3600)),
    workerNice: Math.min(19, int(env, 'WORKER_NICE', 10)),
    requestLog: onOff(env, 'REQUEST_LOG', true),
    requestLogRetentionDays: int(env, 'REQUEST_LOG_RETENTION_DAYS', 30),
  };
}
