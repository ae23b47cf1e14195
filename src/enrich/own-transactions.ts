/**
 * The customer's own transactions, as Flinks's Upload API for Enrich takes them
 * (docs.flinks.com/api/upload/endpoints/document-processing/upload-base-example and
 * .../upload-categorization): external
 * transactions in, the same attribute engine out. Not the Upload product (src/upload), which
 * reads bank statements into a login. This module validates a request with the documented
 * messages and turns it into the engine's input; it does no I/O.
 */
import { pickKey } from '../platform/http/normalize.ts';
import { flinksErrors } from '../platform/http/flinks-errors.ts';
import { enrichErrors } from './errors.ts';
import { engineInput, type CustomerRules, type EngineInput, type RawAccount, type RawTransaction } from './engine/index.ts';

export interface OwnTransactions {
  country: 'ca' | 'us';
  userIdentifier: string | null;
  attributes: unknown;
  details: unknown;
  input: EngineInput;
  transactions: RawTransaction[];
}

const SINGLE_ACCOUNT = 'account';

/** Cents of a JSON number or numeric string with at most two decimals; null when absent. */
export function cents(value: unknown, onError: () => Error): number | null {
  if (value === null || value === undefined || value === '') return null;
  let s: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw onError();
    s = String(value);
  } else if (typeof value === 'string') s = value.trim();
  else throw onError();
  const m = /^(-?)(\d{1,12})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) throw onError();
  const v = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] === '-' ? -v : v;
}

const DATE = /^(\d{4})\/(\d{2})\/(\d{2})$/;

