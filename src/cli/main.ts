/**
 * maplelink serve | worker | migrate | tenant ... | import
 */
import { parseArgs } from 'node:util';
import pino from 'pino';
import type { App } from '../app.ts';
import { lowerProcessPriority } from './priority.ts';
import type { DataDirLock } from '../platform/datadir-lock.ts';

const USAGE = `Usage: maplelink <command> [options]

Commands:
  serve [--no-workers]   Start the API (and, unless --no-workers, the job workers)
  worker                 Run job workers only (scale-out on PostgreSQL)
  migrate                Apply database migrations and exit
  tenant create [--name NAME] [--permissive] [--webhook-url URL] [--webhook-secret S] [--allowed-origin ORIGIN]...
                         Create a customer and print its keys once
  tenant list | show ID | rotate-secret ID [--api-key] | delete ID --yes
                         Manage customers, beside a running server too (tenant --help for details)
  import FILE... [--json | --csv] [--attributes]
                         Read statement files (OFX, CSV, CAMT.053, MT940, PDF) offline (--help for options)

Environment: see docs/configuration.md (PORT, HOST, DATA_DIR, DATABASE_URL, SANDBOX, ...)`;

function onSignals(app: App): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.platform.log.info({ signal }, 'draining: finishing in-flight requests and jobs');
    try {
      await app.stop();
      process.exit(0);
    } catch (err) {
      app.platform.log.error({ err }, 'error while stopping');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

const STORAGE_COMMANDS = new Set(['serve', 'worker', 'migrate', 'tenant']);

/** Once, at the start that generated it: straight to the terminal, never through the logger. */
function printGeneratedOperatorKey(app: App): void {
  const g = app.generatedOperatorKey;
  if (!g) return;
  const saved = g.file ? `saved to ${g.file} (owner-only) for \`maplelink tenant\` on this host` : 'not saved anywhere';
  process.stdout.write(`Operator key (shown once; ${saved}):\n  ${g.key}\nSet MAPLELINK_OPERATOR_KEY to choose your own.\n\n`);
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  // Offline: no configuration, no database.
  if (command === 'import') return (await import('./import.ts')).runImport(rest);
  if (!STORAGE_COMMANDS.has(command ?? '')) {
    if (command === undefined || command === 'help' || command === '--help') {
      process.stdout.write(USAGE + '\n');
      return command === undefined ? 1 : 0;
    }
    process.stderr.write(`unknown command: ${argv.join(' ')}\n\n${USAGE}\n`);
    return 2;
  }
  const { loadConfig } = await import('../platform/config.ts');
  const config = loadConfig();
  // Through a running server's operator API when one holds the storage, else directly (taking the lock then).
  if (command === 'tenant') return (await import('./tenant.ts')).runTenant(rest, config);
  // An embedded directory is locked before the server's modules load: a second process
  // refuses within a second, naming the holder, having opened and written nothing.
  let lock: DataDirLock | undefined;
  if (!config.databaseUrl && config.dataDir !== 'memory://') {
    const { acquireDataDirLock } = await import('../platform/datadir-lock.ts');
    lock = await acquireDataDirLock(config.dataDir, command!);
  }
  // The server's modules load only for the commands that use them, so that `import` stays light and quiet.
  const [{ createApp, serve }, { createLogger }, { migrateAll, openPlatform }, { products }] = await Promise.all([
    import('../app.ts'),
    import('../platform/logger.ts'),
    import('../platform/platform.ts'),
    import('../products.ts'),
  ]);
  switch (command) {
    case 'serve': {
      const { values } = parseArgs({ args: rest, options: { 'no-workers': { type: 'boolean', default: false } } });
      const app = await serve(config, { workers: !values['no-workers'], lock, command: 'serve' });
      onSignals(app);
      const where = app.url!.replace('127.0.0.1', 'localhost');
      const storage = config.databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${config.dataDir}`;
      app.platform.log.info(`Maplelink is ready at ${where} (storage: ${storage}; sandbox: ${config.sandbox ? 'on' : 'off'})`);
      process.stdout.write(`\nMaplelink listening on ${where}\n  API reference: ${where}/docs\n  Health:        ${where}/health\n\n`);
      printGeneratedOperatorKey(app);
      return -1; // keep running
    }
    case 'worker': {
      // Refreshing logins is batch work that can take every core it is given (generating or fetching
      // thousands of transactions a login, then writing them): at a lower priority it takes the CPU
      // the API processes on the same host leave idle, rather than making their requests wait.
      // Not permitted (some containers): the worker runs at the priority it was started with.
      if (config.workerNice > 0) lowerProcessPriority(config.workerNice);
      const app = await createApp(config, { workers: true, lock, command: 'worker' });
      await app.start();
      onSignals(app);
      app.platform.log.info('worker started');
      printGeneratedOperatorKey(app);
      return -1;
    }
    case 'migrate': {
      const list = products();
      const log = createLogger(config.logLevel, pino.destination(2));
      const p = await openPlatform(config, list, log, { lock });
      const applied = await migrateAll(p, list);
      process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'schema is up to date\n');
      await p.db.close();
      return 0;
    }
  }
  process.stderr.write(`unknown command: ${argv.join(' ')}\n\n${USAGE}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err) => {
    process.stderr.write(`maplelink: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
