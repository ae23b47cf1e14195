/**
 * One process per embedded data directory. PGlite is PostgreSQL in one process:
 * two processes opening the same directory each believe they own its files, and
 * the second one's writes vanish or corrupt the first's. So the directory holds a
 * lock file naming its holder (PID, host, boot, process start time, command and,
 * once listening, the server's URL); a second process reads it and refuses before
 * it opens PGlite or writes anything. A lock left by a killed process is detected
 * and taken over.
 *
 * A holder is alive when, on this host and in this PID namespace, its PID exists,
 * is not a zombie and started when the lock says (a PID reused by another program
 * started later). From another host or namespace the PID cannot be checked: there
 * the holder's heartbeat (it touches the file every few seconds) tells.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, readlinkSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const LOCK_FILE = 'maplelink.lock';
/** How often a holder touches its lock, and after how long without a touch a holder elsewhere counts as gone. */
const HEARTBEAT_MS = 5_000;
const HEARTBEAT_STALE_MS = 30_000;
/** A lock file being written by a process that is starting can be read empty for an instant. */
const UNREADABLE_GRACE_MS = 3_000;

export interface LockHolder {
  pid: number;
  hostname: string;
  /** Linux boot id: a lock from before a reboot is stale whatever its PID. */
  bootId: string | null;
  /** Linux PID namespace: a PID means nothing in another one (another container on the same volume). */
  pidNamespace: string | null;
  /** Process start time in clock ticks since boot (/proc/PID/stat): detects a reused PID. */
  startTicks: string | null;
  startedAt: string;
  command: string;
  /** The server's URL once it listens (the CLI reaches the operator API there). */
  url: string | null;
  /** Tells this holder's file from a later one with the same PID. */
  nonce: string;
}

export type HolderState = 'alive' | 'dead';

export class DataDirInUseError extends Error {
  constructor(readonly dir: string, readonly holder: LockHolder) {
    super(describeRefusal(dir, holder));
    this.name = 'DataDirInUseError';
  }
}

function describeRefusal(dir: string, h: LockHolder): string {
  const where = h.hostname === hostname() ? '' : ` on host ${h.hostname}`;
  const listening = h.url ? `, listening at ${h.url}` : '';
  return [
    `the data directory ${dir} is in use by another Maplelink process: pid ${h.pid}${where} (\`maplelink ${h.command}\`, started ${h.startedAt}${listening}).`,
    'The embedded database (PGlite) allows one process per directory. Stop that process first, or give this one',
    'another DATA_DIR, or set DATABASE_URL to run several processes on PostgreSQL. Customers can be managed beside',
    'the running server with `maplelink tenant ...` (see docs/deployment.md).',
    ...(where ? [`If host ${h.hostname} no longer runs it, the lock (${join(dir, LOCK_FILE)}) clears itself ${HEARTBEAT_STALE_MS / 1000} s after its last heartbeat.`] : []),
  ].join('\n');
}

function readOr(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
}

/** Field 22 of /proc/PID/stat (start time), and whether the process is a zombie (field 3). */
function procStat(pid: number): { startTicks: string; zombie: boolean } | null {
  const stat = readOr(`/proc/${pid}/stat`);
  if (!stat) return null;
  // The command name (field 2) is in parentheses and may itself hold spaces or parentheses.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { startTicks: rest[19] ?? '', zombie: rest[0] === 'Z' || rest[0] === 'X' };
}

