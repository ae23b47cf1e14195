/**
 * Pay's settings, read from the environment when the product is set up (listed
 * in docs/configuration.md, section Pay). Kept beside the product rather than in
 * the platform's Config: only Pay reads them.
 */

export interface PayConfig {
  /** Lifetime of a token from POST /pay/api/v1/authorize (Flinks: 299 s on the authorize page). */
  tokenSeconds: number;
  /** The originator id (CPA-005 client number, 10 characters) of customers without their own. */
  originatorId: string;
  /** Per-customer originator ids: customerId -> originator id. */
  originators: Record<string, string>;
  /** Originator short name (15) and long name (30) written into every detail segment. */
  originatorShortName: string;
  originatorLongName: string;
  /** Destination data centre (5 digits) of the header record. */
  destinationDataCentre: string;
  /** First file creation number of an originator that has no file yet (1-9999). */
  fileCreationNumberStart: number;
  /** Institution and account (returns are sent there) of every detail segment: 0IIITTTTT and up to 12 digits. */
  returnInstitutionId: string;
  returnAccountNumber: string;
  /** Cron (UTC) of the daily cut-off. */
  cutoffCron: string;
  /** The daily cut-off files the payments due up to today + this many days. */
  cutoffLeadDays: number;
  /** A filed payment counts as settled this many days after its value date (the return window we wait out). */
  settlementDays: number;
  /** Cron (UTC) of the daily settlement run. */
  settlementCron: string;
  /** The zone whose calendar says what "today" is (Payments Canada works in Eastern time). */
  timezone: string;
  /** How long a cut-off job may run before another worker takes it over. */
  cutoffExpireSeconds: number;
  /** Public base URL for links (padLink); falls back to the request's host. */
  publicUrl: string | null;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  return n;
}

function text(env: NodeJS.ProcessEnv, name: string, fallback: string, pattern: RegExp, what: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!pattern.test(raw)) throw new Error(`${name} must be ${what}, got "${raw}"`);
  return raw;
}

const ORIGINATOR = /^[A-Za-z0-9]{1,10}$/;

/** `customerId=originatorId` pairs separated by commas. */
function originators(raw: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!raw) return out;
  for (const pair of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [customer, originator] = pair.split(/[=:]/).map((s) => s.trim());
    if (!customer || !originator || !ORIGINATOR.test(originator)) throw new Error(`PAY_ORIGINATORS: "${pair}" is not customerId=originatorId (1-10 letters or digits)`);
    out[customer.toLowerCase()] = originator.toUpperCase();
  }
  return out;
}

function zone(name: string): string {
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone: name });
  } catch {
    throw new Error(`PAY_TIMEZONE: "${name}" is not a time zone`);
  }
  return name;
}

export function loadPayConfig(env: NodeJS.ProcessEnv = process.env): PayConfig {
  return {
    tokenSeconds: int(env, 'PAY_TOKEN_SECONDS', 299, 1, 86_400),
    originatorId: text(env, 'PAY_ORIGINATOR_ID', 'MAPLELINK0', ORIGINATOR, '1-10 letters or digits').toUpperCase(),
    originators: originators(env.PAY_ORIGINATORS),
    originatorShortName: text(env, 'PAY_ORIGINATOR_SHORT_NAME', 'MAPLELINK', /^[\x20-\x7e]{1,15}$/, 'up to 15 printable ASCII characters'),
    originatorLongName: text(env, 'PAY_ORIGINATOR_LONG_NAME', 'MAPLELINK PAYMENTS', /^[\x20-\x7e]{1,30}$/, 'up to 30 printable ASCII characters'),
    destinationDataCentre: text(env, 'PAY_DESTINATION_DATA_CENTRE', '00000', /^\d{5}$/, '5 digits'),
    fileCreationNumberStart: int(env, 'PAY_FILE_CREATION_NUMBER_START', 1, 1, 9999),
    returnInstitutionId: text(env, 'PAY_RETURN_INSTITUTION_ID', '000000000', /^0\d{8}$/, '0 + 3-digit institution + 5-digit transit (9 digits)'),
    returnAccountNumber: text(env, 'PAY_RETURN_ACCOUNT_NUMBER', '000000000000', /^\d{1,12}$/, 'up to 12 digits'),
    cutoffCron: env.PAY_CUTOFF_CRON || '0 21 * * *',
    cutoffLeadDays: int(env, 'PAY_CUTOFF_LEAD_DAYS', 1, 0, 30),
    settlementDays: int(env, 'PAY_SETTLEMENT_DAYS', 2, 0, 90),
    settlementCron: env.PAY_SETTLEMENT_CRON || '0 12 * * *',
    timezone: zone(env.PAY_TIMEZONE || 'America/Toronto'),
    cutoffExpireSeconds: int(env, 'PAY_CUTOFF_EXPIRE_SECONDS', 900, 1, 86_400),
    publicUrl: env.PUBLIC_URL || null,
  };
}

/** The originator id that files a customer's payments. */
export function originatorOf(config: PayConfig, customerId: string): string {
  return config.originators[customerId.toLowerCase()] ?? config.originatorId;
}
