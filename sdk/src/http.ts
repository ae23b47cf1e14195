/**
 * The one place requests are made: the URL, the body (JSON, form or multipart), the answer read
 * as JSON (or bytes, for a PDF), a non-2xx answer turned into its surface's error, and the 202
 * polling loop. Only what Node ≥ 20 provides: global fetch, URL, FormData, AbortSignal.
 */
import { errorFor, PollTimeoutError, type Surface } from './errors.js';
import type { PollOptions } from './types.js';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface RequestSpec {
  surface: Surface;
  /** The absolute base the path is appended to (no trailing slash). */
  base: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The path after the base, its parameters already filled in (see `path`). */
  path: string;
  query?: Record<string, string | number | boolean | undefined | null> | undefined;
  json?: unknown;
  form?: URLSearchParams;
  multipart?: FormData;
  headers?: Record<string, string | undefined>;
  signal?: AbortSignal | undefined;
}

export interface RawAnswer {
  status: number;
  headers: Headers;
  /** JSON parsed; a PDF or other binary as bytes; text otherwise; undefined when empty. */
  body: unknown;
  url: string;
}

/** A path with its `{name}` parameters filled in, each one URL-encoded. */
export function path(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const v = params[name];
    if (v === undefined) throw new TypeError(`missing path parameter ${name} of ${template}`);
    return encodeURIComponent(String(v));
  });
}

export function trimBase(url: string): string {
  return url.replace(/\/+$/, '');
}

export class Transport {
  constructor(
    private readonly fetchFn: FetchLike,
    private readonly defaults: { headers: Record<string, string>; timeoutMs: number },
  ) {}

  /** Sends a request: a 2xx (203, Authorize's security challenge, among them) answers, anything else throws its error. */
  async send(spec: RequestSpec): Promise<RawAnswer> {
    const url = new URL(spec.base + spec.path);
    for (const [k, v] of Object.entries(spec.query ?? {})) if (v !== undefined && v !== null) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { accept: 'application/json', ...this.defaults.headers };
    for (const [k, v] of Object.entries(spec.headers ?? {})) if (v !== undefined) headers[k] = v;
    let body: RequestInit['body'];
    if (spec.json !== undefined) {
      body = JSON.stringify(spec.json);
      headers['content-type'] = 'application/json';
    } else if (spec.form) {
      body = spec.form;
    } else if (spec.multipart) {
      body = spec.multipart; // fetch writes the multipart content-type with its boundary
    }
    const timeout = AbortSignal.timeout(this.defaults.timeoutMs);
    const signal = spec.signal ? anySignal([spec.signal, timeout]) : timeout;
    const res = await this.fetchFn(url.toString(), { method: spec.method, headers, body, signal });
    const answer: RawAnswer = { status: res.status, headers: res.headers, body: await readBody(res), url: url.toString() };
    if (res.status >= 300) throw errorFor(spec.surface, { status: res.status, body: answer.body, headers: res.headers, method: spec.method, url: url.toString() });
    return answer;
  }
}

async function readBody(res: Response): Promise<unknown> {
  const type = res.headers.get('content-type') ?? '';
  if (/\bjson\b/i.test(type)) {
    const text = await res.text();
    if (text === '') return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  if (/^(application\/(pdf|octet-stream)|image\/)/i.test(type)) return new Uint8Array(await res.arrayBuffer());
  const text = await res.text();
  if (text === '') return undefined;
  // A JSON body sent without its content-type is still JSON to the caller.
  if (/^\s*[[{]/.test(text)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

function anySignal(signals: AbortSignal[]): AbortSignal {
  // AbortSignal.any is in Node ≥ 20.3; on older 20.x the caller's signal alone is kept.
  const any = (AbortSignal as unknown as { any?: (s: AbortSignal[]) => AbortSignal }).any;
  return any ? any(signals) : signals[0]!;
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export const POLL_DEFAULTS = { intervalMs: 1000, maxIntervalMs: 10_000, timeoutMs: 600_000 };

/**
 * Follows a 202: calls `next` after a growing wait until the answer is not 202, and answers that.
 * A Retry-After header (seconds) on a 202 is honoured, within maxIntervalMs.
 */
export async function follow202(first: RawAnswer, next: () => Promise<RawAnswer>, what: string, requestId: string, opts: PollOptions = {}): Promise<RawAnswer> {
  const started = Date.now();
  const max = opts.maxIntervalMs ?? POLL_DEFAULTS.maxIntervalMs;
  const timeout = opts.timeoutMs ?? POLL_DEFAULTS.timeoutMs;
  let interval = Math.min(opts.intervalMs ?? POLL_DEFAULTS.intervalMs, max);
  let answer = first;
  while (answer.status === 202) {
    const retryAfter = Number(answer.headers.get('retry-after'));
    let wait = Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter * 1000, max) : interval;
    const elapsed = Date.now() - started;
    if (elapsed >= timeout) throw new PollTimeoutError(what, requestId, elapsed, answer.body);
    wait = Math.min(wait, timeout - elapsed);
    await sleep(wait, opts.signal);
    interval = Math.min(interval * 1.5, max);
    answer = await next();
  }
  return answer;
}
