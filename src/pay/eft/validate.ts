/**
 * The rules of POST /api/v1/transactions (docs.flinks.com/api/pay/endpoints/eft/create-transaction), one
 * ProblemDetails each, checked in the order a reader of the request meets the
 * fields. Pure: "today" comes from the caller. Keys are matched without regard to
 * case, as ASP.NET binds them; unknown keys are ignored.
 */
import { invalidField, payErrors, type PayProblem } from '../errors.ts';
import { codeAllowed, type Direction } from './codes.ts';
import { daysBetween, isIsoDate } from './dates.ts';
import { FREQUENCIES, MAX_TRANSACTIONS, occurrences, type Frequency } from './schedule.ts';

/** The largest amount a CPA-005 segment can carry (10 digits of cents). */
export const MAX_AMOUNT_CENTS = 9_999_999_999;

export type AccountRef = { accountId: string } | { institutionCode: string; transitNumber: string; accountNumber: string };
export type ContactRef = { contactId: string } | { firstName: string; lastName: string } | { legalName: string };

export interface Party {
  account: AccountRef;
  contact: ContactRef;
  email: string | null;
}

export interface ValidTransaction {
  transactionCode: number;
  amountCents: number;
  direction: Direction;
  currency: 'CAD';
  description: string | null;
  crossReferenceNumber: string | null;
  purposeCategory: string | null;
  party: Party;
  frequency: Frequency;
  startDate: string;
  endDate: string | null;
  transactionsCount: number;
  dueDates: string[];
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A member of an object, whatever the case of its key. */
export function member(o: Obj, name: string): unknown {
  if (name in o) return o[name];
  const lower = name.toLowerCase();
  for (const k of Object.keys(o)) if (k.toLowerCase() === lower) return o[k];
  return undefined;
}

const present = (v: unknown) => v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '');

function text(o: Obj, name: string, path: string): string | null {
  const v = member(o, name);
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw invalidField(path, 'must be a string');
  return v;
}

function requireText(o: Obj, name: string, path: string, max: number): string {
  const v = text(o, name, path);
  if (v === null || v.trim() === '') throw invalidField(path, 'is required');
  if (v.length > max) throw invalidField(path, `must be at most ${max} characters`);
  return v.trim();
}

function account(o: Obj, path: string): AccountRef {
  const id = member(o, 'accountId');
  const numbers = ['institutionCode', 'transitNumber', 'accountNumber'].filter((k) => present(member(o, k)));
  if (present(id) && numbers.length > 0) throw invalidField(path, 'give either accountId or institutionCode, transitNumber and accountNumber, not both');
  if (present(id)) {
    if (typeof id !== 'string') throw invalidField(`${path}.accountId`, 'must be a string');
    return { accountId: id.trim() };
  }
  if (numbers.length === 0) throw invalidField(path, 'accountId or institutionCode, transitNumber and accountNumber are required');
  const institutionCode = text(o, 'institutionCode', `${path}.institutionCode`);
  const transitNumber = text(o, 'transitNumber', `${path}.transitNumber`);
  const accountNumber = text(o, 'accountNumber', `${path}.accountNumber`);
  if (!institutionCode || !/^\d{3}$/.test(institutionCode.trim())) throw invalidField(`${path}.institutionCode`, 'must be 3 digits');
  if (!transitNumber || !/^\d{5}$/.test(transitNumber.trim())) throw invalidField(`${path}.transitNumber`, 'must be 5 digits');
  if (!accountNumber || !/^\d{7,12}$/.test(accountNumber.trim())) throw invalidField(`${path}.accountNumber`, 'must be 7 to 12 digits');
  return { institutionCode: institutionCode.trim(), transitNumber: transitNumber.trim(), accountNumber: accountNumber.trim() };
}

function contact(o: Obj, path: string): ContactRef {
  const id = member(o, 'contactId');
  const first = member(o, 'firstName');
  const last = member(o, 'lastName');
  const legal = member(o, 'legalName');
  const forms = [present(id), present(first) || present(last), present(legal)].filter(Boolean).length;
  if (forms === 0) throw invalidField(path, 'contactId, firstName and lastName, or legalName is required');
  if (forms > 1) throw invalidField(path, 'give only one of contactId, firstName and lastName, or legalName');
  if (present(id)) {
    if (typeof id !== 'string') throw invalidField(`${path}.contactId`, 'must be a string');
    return { contactId: id.trim() };
  }
  if (present(legal)) return { legalName: requireText(o, 'legalName', `${path}.legalName`, 100) };
  return { firstName: requireText(o, 'firstName', `${path}.firstName`, 100), lastName: requireText(o, 'lastName', `${path}.lastName`, 100) };
}

