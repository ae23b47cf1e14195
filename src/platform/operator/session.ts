/**
 * Console sessions: what the operator console (/console/) signs in with instead of sending the
 * operator key on every call. A session is a random id in an HttpOnly cookie; the database keeps
 * only its SHA-256 digest (a leaked table opens nothing), with its expiry and its CSRF token, so
 * every replica on one PostgreSQL knows every session. The CSRF token is not a credential on its
 * own (it is answered to the signed-in page and useless without the cookie); it must come back as
 * `x-csrf-token` on every change made with the cookie (double submit against the stored value).
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../db.ts';
import { hashSecret } from '../crypto.ts';

export const SESSION_COOKIE = 'maplelink_console';
export const CSRF_HEADER = 'x-csrf-token';

export interface ConsoleSession {
  csrfToken: string;
  expiresAt: string;
}

export class ConsoleSessions {
  constructor(
    private readonly db: Db,
    /** Absolute lifetime of a session (CONSOLE_SESSION_HOURS). */
    readonly lifetimeSeconds: number,
  ) {}

  /** A new session: its id (for the cookie only) and what the page may see. */
  async create(): Promise<ConsoleSession & { id: string }> {
    const id = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    // Expired sessions go when a new one comes: the table stays as small as the live sessions.
    await this.db.query('delete from console_sessions where expires_at <= now()');
    const [row] = await this.db.query<{ expires_at: Date }>(
      `insert into console_sessions (id_hash, csrf_token, expires_at) values ($1, $2, now() + make_interval(secs => $3)) returning expires_at`,
      [hashSecret(id), csrfToken, this.lifetimeSeconds],
    );
    return { id, csrfToken, expiresAt: new Date(row!.expires_at).toISOString() };
  }

  /** The live session of a cookie value, or null (unknown, signed out or expired). */
  async find(id: string | undefined): Promise<ConsoleSession | null> {
    // Our ids are 43 base64url characters: anything else is not worth a query.
    if (!id || !/^[A-Za-z0-9_-]{43}$/.test(id)) return null;
    const [row] = await this.db.query<{ csrf_token: string; expires_at: Date }>(
      'select csrf_token, expires_at from console_sessions where id_hash = $1 and expires_at > now()',
      [hashSecret(id)],
    );
    return row ? { csrfToken: row.csrf_token, expiresAt: new Date(row.expires_at).toISOString() } : null;
  }

  async delete(id: string | undefined): Promise<void> {
    if (id) await this.db.query('delete from console_sessions where id_hash = $1', [hashSecret(id)]);
  }
}

/** One cookie's value from a Cookie header (RFC 6265 §5.4: `name=value` pairs separated by `; `). */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
  }
  return undefined;
}

/**
 * The Set-Cookie of a session (RFC 6265bis): HttpOnly (no script reads it), SameSite=Strict (no
 * other site's page sends it), Path=/ (the console's pages and the API alike), Secure when the
 * console is reached over HTTPS. `maxAge` 0 removes it.
 */
export function sessionCookie(value: string, maxAge: number, secure: boolean): string {
  return `${SESSION_COOKIE}=${value}; Path=/; Max-Age=${Math.max(0, Math.floor(maxAge))}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}
