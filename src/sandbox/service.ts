/**
 * What the sandbox control does, for both of its doors: the customer's /v3/{customerId}/sandbox
 * routes (routes.ts, the Flinks envelope) and the operator's /operator/v1 ones (operator-routes.ts).
 */
import type { Platform } from '../platform/platform.ts';
import type { Tenant } from '../platform/tenants.ts';
import type { Connect } from '../connect/index.ts';
import type { CustomUserDocument } from './custom-users.ts';

export type FireOutcome = { ok: true; eventIds: string[] } | { ok: false; reason: 'no_webhook_url' | 'unknown_login' | 'login_busy'; loginId: string };

/** Sends the KYC and/or GetAccountsDetail webhook of a login now (its aggregation must be done). */
export async function fireLoginWebhooks(p: Platform, connect: Connect, tenant: Tenant, loginId: string, type?: 'KYC' | 'GetAccountsDetail'): Promise<FireOutcome> {
  if (!tenant.webhookUrl) return { ok: false, reason: 'no_webhook_url', loginId };
  return p.db.tx(async (q): Promise<FireOutcome> => {
    const login = await connect.service.store.findLogin(q, tenant.id, loginId.toLowerCase());
    if (!login) return { ok: false, reason: 'unknown_login', loginId };
    if (login.aggregation_state !== 'done') return { ok: false, reason: 'login_busy', loginId: login.id };
    return { ok: true, eventIds: await connect.fireWebhooks(q, tenant.id, login.id, type ? [type] : undefined) };
  });
}

/** Moves the sandbox clock forward for every replica; answers the clock after. */
export async function advanceSandboxClock(p: Platform, by: { days?: number; hours?: number; minutes?: number }): Promise<{ now: Date; offsetSeconds: number }> {
  await p.advanceClock((((by.days ?? 0) * 24 + (by.hours ?? 0)) * 60 + (by.minutes ?? 0)) * 60_000);
  return sandboxClock(p);
}

export function sandboxClock(p: Platform): { now: Date; offsetSeconds: number } {
  return { now: p.clock.now(), offsetSeconds: Math.round(p.clock.offset / 1000) };
}

/** Saves a custom user: logging in to FlinksCapital with its Username and Password serves exactly its data. */
export async function importCustomUser(p: Platform, connect: Connect, customerId: string, doc: CustomUserDocument): Promise<{ username: string; password: string }> {
  await connect.service.store.saveCustomUser(p.db, customerId, doc.Username, doc);
  return { username: doc.Username, password: doc.Password };
}
