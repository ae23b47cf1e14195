/**
 * Pure lookups over the shipped institutions dataset, and the Flinks wire shapes of
 * GET /Institutions and GET /Institutions/RoutingNumber/{routingNumber} (docs.flinks.com/api/connect/endpoints/account-linking/instituitions, sic, and institutions-routing-number).
 */
import type { Institution } from './data.ts';
import { INSTITUTIONS } from './data.ts';

export type { Institution } from './data.ts';

// Type aliases, not interfaces: the answers are checked against loose (open) response schemas,
// whose types an interface does not satisfy (it has no index signature).
export type FlinksInstitutionUrl = {
  Type: 'Main';
  Url: string;
};

export type FlinksInstitutionLocalization = {
  Language: 'fr' | 'en';
  Name: string;
  Urls: FlinksInstitutionUrl[];
};

export type FlinksInstitution = {
  Id: number;
  Localizations: FlinksInstitutionLocalization[];
  Status: 'Enabled' | 'Disabled';
  Country: 'CA' | 'US';
};

export type FlinksRoutingInstitution = FlinksInstitution & {
  RoutingNumbers: string[];
};

const BY_ID_ORDER: readonly Institution[] = [...INSTITUTIONS].sort((a, b) => a.id - b.id);

/** Lower case, accents removed, surrounding whitespace trimmed. */
function normalizeCode(code: string): string {
  return code.normalize('NFD').replace(/\p{M}/gu, '').trim().toLowerCase();
}

const BY_ID = new Map<number, Institution>(INSTITUTIONS.map((i) => [i.id, i]));
const BY_CODE = new Map<string, Institution>(INSTITUTIONS.map((i) => [normalizeCode(i.code), i]));
const BY_ROUTING = new Map<string, Institution>();
for (const inst of INSTITUTIONS) for (const rn of inst.routingNumbers) BY_ROUTING.set(rn, inst);

/**
 * All institutions ordered by id. Disabled institutions are included (their `Status`
 * tells the client); sandbox institutions (Flinks Capital) only when asked for.
 */
export function listInstitutions(opts: { includeSandbox: boolean }): Institution[] {
  return BY_ID_ORDER.filter((i) => opts.includeSandbox || !i.sandbox);
}

/**
 * Finds an institution by numeric id (a number, or a string of digits) or by code
 * (case- and accent-insensitive: 'rbc', 'Laurentienne', 'LAURENTIÉNNE').
 * Institution numbers and routing numbers are not accepted here.
 */
export function findInstitution(idOrCode: string | number): Institution | undefined {
  if (typeof idOrCode === 'number') {
    return Number.isInteger(idOrCode) ? BY_ID.get(idOrCode) : undefined;
  }
  const text = idOrCode.trim();
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) return BY_ID.get(Number(text));
  return BY_CODE.get(normalizeCode(text));
}

/** The institution owning a US ABA routing number (exact 9 digits; surrounding spaces ignored). */
export function findByRoutingNumber(rn: string): Institution | undefined {
  return BY_ROUTING.get(rn.trim());
}

/**
 * ABA routing number checksum: 9 digits, weights 3,7,1 repeated, weighted sum divisible by 10.
 */
export function isValidRoutingNumber(rn: string): boolean {
  if (!/^\d{9}$/.test(rn)) return false;
  const weights = [3, 7, 1];
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(rn[i]) * weights[i % 3]!;
  return sum % 10 === 0;
}

function localization(inst: Institution, language: 'fr' | 'en'): FlinksInstitutionLocalization {
  return { Language: language, Name: inst.names[language], Urls: [{ Type: 'Main', Url: inst.urls[language] }] };
}

/**
 * The Flinks wire shape of one institution in GET /Institutions:
 * `{"Id","Localizations":[fr, en],"Status","Country"}`. Canadian institutions carry a
 * French and an English localization (French first, as Flinks answers); US institutions
 * carry only English, as in the Flinks routing-number example.
 */
export function toFlinksInstitution(inst: Institution): FlinksInstitution {
  const languages: ('fr' | 'en')[] = inst.country === 'CA' ? ['fr', 'en'] : ['en'];
  return {
    Id: inst.id,
    Localizations: languages.map((l) => localization(inst, l)),
    Status: inst.status,
    Country: inst.country,
  };
}

/** The shape of GET /Institutions/RoutingNumber/{rn}: the institution plus its `RoutingNumbers`. */
export function toFlinksRoutingInstitution(inst: Institution): FlinksRoutingInstitution {
  return { ...toFlinksInstitution(inst), RoutingNumbers: [...inst.routingNumbers] };
}
