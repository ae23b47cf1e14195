/**
 * A PostgreSQL cluster of a test's own, made with the installed server binaries
 * (initdb, pg_ctl) on a temporary directory and a free port, so the test may stop
 * and start it. The binaries refuse to run as root: as root (CI), they run as the
 * `postgres` user, who then owns the directory.
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
/** Why a cluster cannot be made here, or null when it can. */
export const clusterUnavailable: string | null = ['initdb', 'pg_ctl', 'postgres'].every((b) => existsSync(join(PG_BIN, b)))
  ? null
  : `no PostgreSQL server binaries in ${PG_BIN}`;

/** Every pg_ctl and initdb call is bounded: a cluster that will not start or stop fails the test, not hangs it. */
const COMMAND_TIMEOUT_MS = 60_000;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export class PgCluster {
  private running = false;
  private constructor(readonly dir: string, readonly port: number, private readonly uid: number | null) {}

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  private get data(): string {
    return join(this.dir, 'data');
  }

  /** initdb on a fresh temporary directory (not started). */
  static async create(): Promise<PgCluster> {
    const dir = mkdtempSync(join(tmpdir(), 'ml-pg-'));
    const root = process.getuid?.() === 0;
    let uid: number | null = null;
    if (root) {
      const { stdout } = await run('id', ['-u', 'postgres'], { timeout: COMMAND_TIMEOUT_MS });
      const gid = Number((await run('id', ['-g', 'postgres'], { timeout: COMMAND_TIMEOUT_MS })).stdout.trim());
      uid = Number(stdout.trim());
      chownSync(dir, uid, gid);
    }
    const cluster = new PgCluster(dir, await freePort(), uid);
    await cluster.bin('initdb', ['-D', cluster.data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
    return cluster;
  }

  private async bin(name: string, args: string[]): Promise<string> {
    const file = join(PG_BIN, name);
    const [cmd, argv] = this.uid !== null ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
    const { stdout } = await run(cmd, argv, { timeout: COMMAND_TIMEOUT_MS, cwd: this.dir });
    return stdout;
  }

  async start(): Promise<void> {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`;
    await this.bin('pg_ctl', ['-D', this.data, '-l', join(this.dir, 'server.log'), '-o', options, '-w', '-t', '50', 'start']);
    this.running = true;
  }

  /** `fast` rolls back open transactions and closes connections; `immediate` kills the server like a crash. */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    await this.bin('pg_ctl', ['-D', this.data, '-m', mode, '-w', '-t', '50', 'stop']);
    this.running = false;
  }

  /** Stops the server if it runs and removes the directory. Safe to call twice. */
  async destroy(): Promise<void> {
    if (this.running) await this.stop('immediate').catch(() => {});
    rmSync(this.dir, { recursive: true, force: true });
  }
}