function party(v: unknown, path: string): Party {
  if (!isObj(v)) throw invalidField(path, 'must be an object');
  const accountInfo = member(v, 'accountInfo');
  const contactInfo = member(v, 'contactInfo');
  if (!isObj(accountInfo)) throw invalidField(`${path}.accountInfo`, 'is required');
  if (!isObj(contactInfo)) throw invalidField(`${path}.contactInfo`, 'is required');
  const email = text(contactInfo, 'email', `${path}.contactInfo.email`);
  if (email !== null && (email.length > 100 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))) throw invalidField(`${path}.contactInfo.email`, 'is not an email address');
  return { account: account(accountInfo, `${path}.accountInfo`), contact: contact(contactInfo, `${path}.contactInfo`), email: email && email.trim() ? email.trim() : null };
}

function amountCents(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw invalidField(path, 'must be a number');
  const cents = Math.round(v * 100);
  if (Math.abs(cents - v * 100) > 1e-6) throw invalidField(path, 'must have at most two decimals');
  if (cents < 1) throw invalidField(path, 'must be at least 0.01');
  if (cents > MAX_AMOUNT_CENTS) throw invalidField(path, 'must be at most 99999999.99');
  return cents;
}

/**
 * Validates the body of POST /api/v1/transactions. Answers the one transaction,
 * or throws the ProblemDetails of the first rule it breaks.
 */
export function validateTransactions(body: unknown, today: string): ValidTransaction {
  if (!Array.isArray(body)) throw payErrors.bodyNotArray();
  if (body.length !== 1) throw payErrors.notOneTransaction(body.length);
  const t: unknown = body[0];
  if (!isObj(t)) throw invalidField('[0]', 'must be an object');
  return validateTransaction(t, today);
}

