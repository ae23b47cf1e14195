/**
 * Validation of session creation bodies (docs.flinks.com/api/pay/endpoints/geft/sessions-initiate,
 * api/pay/endpoints/eft/v2 and api/pay/endpoints/e-transfer): every field and limit, one rule at a time, each failure naming its
 * field. Pure: answers the normalised request or a FieldError; the routes turn
 * a FieldError into 400 ProblemDetails.
 *
 * Tolerance, as the ASP.NET service Flinks runs binds JSON: keys match without
 * regard to case, enum values too ("eft", "debit", "fr"), numbers may arrive as
 * numeric strings and booleans as "true"/"false". Unknown keys are ignored.
 */

export class FieldError extends Error {
  constructor(readonly field: string, readonly reason: string) {
    super(`${field}: ${reason}`);
    this.name = 'FieldError';
  }
}

export const AMOUNT_MIN_CENTS = 1;
export const AMOUNT_MAX_CENTS = 99_999_99;
/** Limits of a user-entered amount when the session names none. */
export const DEFAULT_MINIMUM_CENTS = 1_00;
export const DEFAULT_MAXIMUM_CENTS = 10_000_00;

export interface Address {
  addressLine1: string | null;
  addressLine2: string | null;
  unit: string | null;
  city: string | null;
  postalCode: string | null;
  province: string | null;
  country: string | null;
}

export interface Payor {
  firstName: string;
  lastName: string;
  middleName: string | null;
  email: string | null;
  phone: string | null;
  occupation: string | null;
  dateOfBirth: string | null;
  address: Address | null;
}

export interface BankAccount {
  institutionCode: string;
  transitNumber: string;
  accountNumber: string;
  accountLabel: string | null;
}

export interface RedirectPreferences {
  mode: 'JsEvents' | 'Redirect';
  urlSuccess: string | null;
  urlExit: string | null;
}

export interface CreateSessionV2 {
  referenceId: string | null;
  type: 'EFT' | 'e-Transfer';
  direction: 'DEBIT';
  currency: 'CAD';
  amountCents: number | null;
  guarantee: boolean;
  language: 'EN' | 'FR' | null;
  sendInteracLink: boolean;
  showConsentScreen: boolean;
  minimumCents: number;
  maximumCents: number;
  amountModification: boolean;
  redirect: RedirectPreferences;
  payor: Payor;
  payeeAccount: BankAccount | null;
}

export interface CreateSessionV1 {
  referenceId: string | null;
  amountCents: number;
  customerName: string;
  customerEmail: string;
  clientUris: Record<string, string> | null;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The value of `key` in `o`, matched without case, underscores or dashes (the first spelling wins). */
export function pick(o: Obj | null | undefined, key: string): unknown {
  if (!o) return undefined;
  if (key in o) return o[key];
  const want = key.replace(/[_-]/g, '').toLowerCase();
  for (const k of Object.keys(o)) if (k.replace(/[_-]/g, '').toLowerCase() === want) return o[k];
  return undefined;
}

const absent = (v: unknown) => v === undefined || v === null;

function object(v: unknown, field: string, required: boolean): Obj | null {
  if (absent(v)) {
    if (required) throw new FieldError(field, 'is required');
    return null;
  }
  if (!isObj(v)) throw new FieldError(field, 'must be an object');
  return v;
}

function str(v: unknown, field: string, o: { required?: boolean; max?: number; min?: number; pattern?: RegExp; patternText?: string } = {}): string | null {
  if (absent(v) || (typeof v === 'string' && v.trim() === '' && !o.required)) {
    if (o.required) throw new FieldError(field, 'is required');
    return null;
  }
  if (typeof v !== 'string' && typeof v !== 'number') throw new FieldError(field, 'must be a string');
  const s = String(v).trim();
  if (o.required && s === '') throw new FieldError(field, 'is required');
  if (o.min !== undefined && s.length < o.min) throw new FieldError(field, `must be at least ${o.min} characters`);
  if (o.max !== undefined && s.length > o.max) throw new FieldError(field, `must be at most ${o.max} characters`);
  if (o.pattern && !o.pattern.test(s)) throw new FieldError(field, o.patternText ?? 'has an invalid format');
  return s;
}

function bool(v: unknown, field: string, dflt: boolean): boolean {
  if (absent(v)) return dflt;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === 'true' || s === '1') return true;
    if (s === 'false' || s === '0') return false;
  }
  throw new FieldError(field, 'must be true or false');
}

