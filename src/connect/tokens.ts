/**
 * Authorize tokens (docs.flinks.com/api/authorize/endpoints/generate-authorize-token): issued by GenerateAuthorizeToken, valid
 * 30 minutes if unused, consumed by the session (RequestId) they open and still
 * accepted for that session's MFA follow-up calls. Stored as digests only.
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../platform/db.ts';
import { hashSecret } from '../platform/crypto.ts';
import type { ConnectStore } from './store.ts';

export type TokenCheck = { ok: true; hash: string } | { ok: false };

export async function issueToken(store: ConnectStore, q: Queryable, customerId: string, now: Date, lifetimeSeconds: number): Promise<string> {
  const token = randomUUID();
  await store.insertToken(q, customerId, hashSecret(token), new Date(now.getTime() + lifetimeSeconds * 1000));
  return token;
}

/** A token opens a new session when unused and unexpired, or continues the session it opened. */
export async function checkToken(store: ConnectStore, q: Queryable, customerId: string, token: string | undefined, now: Date, requestId: string | null): Promise<TokenCheck> {
  if (!token) return { ok: false };
  const hash = hashSecret(token.trim());
  const row = await store.findToken(q, customerId, hash);
  if (!row) return { ok: false };
  if (row.request_id === null) return row.expires_at.getTime() > now.getTime() ? { ok: true, hash } : { ok: false };
  return requestId !== null && row.request_id === requestId ? { ok: true, hash } : { ok: false };
}

/**
 * Whether a token may stand in for the x-api-key on data calls: one this customer
 * issued, still unexpired or opened a session within the last 90 minutes (long
 * enough for the widget to finish what its session started).
 */
export async function tokenAuthorizesData(store: ConnectStore, q: Queryable, customerId: string, token: string, now: Date): Promise<boolean> {
  const row = await store.findToken(q, customerId, hashSecret(token.trim()), false);
  if (!row) return false;
  return row.expires_at.getTime() + (row.request_id ? 90 * 60_000 : 0) > now.getTime();
}
