/**
 * The console's one door to the server: the operator API (/operator/v1), same origin, with the
 * session cookie the browser holds (HttpOnly: this code never sees it) and the session's CSRF
 * token on every change. Types come from the generated SDK schema (sdk/src/schema.d.ts, built
 * from /openapi.json), so the console is a client of the documented API like any other.
 */
import { parseJson } from '../../shared/json.ts';
import type { operations } from '../../../sdk/src/schema.js';

export type { operations };

/** The JSON body of an operation's success answer (200 or 201). */
export type Answer<O extends keyof operations> = operations[O]['responses'] extends { 200: { content: { 'application/json': infer T } } }
  ? T
  : operations[O]['responses'] extends { 201: { content: { 'application/json': infer T } } }
    ? T
    : never;

/** The JSON request body of an operation. */
export type Body<O extends keyof operations> = operations[O] extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

/** An answer other than 2xx, in the operator API's shape { status, code, error }; status 0 when the server could not be reached. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly error: string,
  ) {
    super(error);
  }
}

let csrfToken: string | null = null;
let onSignedOut: (() => void) | null = null;

/** Set by the app when it signs in (or finds a session), cleared when it signs out. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** What to do when the server says the session is gone (expired, signed out elsewhere): back to sign-in. */
export function onSessionLost(fn: (() => void) | null): void {
  onSignedOut = fn;
}

export async function api<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(`/operator/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin', cache: 'no-store' });
  } catch {
    throw new ApiError(0, 'network', 'The server could not be reached.');
  }
  const text = await res.text();
  const json = parseJson(text) as { code?: string; error?: string } | null;
  if (!res.ok) {
    const err = new ApiError(res.status, json?.code ?? 'error', json?.error ?? (text.slice(0, 200) || res.statusText));
    // A 401 on anything but signing in: the session ended. The app goes back to its sign-in page.
    if (res.status === 401 && path !== '/session') onSignedOut?.();
    throw err;
  }
  return json as T;
}

/** A query string from the defined values of `params` ('' when none). */
export function query(params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