function isoDate(value: unknown, index: number): string {
  const m = typeof value === 'string' ? DATE.exec(value.trim()) : null;
  if (!m) throw enrichErrors.badDate({ index });
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) throw enrichErrors.badDate({ index });
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/** `requireBalance`: attributes need running balances; categorization does not. */
export function parseOwnTransactions(body: unknown, business: boolean, requireBalance = true, rules?: CustomerRules): OwnTransactions {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw flinksErrors.invalidRequest({ detail: 'The request body must be a JSON object' });
  const options = pickKey(body, 'Options');
  const fromOptions = (name: string) => pickKey(options, name) ?? pickKey(body, name);
  const countryRaw = fromOptions('OriginCountry');
  if (countryRaw === undefined || countryRaw === null || countryRaw === '') throw enrichErrors.originCountryMissing();
  const country = typeof countryRaw === 'string' ? countryRaw.trim().toLowerCase() : '';
  if (country !== 'ca' && country !== 'us') throw enrichErrors.invalidCountry();

  const list = pickKey(body, 'Transactions');
  if (!Array.isArray(list) || list.length === 0) throw enrichErrors.noTransactions();
  const mostRecent = fromOptions('MostRecentBalance');
  const oldest = fromOptions('OldestBalance');
  const accountOptions = fromOptions('AccountOptions');

  const txns: (RawTransaction & { hasBalance: boolean; hasAccount: boolean; hasId: boolean })[] = list.map((raw, index) => {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw flinksErrors.invalidRequest({ detail: `Transactions[${index}] must be an object` });
    const description = pickKey(raw, 'Description');
    if (typeof description !== 'string' || description.trim() === '') throw enrichErrors.missingField({ index, field: 'Description' });
    const date = isoDate(pickKey(raw, 'TransactionDate', 'Date'), index);
    const debit = cents(pickKey(raw, 'Debit'), () => enrichErrors.badAmount({ index, field: 'Debit' }));
    const credit = cents(pickKey(raw, 'Credit'), () => enrichErrors.badAmount({ index, field: 'Credit' }));
    if ((debit === null) === (credit === null)) throw enrichErrors.debitCredit({ index });
    const balanceRaw = pickKey(raw, 'Balance');
    const balance = cents(balanceRaw, () => enrichErrors.badAmount({ index, field: 'Balance' }));
    const accountId = pickKey(raw, 'AccountId');
    const transactionId = pickKey(raw, 'TransactionId');
    const idString = (v: unknown) => (v === undefined || v === null || v === '' ? null : typeof v === 'string' || typeof v === 'number' ? String(v) : null);
    return {
      id: idString(transactionId) ?? `txn-${index}`,
      accountId: idString(accountId) ?? SINGLE_ACCOUNT,
      date,
      description: description.trim(),
      // A negative debit is money in, a negative credit money out: keep amounts positive on their side.
      debitCents: debit !== null ? (debit < 0 ? null : debit) : credit !== null && credit < 0 ? -credit : null,
      creditCents: credit !== null ? (credit < 0 ? null : credit) : debit !== null && debit < 0 ? -debit : null,
      balanceCents: balance,
      hasBalance: balance !== null,
      hasAccount: idString(accountId) !== null,
      hasId: idString(transactionId) !== null,
    };
  });

  const withAccount = txns.filter((t) => t.hasAccount).length;
  if (withAccount !== 0 && withAccount !== txns.length) throw enrichErrors.accountIdAllOrNone();
  const withId = txns.filter((t) => t.hasId).length;
  if (withId !== 0 && withId !== txns.length) throw enrichErrors.transactionIdAllOrNone();
  if (withId > 0 && new Set(txns.map((t) => t.id)).size !== txns.length) throw enrichErrors.transactionIdUnique();

  // Ordering: every account's transactions all ascending or all descending by date, the same way for all.
  let direction = 0;
  const lastByAccount = new Map<string, string>();
  for (const t of txns) {
    const last = lastByAccount.get(t.accountId);
    if (last !== undefined && last !== t.date) {
      const d = t.date > last ? 1 : -1;
      if (direction !== 0 && d !== direction) throw enrichErrors.ordering();
      direction = d;
    }
    lastByAccount.set(t.accountId, t.date);
  }

  const perTransaction = txns.some((t) => t.hasBalance);
  const balanceSources = [mostRecent !== undefined && mostRecent !== null, oldest !== undefined && oldest !== null, accountOptions !== undefined && accountOptions !== null, perTransaction].filter(Boolean).length;
  if (balanceSources > 1) throw enrichErrors.balanceOptionsExclusive();
  const balancesKnown = balanceSources === 1 && !(perTransaction && txns.some((t) => !t.hasBalance));
  if (!balancesKnown && requireBalance) throw enrichErrors.balanceMissing();

  // Running balances derived from a balance option, account by account, oldest first.
  const accountIds = [...new Set(txns.map((t) => t.accountId))];
  const accounts: RawAccount[] = [];
  for (const accountId of accountIds) {
    const mine = txns.filter((t) => t.accountId === accountId);
    const ascending = direction >= 0 ? mine : mine.slice().reverse();
    const delta = (t: RawTransaction) => (t.creditCents ?? 0) - (t.debitCents ?? 0);
    if (!perTransaction && balancesKnown) {
      let anchor: number | null;
      let fromNewest = true;
      if (accountOptions !== undefined && accountOptions !== null) {
        // Keys here are account ids, matched exactly (not folded like field names).
        const opt = typeof accountOptions === 'object' && !Array.isArray(accountOptions) ? (accountOptions as Record<string, unknown>)[accountId] : undefined;
        anchor = cents(pickKey(opt, 'MostRecentBalance'), () => flinksErrors.invalidRequest({ detail: `AccountOptions.${accountId}.MostRecentBalance has to be a number with at most two decimals.` }));
        if (anchor === null) throw flinksErrors.invalidRequest({ detail: `AccountOptions has no MostRecentBalance for the account ${accountId}.` });
      } else if (mostRecent !== undefined && mostRecent !== null) {
        anchor = cents(mostRecent, () => flinksErrors.invalidRequest({ detail: 'MostRecentBalance has to be a number with at most two decimals.' }));
      } else {
        anchor = cents(oldest, () => flinksErrors.invalidRequest({ detail: 'OldestBalance has to be a number with at most two decimals.' }));
        fromNewest = false;
      }
      if (fromNewest) {
        let b = anchor!;
        for (let i = ascending.length - 1; i >= 0; i--) {
          ascending[i]!.balanceCents = b;
          b -= delta(ascending[i]!);
        }
      } else {
        // OldestBalance: the balance before the oldest transaction.
        let b = anchor!;
        for (const t of ascending) {
          b += delta(t);
          t.balanceCents = b;
        }
      }
    }
    accounts.push({ id: accountId, kind: 'deposit', currentCents: ascending[ascending.length - 1]!.balanceCents ?? 0 });
  }

  const clean: RawTransaction[] = txns.map(({ hasBalance: _b, hasAccount: _a, hasId: _i, ...t }) => t);
  const asOf = clean.reduce((max, t) => (t.date > max ? t.date : max), clean[0]!.date);
  const user = pickKey(body, 'UserIdentifier');
  return {
    country,
    userIdentifier: typeof user === 'string' && user.trim() !== '' ? user.trim() : typeof user === 'number' ? String(user) : null,
    attributes: pickKey(pickKey(body, 'Attributes'), 'Card'),
    details: fromOptions('AttributesDetail') ?? pickKey(pickKey(body, 'AttributesDetail'), 'Card'),
    input: engineInput(asOf, accounts, clean, business, rules),
    transactions: clean,
  };
}