function oneOf<T extends string>(v: unknown, field: string, values: readonly T[], o: { required?: boolean } = {}): T | null {
  if (absent(v) || v === '') {
    if (o.required) throw new FieldError(field, 'is required');
    return null;
  }
  if (typeof v !== 'string') throw new FieldError(field, `must be one of ${values.map((x) => `"${x}"`).join(', ')}`);
  const found = values.find((x) => x.toLowerCase() === v.trim().toLowerCase());
  if (!found) throw new FieldError(field, `must be one of ${values.map((x) => `"${x}"`).join(', ')}`);
  return found;
}

/** An amount in dollars with at most two decimals, as integer cents; null when absent. */
export function amount(v: unknown, field: string, o: { required?: boolean; minCents?: number; maxCents?: number } = {}): number | null {
  if (absent(v) || v === '') {
    if (o.required) throw new FieldError(field, 'is required');
    return null;
  }
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw new FieldError(field, 'must be a number');
  const cents = Math.round(n * 100);
  if (Math.abs(cents - n * 100) > 1e-6) throw new FieldError(field, 'must be a multiple of 0.01');
  const min = o.minCents ?? AMOUNT_MIN_CENTS;
  const max = o.maxCents ?? AMOUNT_MAX_CENTS;
  if (cents < min || cents > max) throw new FieldError(field, `must be between ${(min / 100).toFixed(2)} and ${(max / 100).toFixed(2)}`);
  return cents;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function calendarDate(v: unknown, field: string): string | null {
  const s = str(v, field, { pattern: /^\d{4}-\d{2}-\d{2}$/, patternText: 'must be a date YYYY-MM-DD' });
  if (s === null) return null;
  const d = new Date(`${s}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s) throw new FieldError(field, 'must be a date YYYY-MM-DD');
  return s;
}

function httpUrl(v: unknown, field: string): string | null {
  const s = str(v, field, { max: 2048 });
  if (s === null) return null;
  try {
    const u = new URL(s);
    if (u.protocol === 'https:' || u.protocol === 'http:') return u.toString();
  } catch {
    // answered below
  }
  throw new FieldError(field, 'must be an http(s) URL');
}

function address(v: unknown, field: string): Address | null {
  const a = object(v, field, false);
  if (!a) return null;
  const f = (k: string) => `${field}.${k}`;
  return {
    addressLine1: str(pick(a, 'addressLine1'), f('addressLine1'), { max: 100 }),
    addressLine2: str(pick(a, 'addressLine2'), f('addressLine2'), { max: 100 }),
    unit: str(pick(a, 'unit'), f('unit'), { max: 20 }),
    city: str(pick(a, 'city'), f('city'), { max: 100 }),
    postalCode: str(pick(a, 'postalCode'), f('postalCode'), { pattern: /^[A-Za-z0-9]{6}$/, patternText: 'must be 6 letters or digits, without spaces' })?.toUpperCase() ?? null,
    province: str(pick(a, 'province'), f('province'), { pattern: /^[A-Za-z]{2}$/, patternText: 'must be 2 letters' })?.toUpperCase() ?? null,
    country: str(pick(a, 'country'), f('country'), { pattern: /^[A-Za-z]{2}$/, patternText: 'must be 2 letters' })?.toUpperCase() ?? null,
  };
}

function payor(v: unknown, emailRequired: boolean): Payor {
  const p = object(v, 'payor', true)!;
  const f = (k: string) => `payor.${k}`;
  const email = str(pick(p, 'email'), f('email'), { required: emailRequired, max: 100 });
  if (email !== null && !EMAIL.test(email)) throw new FieldError(f('email'), 'must be an email address');
  const dob = calendarDate(pick(p, 'dateOfBirth'), f('dateOfBirth'));
  return {
    firstName: str(pick(p, 'firstName'), f('firstName'), { required: true, max: 100 })!,
    lastName: str(pick(p, 'lastName'), f('lastName'), { required: true, max: 100 })!,
    middleName: str(pick(p, 'middleName'), f('middleName'), { max: 100 }),
    email,
    phone: str(pick(p, 'phone'), f('phone'), { pattern: /^\d{1,15}$/, patternText: 'must be at most 15 digits, without symbols' }),
    occupation: str(pick(p, 'occupation'), f('occupation'), { max: 100 }),
    dateOfBirth: dob,
    address: address(pick(p, 'address'), f('address')),
  };
}

export function bankAccount(v: unknown, field: string): BankAccount | null {
  const a = object(v, field, false);
  if (!a) return null;
  const f = (k: string) => `${field}.${k}`;
  return {
    institutionCode: str(pick(a, 'institutionCode'), f('institutionCode'), { required: true, pattern: /^\d{3}$/, patternText: 'must be 3 digits' })!,
    transitNumber: str(pick(a, 'transitNumber'), f('transitNumber'), { required: true, pattern: /^\d{5}$/, patternText: 'must be 5 digits' })!,
    accountNumber: str(pick(a, 'accountNumber'), f('accountNumber'), { required: true, pattern: /^\d{7,12}$/, patternText: 'must be 7 to 12 digits' })!,
    accountLabel: str(pick(a, 'accountLabel'), f('accountLabel'), { max: 100 }),
  };
}

/** POST /api/v2/sessions (and /initiate). */
export function parseCreateV2(body: unknown): CreateSessionV2 {
  if (!isObj(body)) throw new FieldError('body', 'must be a JSON object');
  const type = oneOf(pick(body, 'type'), 'type', ['EFT', 'e-Transfer'] as const, { required: true })!;
  const interac = type === 'e-Transfer';
  oneOf(pick(body, 'direction'), 'direction', ['DEBIT'] as const, { required: true });
  oneOf(pick(body, 'currency'), 'currency', ['CAD'] as const);
  const referenceId = str(pick(body, 'referenceId'), 'referenceId', { max: 100 });
  const options = object(pick(body, 'options'), 'options', false);
  const guaranteeObj = object(pick(options, 'guarantee'), 'options.guarantee', false);
  const guarantee = bool(pick(guaranteeObj, 'enable'), 'options.guarantee.enable', false);
  if (interac && guarantee) throw new FieldError('options.guarantee.enable', 'must be false for an e-Transfer session');
  const notif = object(pick(options, 'notificationPreferences'), 'options.notificationPreferences', false);
  const language = oneOf(pick(notif, 'language'), 'options.notificationPreferences.language', ['EN', 'FR'] as const);
  const sendInteracLink = bool(pick(notif, 'sendInteracLink'), 'options.notificationPreferences.sendInteracLink', false);
  const showConsentScreen = bool(pick(options, 'showConsentScreen'), 'options.showConsentScreen', false);

  const limits = object(pick(options, 'limits'), 'options.limits', false);
  const minimumCents = amount(pick(limits, 'minimumAmount'), 'options.limits.minimumAmount') ?? DEFAULT_MINIMUM_CENTS;
  const maximumCents = amount(pick(limits, 'maximumAmount'), 'options.limits.maximumAmount') ?? Math.max(DEFAULT_MAXIMUM_CENTS, minimumCents);
  if (minimumCents > maximumCents) throw new FieldError('options.limits', 'minimumAmount must not be above maximumAmount');

  const amountCents = amount(pick(body, 'amount'), 'amount', { required: interac });
  const amountModification = bool(pick(options, 'amountModification'), 'options.amountModification', amountCents === null);
  if (amountCents !== null && amountModification && !interac && (amountCents < minimumCents || amountCents > maximumCents)) {
    throw new FieldError('amount', `must be between the limits ${(minimumCents / 100).toFixed(2)} and ${(maximumCents / 100).toFixed(2)}`);
  }

  const redirectObj = object(pick(options, 'redirectPreferences'), 'options.redirectPreferences', false);
  const redirect: RedirectPreferences = {
    mode: oneOf(pick(redirectObj, 'mode'), 'options.redirectPreferences.mode', ['JsEvents', 'Redirect'] as const) ?? 'JsEvents',
    urlSuccess: httpUrl(pick(redirectObj, 'urlSuccess'), 'options.redirectPreferences.urlSuccess'),
    urlExit: httpUrl(pick(redirectObj, 'urlExit'), 'options.redirectPreferences.urlExit'),
  };
  if (redirect.mode === 'Redirect' && !redirect.urlSuccess) throw new FieldError('options.redirectPreferences.urlSuccess', 'is required when mode is "Redirect"');

  const thePayor = payor(pick(body, 'payor'), interac);
  const payee = object(pick(body, 'payee'), 'payee', false);
  const payeeAccount = bankAccount(pick(payee, 'account'), 'payee.account');
  if (type === 'EFT' && !guarantee && payee) throw new FieldError('payee', 'must be absent for a regular EFT session (funds settle to the settlement account)');

  return {
    referenceId,
    type,
    direction: 'DEBIT',
    currency: 'CAD',
    amountCents,
    guarantee: type === 'EFT' && guarantee,
    language,
    sendInteracLink: interac && sendInteracLink,
    showConsentScreen,
    minimumCents,
    maximumCents,
    amountModification: amountCents === null ? true : amountModification,
    redirect,
    payor: thePayor,
    payeeAccount,
  };
}

/** POST /api/v1/sessions/initiate (`referenceOptional` for /sendrequest). */
export function parseCreateV1(body: unknown, o: { referenceOptional: boolean }): CreateSessionV1 {
  if (!isObj(body)) throw new FieldError('body', 'must be a JSON object');
  const referenceId = str(pick(body, 'referenceId'), 'referenceId', { required: !o.referenceOptional, max: 100 });
  const amountCents = amount(pick(body, 'amount'), 'amount', { required: true })!;
  const customerName = str(pick(body, 'customerName'), 'customerName', { required: true, max: 200 })!;
  const customerEmail = str(pick(body, 'customerEmail'), 'customerEmail', { required: true, max: 100 })!;
  if (!EMAIL.test(customerEmail)) throw new FieldError('customerEmail', 'must be an email address');
  const uris = pick(body, 'clientURIs') ?? pick(body, 'clientUrls');
  let clientUris: Record<string, string> | null = null;
  if (!absent(uris)) {
    if (!isObj(uris)) throw new FieldError('clientURIs', 'must be an object of URLs');
    clientUris = {};
    for (const [k, v] of Object.entries(uris)) {
      const u = httpUrl(v, `clientURIs.${k}`);
      if (u) clientUris[k] = u;
    }
  }
  return { referenceId, amountCents, customerName, customerEmail, clientUris };
}

/** A V1 customerName split into first and last names (the last word is the last name). */
export function splitName(name: string): { firstName: string; lastName: string } {
  const parts = name.trim().split(/\s+/);
  if (parts.length === 1) return { firstName: parts[0]!, lastName: parts[0]! };
  return { firstName: parts.slice(0, -1).join(' '), lastName: parts[parts.length - 1]! };
}
