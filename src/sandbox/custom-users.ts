/**
 * Custom sandbox users: a JSON document of accounts and transactions, imported
 * through the sandbox control API, becomes a Flinks Capital user whose login
 * serves exactly that data (no MFA; password "Everyday" unless the document sets one).
 */
import { z } from 'zod';
import type { AccountData, Connector, LoginData } from '../connect/index.ts';

// A number must round-trip through two decimals (12.3 and 12.30 do, 12.345 does not): amounts are stored as integer cents.
const money = z.union([z.number(), z.string().regex(/^-?\d+(\.\d{1,2})?$/).transform(Number)]).refine((n) => Number.isFinite(n) && Math.abs(n) < 1e13 && Number(n.toFixed(2)) === n, 'must be an amount with at most two decimals');
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD').refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s, 'must be a calendar date (YYYY-MM-DD)');

export const CustomUserDocument = z.object({
  Username: z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9_.@-]+$/, 'letters, digits and _ . @ - only'),
  Password: z.string().min(1).max(200).default('Everyday'),
  LoginType: z.enum(['Personal', 'Business']).default('Personal'),
  Holder: z.object({
    Name: z.string().min(1),
    Address: z.object({
      CivicAddress: z.string().default(''),
      City: z.string().default(''),
      Province: z.string().default(''),
      PostalCode: z.string().default(''),
      POBox: z.string().nullable().default(null),
      Country: z.string().default('CA'),
    }).default({ CivicAddress: '', City: '', Province: '', PostalCode: '', POBox: null, Country: 'CA' }),
    Email: z.string().default(''),
    PhoneNumber: z.string().default(''),
  }),
  Accounts: z.array(z.object({
    Title: z.string().min(1),
    Type: z.string().default('Chequing'),
    Category: z.string().default('Operations'),
    Currency: z.enum(['CAD', 'USD']).default('CAD'),
    AccountNumber: z.string().min(1),
    TransitNumber: z.string().nullable().default(null),
    InstitutionNumber: z.string().nullable().default('777'),
    OverdraftLimit: money.default(0),
    Balance: z.object({ Available: money.nullable().default(null), Current: money, Limit: money.nullable().default(null) }),
    Transactions: z.array(z.object({
      Id: z.string().min(1).max(100).optional(),
      Date: date,
      Description: z.string(),
      Debit: money.nullable().default(null),
      Credit: money.nullable().default(null),
      Balance: money.nullable().default(null),
    })).max(100_000).default([]),
  })).min(1).max(50),
});
export type CustomUserDocument = z.infer<typeof CustomUserDocument>;

const cents = (n: number | null): number | null => (n === null ? null : Math.round(n * 100));

export function customUserData(doc: CustomUserDocument): LoginData {
  const accounts: AccountData[] = doc.Accounts.map((a, i) => ({
    ref: `custom-${i}-${a.AccountNumber}`,
    title: a.Title,
    type: a.Type,
    category: a.Category,
    currency: a.Currency,
    accountType: doc.LoginType,
    transitNumber: a.TransitNumber,
    institutionNumber: a.InstitutionNumber,
    accountNumber: a.AccountNumber,
    overdraftLimitCents: cents(a.OverdraftLimit) ?? 0,
    limitCents: cents(a.Balance.Limit),
    currentCents: cents(a.Balance.Current)!,
    availableCents: cents(a.Balance.Available),
    transactions: a.Transactions.map((t, j) => ({
      ref: t.Id ?? `${t.Date}-${j}`,
      date: t.Date,
      description: t.Description,
      debitCents: cents(t.Debit),
      creditCents: cents(t.Credit),
      balanceCents: cents(t.Balance),
    })),
  }));
  // A re-imported document replaces what an earlier import left on the same login.
  return { loginType: doc.LoginType, holder: doc.Holder, accounts, replace: true };
}

/** A connector serving one imported document. */
export function customUserConnector(doc: CustomUserDocument): Connector {
  const sameName = (u: string) => u.trim().toLowerCase() === doc.Username.toLowerCase();
  const connected = (username: string) => ({
    kind: 'connected' as const,
    profile: { userKey: `custom:${doc.Username.toLowerCase()}`, username, aggregation: 'normal' as const, country: 'CA' as const, data: { customUser: doc.Username } },
    answered: {},
  });
  return {
    name: 'custom',
    async startLogin(c) {
      if (!sameName(c.username)) return { kind: 'failed', code: 'INVALID_LOGIN', message: 'Invalid username or password', retryable: false };
      if (c.password !== doc.Password) return { kind: 'failed', code: 'INVALID_PASSWORD', message: 'The password is incorrect', retryable: false };
      return connected(c.username.trim());
    },
    async answer() {
      return { kind: 'failed', code: 'SESSION_NONEXISTENT', message: 'This login asks no security question', retryable: false };
    },
    async refresh(c) {
      return this.startLogin(c);
    },
    securityQuestions: () => [],
    checkStoredAnswer: () => false,
    async fetch() {
      return customUserData(doc);
    },
  };
}
