/**
 * Real `maplelink` processes for tests: spawned from bin/maplelink.js as an operator runs
 * them, on a port found free, with their output kept for assertions and failure messages.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { waitFor } from './wait.ts';

export const CLI = fileURLToPath(new URL('../../bin/maplelink.js', import.meta.url));

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The environment of a process on an embedded directory (DATABASE_URL removed unless given). */
export function cliEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  delete env.MAPLELINK_URL;
  delete env.MAPLELINK_OPERATOR_KEY;
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}

export interface Proc {
  child: ChildProcess;
  out(): string;
  err(): string;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
}

export function start(args: string[], env: NodeJS.ProcessEnv): Proc {
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (err += String(d)));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  return { child, out: () => out, err: () => err, exited };
}

/** Runs a command to its end (bounded), answering its exit code and output. */
export async function run(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 90_000): Promise<{ code: number | string; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  const p = start(args, env);
  const timer = setTimeout(() => p.child.kill('SIGKILL'), timeoutMs);
  const code = await p.exited;
  clearTimeout(timer);
  return { code, stdout: p.out(), stderr: p.err(), ms: Date.now() - started };
}

export async function healthy(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(5_000) })).status === 200;
  } catch {
    return false;
  }
}

/** `maplelink serve` on `port`, once /health answers 200 (a fresh embedded directory takes a while). */
export async function serve(port: number, env: NodeJS.ProcessEnv): Promise<Proc> {
  const p = start(['serve'], { ...env, PORT: String(port) });
  try {
    await waitFor(`maplelink serve on port ${port} to answer /health`, async () => {
      if (p.child.exitCode !== null) throw new Error(`serve exited ${p.child.exitCode}: ${p.err().slice(-2000)}`);
      return healthy(port);
    }, 120_000, 200);
  } catch (err) {
    p.child.kill('SIGKILL');
    throw err;
  }
  return p;
}

/** SIGTERM, then SIGKILL if it has not drained in 30 s. */
export async function stop(p: Proc): Promise<number | string> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return p.exited;
  p.child.kill('SIGTERM');
  const timer = setTimeout(() => p.child.kill('SIGKILL'), 30_000);
  const code = await p.exited;
  clearTimeout(timer);
  return code;
}