function pidNamespace(): string | null {
  try {
    return readlinkSync('/proc/self/ns/pid');
  } catch {
    return null;
  }
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, under another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function me(command: string): LockHolder {
  return {
    pid: process.pid,
    hostname: hostname(),
    bootId: readOr('/proc/sys/kernel/random/boot_id'),
    pidNamespace: pidNamespace(),
    startTicks: procStat(process.pid)?.startTicks ?? null,
    startedAt: new Date().toISOString(),
    command,
    url: null,
    nonce: randomBytes(8).toString('hex'),
  };
}

/** Directories this process holds (a second open of one inside the same process is refused too). */
const heldHere = new Map<string, DataDirLock>();

/** Whether the process a lock names is still running. `heartbeatAgeMs`: time since the file was last touched. */
function holderState(h: LockHolder, heartbeatAgeMs: number): HolderState {
  const self = me('');
  const sameMachine = h.hostname === self.hostname && (h.pidNamespace ?? null) === self.pidNamespace;
  if (!sameMachine) return heartbeatAgeMs < HEARTBEAT_STALE_MS ? 'alive' : 'dead';
  if (self.bootId !== null && h.bootId !== self.bootId) return 'dead';
  // Our own PID in a lock we do not hold: a previous life of this PID (a container restarted as PID 1).
  if (h.pid === process.pid) return [...heldHere.values()].some((l) => l.holder.nonce === h.nonce) ? 'alive' : 'dead';
  if (!pidExists(h.pid)) return 'dead';
  const stat = procStat(h.pid);
  // Without /proc (macOS) a PID that exists is taken as the holder: refusing is the safe mistake.
  if (!stat) return self.bootId === null ? 'alive' : 'dead';
  if (stat.zombie) return 'dead';
  return h.startTicks === null || stat.startTicks === h.startTicks ? 'alive' : 'dead';
}

function parseHolder(text: string | null): LockHolder | null {
  if (!text) return null;
  try {
    const h = JSON.parse(text) as LockHolder;
    return typeof h.pid === 'number' && typeof h.nonce === 'string' ? h : null;
  } catch {
    return null;
  }
}

/** The lock's current holder and whether it is alive, or null when the directory is free. Writes nothing. */
export function readDataDirLock(dir: string): { holder: LockHolder; state: HolderState } | null {
  const path = join(dir, LOCK_FILE);
  let mtimeMs: number;
  try {
    mtimeMs = statSync(path).mtimeMs;
  } catch {
    return null;
  }
  const holder = parseHolder(readOr(path));
  if (!holder) return null;
  return { holder, state: holderState(holder, Date.now() - mtimeMs) };
}

export class DataDirLock {
  private heartbeat: NodeJS.Timeout;
  private released = false;
  private readonly onExit = () => this.release();

  constructor(readonly dir: string, readonly path: string, public holder: LockHolder) {
    this.heartbeat = setInterval(() => {
      try {
        const now = new Date();
        utimesSync(path, now, now);
      } catch {
        // The file went away (someone removed it by hand): nothing to touch.
      }
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
    process.once('exit', this.onExit);
  }

  /** Records where the server listens (atomically: readers never see half a file). */
  record(fields: { url: string }): void {
    if (this.released) return;
    this.holder = { ...this.holder, ...fields };
    const tmp = `${this.path}.${this.holder.nonce}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.holder, null, 2) + '\n', { mode: 0o644 });
    renameSync(tmp, this.path);
  }

  /** Removes the lock file if it is still this holder's. */
  release(): void {
    if (this.released) return;
    this.released = true;
    clearInterval(this.heartbeat);
    process.removeListener('exit', this.onExit);
    heldHere.delete(this.dir);
    if (parseHolder(readOr(this.path))?.nonce === this.holder.nonce) {
      try {
        unlinkSync(this.path);
      } catch {
        // Already gone.
      }
    }
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Takes the directory's lock for `command`, or throws DataDirInUseError naming the live
 * holder. Creates the directory when missing (the only write before the lock is held);
 * takes over a lock whose holder is gone.
 */
export async function acquireDataDirLock(dir: string, command: string): Promise<DataDirLock> {
  const inProcess = heldHere.get(dir);
  if (inProcess) throw new DataDirInUseError(dir, inProcess.holder);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  const deadline = Date.now() + 10_000;
  for (;;) {
    const self = me(command);
    try {
      // O_EXCL: exactly one process creates the file.
      const fd = openSync(path, 'wx', 0o644);
      try {
        writeSync(fd, JSON.stringify(self, null, 2) + '\n');
      } finally {
        closeSync(fd);
      }
      const lock = new DataDirLock(dir, path, self);
      heldHere.set(dir, lock);
      return lock;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if (Date.now() > deadline) throw new Error(`could not take the lock ${path}: it keeps changing hands`);
    let mtimeMs: number;
    try {
      mtimeMs = statSync(path).mtimeMs;
    } catch {
      continue; // released meanwhile: try again
    }
    const raw = readOr(path);
    const holder = parseHolder(raw);
    if (!holder) {
      // Being written by a process that is starting, or garbage left by a crash mid-write.
      if (Date.now() - mtimeMs < UNREADABLE_GRACE_MS) {
        await sleep(50);
        continue;
      }
    } else if (holderState(holder, Date.now() - mtimeMs) === 'alive') {
      throw new DataDirInUseError(dir, holder);
    }
    takeOver(path, raw);
  }
}

/**
 * Removes a stale lock file, and only the one judged stale: it is renamed aside (atomic),
 * and if what was moved is not what was read (another process took over in between and
 * wrote its own), it is put back.
 */
function takeOver(path: string, staleText: string | null): void {
  const aside = `${path}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(path, aside);
  } catch {
    return; // gone already: the next round creates it
  }
  if (readOr(aside) !== staleText) {
    try {
      linkSync(aside, path);
    } catch {
      // A third process created a lock meanwhile: it holds the directory now.
    }
  }
  try {
    unlinkSync(aside);
  } catch {
    // Nothing to clean.
  }
}
