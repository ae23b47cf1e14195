/**
 * What Flinks sets up per client at onboarding, for sessions: the settlement
 * account funds go to when a session names no payee, whether regular EFT V2 is
 * enabled (feature `RegularEft`), whether guarantees wait for the client's
 * confirmation, and the timeouts. Here a customer reads and changes them
 * through GET/PATCH /pay/api/v2/settings (our documented extension).
 *
 * Defaults: in sandbox mode every customer has RegularEft, and the sandbox
 * (toolbox) customer settles to the docs' example payee account; elsewhere a
 * customer must set its settlement account before sessions without a payee.
 */
import type { z } from 'zod';
import type { Queryable } from '../../platform/db.ts';
import type { SettingsAnswer } from '../schemas.ts';
import type { Keyring } from '../../platform/crypto.ts';
import { SANDBOX_TENANT } from '../../platform/tenants.ts';
import { findSettings, lockSettings, saveSettings } from './store.ts';
import { bankAccount, FieldError, pick, type BankAccount } from './validate.ts';

export interface SessionSettings {
  regularEft: boolean;
  /** Guarantees wait for POST /guarantees/confirm (when the customer has a webhook URL to be told). */
  confirmGuarantees: boolean;
  /** A session with no activity for this long expires (EFT0601). */
  sessionTimeoutMinutes: number;
  /** An Interac request for money expires after this long. */
  interacExpiryHours: number;
  /** A processed e-Transfer settles to the client after this long. */
  settlementMinutes: number;
}

export interface CustomerSettings {
  settings: SessionSettings;
  settlementAccount: BankAccount | null;
}

/** The docs' example sandbox payee account (docs.flinks.com/guides/pay/geft/test-scenarios). */
export const SANDBOX_SETTLEMENT_ACCOUNT: BankAccount = { institutionCode: '999', transitNumber: '60265', accountNumber: '9876541', accountLabel: 'Settlement' };

export function defaultSettings(sandbox: boolean): SessionSettings {
  return { regularEft: sandbox, confirmGuarantees: false, sessionTimeoutMinutes: 30, interacExpiryHours: 30 * 24, settlementMinutes: 24 * 60 };
}

export async function loadSettings(q: Queryable, keys: Keyring, customerId: string, sandbox: boolean): Promise<CustomerSettings> {
  const row = await findSettings(q, customerId);
  const settings = { ...defaultSettings(sandbox), ...(row?.settings as Partial<SessionSettings> | undefined) };
  let settlementAccount: BankAccount | null = null;
  if (row) settlementAccount = row.settlement_account_enc ? (JSON.parse(keys.decrypt(row.settlement_account_enc)) as BankAccount) : null;
  else if (sandbox && customerId === SANDBOX_TENANT.id) settlementAccount = SANDBOX_SETTLEMENT_ACCOUNT;
  return { settings, settlementAccount };
}

const int = (v: unknown, field: string, min: number, max: number): number | undefined => {
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) throw new FieldError(field, `must be a whole number from ${min} to ${max}`);
  return n;
};
const flag = (v: unknown, field: string): boolean | undefined => {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  throw new FieldError(field, 'must be true or false');
};

/** Applies a PATCH body: only the fields present change; `settlementAccount: null` removes the account. */
export async function patchSettings(q: Queryable, keys: Keyring, customerId: string, sandbox: boolean, body: unknown, at: Date): Promise<CustomerSettings> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new FieldError('body', 'must be a JSON object');
  const b = body as Record<string, unknown>;
  // Only the fields sent change: the stored settings are read, merged and written back, one
  // PATCH at a time per customer (two at once would each write over the other's field). An
  // advisory lock rather than the row's, since a customer's first PATCH has no row to lock.
  await lockSettings(q, customerId);
  const current = await loadSettings(q, keys, customerId, sandbox);
  const next: SessionSettings = { ...current.settings };
  const set = <K extends keyof SessionSettings>(k: K, v: SessionSettings[K] | undefined) => {
    if (v !== undefined) next[k] = v;
  };
  set('regularEft', flag(pick(b, 'regularEft'), 'regularEft'));
  set('confirmGuarantees', flag(pick(b, 'confirmGuarantees'), 'confirmGuarantees'));
  set('sessionTimeoutMinutes', int(pick(b, 'sessionTimeoutMinutes'), 'sessionTimeoutMinutes', 1, 7 * 24 * 60));
  set('interacExpiryHours', int(pick(b, 'interacExpiryHours'), 'interacExpiryHours', 1, 90 * 24));
  set('settlementMinutes', int(pick(b, 'settlementMinutes'), 'settlementMinutes', 0, 30 * 24 * 60));
  let account = current.settlementAccount;
  const raw = pick(b, 'settlementAccount');
  if (raw === null) account = null;
  else if (raw !== undefined) account = bankAccount(raw, 'settlementAccount');
  await saveSettings(q, customerId, { ...next }, account ? keys.encrypt(JSON.stringify(account)) : null, at);
  return { settings: next, settlementAccount: account };
}

/** The wire shape: the account number masked. */
export function settingsJson(s: CustomerSettings): z.infer<typeof SettingsAnswer> {
  return {
    ...s.settings,
    settlementAccount: s.settlementAccount ? { ...s.settlementAccount, accountNumber: maskAccount(s.settlementAccount.accountNumber) } : null,
  };
}

export function maskAccount(n: string): string {
  return `****${n.slice(-4)}`;
}