export function validateTransaction(t: Obj, today: string, at = '[0]'): ValidTransaction {
  // paymentDirection first: several rules depend on it.
  const dirRaw = member(t, 'paymentDirection');
  if (!present(dirRaw)) throw invalidField(`${at}.paymentDirection`, 'is required (DEBIT or CREDIT)');
  const direction = typeof dirRaw === 'string' ? dirRaw.trim().toUpperCase() : '';
  if (direction !== 'DEBIT' && direction !== 'CREDIT') throw invalidField(`${at}.paymentDirection`, 'must be DEBIT or CREDIT');

  const code = member(t, 'transactionCode');
  if (code === undefined || code === null) throw invalidField(`${at}.transactionCode`, 'is required');
  if (typeof code !== 'number' || !Number.isInteger(code)) throw invalidField(`${at}.transactionCode`, 'must be an integer');
  if (code < 1 || code > 999) throw invalidField(`${at}.transactionCode`, 'must be a 3-digit Payments Canada Standard 007 code');
  if (!codeAllowed(code, direction)) throw invalidField(`${at}.transactionCode`, `${code} is not a Standard 007 code for ${direction === 'DEBIT' ? 'debits' : 'credits'}; see GET /api/v1/purposecategories/${direction === 'DEBIT' ? 'Debit' : 'Credit'}`);

  const amount = member(t, 'amount');
  if (amount === undefined || amount === null) throw invalidField(`${at}.amount`, 'is required');
  const cents = amountCents(amount, `${at}.amount`);

  const currency = member(t, 'currency');
  if (currency !== undefined && currency !== null && (typeof currency !== 'string' || currency.trim().toUpperCase() !== 'CAD')) throw invalidField(`${at}.currency`, 'must be CAD');

  const description = text(t, 'description', `${at}.description`);
  if (description !== null && description.length > 15) throw invalidField(`${at}.description`, 'must be at most 15 characters');

  const xref = text(t, 'crossReferenceNumber', `${at}.crossReferenceNumber`);
  if (xref !== null && xref !== '') {
    if (xref.length > 36) throw invalidField(`${at}.crossReferenceNumber`, 'must be at most 36 characters');
    if (!/^[A-Za-z0-9-]+$/.test(xref)) throw invalidField(`${at}.crossReferenceNumber`, 'may hold only letters, digits and hyphens');
  }

  let purpose = member(t, 'purposeCategory') ?? member(t, 'purposeCategoryId') ?? member(t, 'purposeCode');
  if (purpose !== undefined && purpose !== null && typeof purpose !== 'string' && typeof purpose !== 'number') throw invalidField(`${at}.purposeCategory`, 'must be a string or a number');
  if (purpose !== undefined && purpose !== null) purpose = String(purpose);

  const payorRaw = member(t, 'payor');
  const payeeRaw = member(t, 'payee');
  let p: Party;
  if (direction === 'DEBIT') {
    if (payorRaw === undefined || payorRaw === null) throw invalidField(`${at}.payor`, 'is required for a DEBIT');
    if (payeeRaw !== undefined && payeeRaw !== null) throw invalidField(`${at}.payee`, 'must be null for a DEBIT');
    p = party(payorRaw, `${at}.payor`);
  } else {
    if (payeeRaw === undefined || payeeRaw === null) throw invalidField(`${at}.payee`, 'is required for a CREDIT');
    if (payorRaw !== undefined && payorRaw !== null) throw invalidField(`${at}.payor`, 'must be null for a CREDIT');
    p = party(payeeRaw, `${at}.payee`);
  }

  const s = member(t, 'scheduleInfo');
  if (!isObj(s)) throw invalidField(`${at}.scheduleInfo`, 'is required');
  const freqRaw = member(s, 'paymentFrequency') ?? member(s, 'frequency');
  const frequency = FREQUENCIES.find((f) => typeof freqRaw === 'string' && f.toLowerCase() === freqRaw.trim().toLowerCase());
  if (!frequency) throw invalidField(`${at}.scheduleInfo.paymentFrequency`, `must be one of ${FREQUENCIES.join(', ')}`);
  const startDate = member(s, 'startDate');
  if (!isIsoDate(typeof startDate === 'string' ? startDate.slice(0, 10) : startDate)) throw invalidField(`${at}.scheduleInfo.startDate`, 'must be a date (YYYY-MM-DD)');
  const start = (startDate as string).slice(0, 10);
  if (direction === 'DEBIT' && start <= today) throw invalidField(`${at}.scheduleInfo.startDate`, `must be in the future for a DEBIT (today is ${today})`);
  if (direction === 'CREDIT' && start !== today) throw invalidField(`${at}.scheduleInfo.startDate`, `must be today (${today}) for a CREDIT: credits are same-day only`);
  if (direction === 'CREDIT' && frequency !== 'OneTime') throw invalidField(`${at}.scheduleInfo.paymentFrequency`, 'must be OneTime for a CREDIT');

  const endRaw = member(s, 'endDate');
  const countRaw = member(s, 'transactionsCount');
  let endDate: string | null = null;
  let count: number | null = null;
  if (present(endRaw)) {
    const e = typeof endRaw === 'string' ? endRaw.slice(0, 10) : endRaw;
    // "0001-01-01" is how .NET clients say "no end date".
    if (e !== '0001-01-01') {
      if (!isIsoDate(e)) throw invalidField(`${at}.scheduleInfo.endDate`, 'must be a date (YYYY-MM-DD)');
      endDate = e;
    }
  }
  if (countRaw !== undefined && countRaw !== null && !(countRaw === 0 && endDate !== null)) {
    if (typeof countRaw !== 'number' || !Number.isInteger(countRaw)) throw invalidField(`${at}.scheduleInfo.transactionsCount`, 'must be an integer');
    if (countRaw < 1 || countRaw > MAX_TRANSACTIONS) throw invalidField(`${at}.scheduleInfo.transactionsCount`, `must be from 1 to ${MAX_TRANSACTIONS}`);
    count = countRaw;
  }

  let dueDates: string[];
  if (frequency === 'OneTime') {
    if (count !== null && count !== 1) throw invalidField(`${at}.scheduleInfo.transactionsCount`, 'must be 1 (or absent) for a OneTime payment');
    endDate = null;
    dueDates = [start];
  } else {
    if (endDate === null && count === null) throw invalidField(`${at}.scheduleInfo`, 'a recurring schedule needs endDate or transactionsCount');
    if (endDate !== null && count !== null) throw invalidField(`${at}.scheduleInfo`, 'give endDate or transactionsCount, not both');
    if (endDate !== null && endDate <= start) throw invalidField(`${at}.scheduleInfo.endDate`, 'must be after startDate');
    dueDates = occurrences({ frequency, startDate: start, endDate, transactionsCount: count });
    if (dueDates.length > MAX_TRANSACTIONS) throw invalidField(`${at}.scheduleInfo.endDate`, `gives more than ${MAX_TRANSACTIONS} payments (${daysBetween(start, endDate!)} days of ${frequency}); choose an earlier endDate`);
  }

  return {
    transactionCode: code,
    amountCents: cents,
    direction,
    currency: 'CAD',
    description: description && description.trim() ? description.trim() : null,
    crossReferenceNumber: xref && xref !== '' ? xref : null,
    purposeCategory: (purpose as string | undefined) ?? null,
    party: p,
    frequency,
    startDate: start,
    endDate,
    transactionsCount: dueDates.length,
    dueDates,
  };
}

export type { PayProblem };
