/** Benchmark plumbing: servers in child processes, autocannon load from this one, RSS from /proc. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

export interface Server {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

let nextPort = 42000 + Math.floor(Math.random() * 1000);

/**
 * The arguments `npm start` gives node (package.json's start script): its flags, the CLI, `serve`.
 * Benchmarks start servers with these, so they measure what users run.
 */
export function serveArgs(cli: string): string[] {
  const start = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } }).scripts.start.trim().split(/\s+/);
  if (start[0] !== 'node' || !start.includes('bin/maplelink.js')) throw new Error(`unexpected start script: ${start.join(' ')}`);
  return start.slice(1).map((w) => (w === 'bin/maplelink.js' ? cli : w));
}

/** Starts `args` with node and waits for a line naming its URL. */
export function startServer(args: string[], env: Record<string, string> = {}, pattern = /listening on (http:\/\/\S+)/i): Promise<Server> {
  const port = String(nextPort++);
  const child = spawn(process.execPath, args, { env: { ...process.env, PORT: port, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += String(d);
      const m = pattern.exec(out);
      if (m) {
        const url = m[1]!.replace('localhost', '127.0.0.1');
        resolve({
          url,
          child,
          stop: () => new Promise<void>((r) => {
            if (child.exitCode !== null) return r();
            child.once('exit', () => r());
            child.kill('SIGTERM');
          }),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${out}`)));
  });
}

export async function waitHealthy(url: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const r = await fetch(`${url}/health`);
      if (r.status === 200) return;
    } catch {}
    if (Date.now() > until) throw new Error(`${url} not healthy`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface Load {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

export async function load(url: string, opts: { connections: number; seconds: number; method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string }): Promise<Load> {
  const r = await autocannon({ url, connections: opts.connections, duration: opts.seconds, method: opts.method ?? 'GET', headers: opts.headers, body: opts.body });
  return { requestsPerSecond: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+) kB/.exec(status);
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

export function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmHWM:\s+(\d+) kB/.exec(status);
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

export function verdict(ok: boolean): string {
  return ok ? 'PASS' : 'FAIL';
}
