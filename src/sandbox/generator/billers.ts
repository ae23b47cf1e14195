// Who sends money and who takes it by pre-authorized debit: employers, governments, utilities,
// telecoms, insurers, lenders, gig platforms. Province-aware.

import type { Lang } from './holder.ts';
import type { GovernmentKind } from './types.ts';

export interface Biller {
  /** Printed payee name. */
  print: string;
  /** Normalised name (merchant facet). */
  name: string;
}

const b = (print: string, name: string): Biller => ({ print, name });

export const EMPLOYERS: readonly Biller[] = [
  b('ACME CORP', 'Acme Corp'),
  b('LAURENTIAN TECH INC', 'Laurentian Tech Inc'),
  b('BOREAL LOGISTICS', 'Boreal Logistics'),
  b('NORTHWIND FOODS', 'Northwind Foods'),
  b('GRANITE HEALTH SVCS', 'Granite Health Services'),
  b('MAPLEWOOD MFG', 'Maplewood Manufacturing'),
  b('TRILLIUM INSURANCE', 'Trillium Insurance'),
  b('PRAIRIE ENERGY LTD', 'Prairie Energy Ltd'),
  b('CASCADE SOFTWARE', 'Cascade Software'),
  b('ATLANTIC SEAFOODS', 'Atlantic Seafoods'),
  b('GROUPE ST-LAURENT', 'Groupe St-Laurent'),
  b('CONSTRUCTION BOISVERT', 'Construction Boisvert'),
  b('SUMMIT ENGINEERING', 'Summit Engineering'),
];

/** Lower-wage employers (semi-monthly pay). */
export const HOURLY_EMPLOYERS: readonly Biller[] = [
  b('NORTHSTAR RETAIL LTD', 'Northstar Retail Ltd'),
  b('QUICKSHIP WAREHOUSING', 'Quickship Warehousing'),
  b('MAPLE CALL CENTRE', 'Maple Call Centre'),
  b('ENTREPOT RIVE-SUD', 'Entrepot Rive-Sud'),
  b('GREENLEAF CLEANING', 'Greenleaf Cleaning'),
  b('HARBOUR SECURITY INC', 'Harbour Security Inc'),
];

export function electricity(province: string, city: string): Biller {
  switch (province) {
    case 'QC':
      return b('HYDRO-QUEBEC', 'Hydro-Quebec');
    case 'ON':
      if (city === 'Toronto') return b('TORONTO HYDRO', 'Toronto Hydro');
      if (city === 'Ottawa') return b('HYDRO OTTAWA', 'Hydro Ottawa');
      if (city === 'Mississauga' || city === 'Hamilton') return b('ALECTRA UTILITIES', 'Alectra Utilities');
      if (city === 'London') return b('LONDON HYDRO', 'London Hydro');
      return b('HYDRO ONE', 'Hydro One');
    case 'BC':
      return b('BC HYDRO', 'BC Hydro');
    case 'AB':
      return city === 'Calgary' ? b('ENMAX', 'ENMAX') : b('EPCOR', 'EPCOR');
    case 'MB':
      return b('MANITOBA HYDRO', 'Manitoba Hydro');
    case 'SK':
      return b('SASKPOWER', 'SaskPower');
    case 'NS':
      return b('NOVA SCOTIA POWER', 'Nova Scotia Power');
    case 'NB':
      return b('NB POWER', 'NB Power');
    case 'NL':
      return b('NEWFOUNDLAND POWER', 'Newfoundland Power');
    default:
      return b('MARITIME ELECTRIC', 'Maritime Electric');
  }
}

/** Natural-gas distributor, or null where homes usually heat with electricity. */
export function naturalGas(province: string): Biller | null {
  switch (province) {
    case 'ON':
      return b('ENBRIDGE GAS', 'Enbridge Gas');
    case 'BC':
      return b('FORTISBC GAS', 'FortisBC');
    case 'AB':
      return b('ATCO GAS', 'ATCO');
    case 'SK':
      return b('SASKENERGY', 'SaskEnergy');
    case 'QC':
      return b('ENERGIR', 'Energir');
    default:
      return null;
  }
}

export function mobileCarriers(province: string): Biller[] {
  if (province === 'QC') return [b('VIDEOTRON', 'Videotron'), b('FIDO', 'Fido'), b('BELL MOBILITE', 'Bell'), b('KOODO MOBILE', 'Koodo'), b('FIZZ', 'Fizz')];
  if (province === 'ON') return [b('ROGERS', 'Rogers'), b('BELL MOBILITY', 'Bell'), b('FIDO', 'Fido'), b('KOODO MOBILE', 'Koodo'), b('FREEDOM MOBILE', 'Freedom Mobile'), b('VIRGIN PLUS', 'Virgin Plus')];
  if (province === 'SK') return [b('SASKTEL', 'SaskTel'), b('TELUS MOBILITY', 'Telus'), b('ROGERS', 'Rogers')];
  if (province === 'BC' || province === 'AB' || province === 'MB') return [b('TELUS MOBILITY', 'Telus'), b('ROGERS', 'Rogers'), b('KOODO MOBILE', 'Koodo'), b('FREEDOM MOBILE', 'Freedom Mobile')];
  return [b('BELL MOBILITY', 'Bell'), b('EASTLINK WIRELESS', 'Eastlink'), b('ROGERS', 'Rogers')];
}

export function internetProviders(province: string): Biller[] {
  if (province === 'QC') return [b('VIDEOTRON', 'Videotron'), b('BELL CANADA', 'Bell'), b('COGECO', 'Cogeco'), b('EBOX', 'ebox')];
  if (province === 'ON') return [b('ROGERS', 'Rogers'), b('BELL CANADA', 'Bell'), b('TEKSAVVY', 'TekSavvy'), b('COGECO', 'Cogeco')];
  if (province === 'MB') return [b('BELL MTS', 'Bell MTS'), b('ROGERS', 'Rogers')];
  if (province === 'SK') return [b('SASKTEL', 'SaskTel'), b('ROGERS', 'Rogers')];
  if (province === 'BC' || province === 'AB') return [b('TELUS', 'Telus'), b('ROGERS', 'Rogers'), b('SHAW', 'Shaw')];
  return [b('EASTLINK', 'Eastlink'), b('BELL ALIANT', 'Bell Aliant')];
}

export function insurers(province: string): Biller[] {
  const common = [b('INTACT INSURANCE', 'Intact Insurance'), b('TD INSURANCE', 'TD Insurance'), b('BELAIRDIRECT', 'belairdirect'), b('CO-OPERATORS', 'Co-operators'), b('AVIVA CANADA', 'Aviva')];
  if (province === 'QC') return [b('DESJARDINS ASSURANCES', 'Desjardins Insurance'), b('LA CAPITALE', 'Beneva'), ...common];
  if (province === 'BC') return [b('ICBC', 'ICBC'), ...common];
  if (province === 'SK') return [b('SGI', 'SGI'), ...common];
  if (province === 'MB') return [b('MPI AUTOPAC', 'Manitoba Public Insurance'), ...common];
  return common;
}

export const MORTGAGE_LENDERS: readonly Biller[] = [
  b('MTG PMT FIRST NATIONAL', 'First National'),
  b('MCAP MORTGAGE', 'MCAP'),
  b('TD MORTGAGE', 'TD'),
  b('SCOTIA MORTGAGE', 'Scotiabank'),
  b('BMO MORTGAGE', 'BMO'),
  b('EQUITABLE BANK MTG', 'Equitable Bank'),
];
export const MORTGAGE_LENDERS_FR: readonly Biller[] = [b('HYPOTHEQUE DESJARDINS', 'Desjardins'), b('HYPOTHEQUE BNC', 'National Bank'), b('PRET HYPOTHECAIRE RBC', 'RBC')];

export const AUTO_LENDERS: readonly Biller[] = [
  b('TD AUTO FINANCE', 'TD Auto Finance'),
  b('RBC AUTO LOAN', 'RBC'),
  b('FORD CREDIT CANADA', 'Ford Credit'),
  b('TOYOTA CREDIT CANADA', 'Toyota Financial Services'),
  b('HONDA CANADA FINANCE', 'Honda Finance'),
  b('SCOTIA DEALER ADV', 'Scotiabank'),
  b('NISSAN CANADA FIN', 'Nissan Canada Finance'),
];
export const SUBPRIME_AUTO_LENDERS: readonly Biller[] = [
  b('CARFINCO', 'Carfinco'),
  b('RIFCO NATIONAL AUTO', 'Rifco'),
  b('SANTANDER CONSUMER', 'Santander Consumer'),
  b('IA AUTO FINANCE', 'iA Auto Finance'),
  b('EDEN PARK AUTO', 'Eden Park'),
];

export function studentLender(province: string): Biller {
  return province === 'QC' ? b('PRET ETUDIANT DESJARDINS', 'Desjardins') : b('NSLSC STUDENT LOAN', 'NSLSC');
}

/** Payday and micro lenders (loan proceeds in, pre-authorized repayments out). */
export const PAYDAY_LENDERS: readonly Biller[] = [
  b('MONEY MART', 'Money Mart'),
  b('CASH MONEY', 'Cash Money'),
  b('CASH 4 YOU', 'Cash 4 You'),
  b('ICASH', 'iCash'),
  b('LENDDIRECT', 'LendDirect'),
  b('CASHCO FINANCIAL', 'Cashco'),
  b('MAGICAL CREDIT', 'Magical Credit'),
];

export const INSTALMENT_LENDERS: readonly Biller[] = [b('EASYFINANCIAL', 'easyfinancial'), b('FAIRSTONE FINANCIAL', 'Fairstone'), b('MOGO FINANCE', 'Mogo'), b('SPRING FINANCIAL', 'Spring Financial')];

export const PENSION_PAYERS: readonly Biller[] = [
  b('OMERS PENSION', 'OMERS'),
  b('HOOPP PENSION', 'HOOPP'),
  b('SUN LIFE PENSION', 'Sun Life'),
  b('CANADA LIFE PENSION', 'Canada Life'),
  b('PSPP PENSION CANADA', 'Public Service Pension Plan'),
];

/** Description of a government deposit. */
export function governmentDeposit(kind: GovernmentKind, province: string, lang: Lang): Biller {
  const fr = lang === 'fr';
  switch (kind) {
    case 'CCB':
      return fr ? b('DEPOT DIRECT ALLOC CAN ENFANTS', 'Government of Canada') : b('CANADA CCB DEPOSIT', 'Government of Canada');
    case 'GST_HST':
      return fr ? b('CREDIT TPS/TVH CANADA', 'Government of Canada') : b('GST/HST CREDIT CANADA', 'Government of Canada');
    case 'EI':
      return fr ? b('ASSURANCE-EMPLOI CANADA', 'Government of Canada') : b('EI CANADA DEPOSIT', 'Government of Canada');
    case 'CPP':
      // Quebec residents get the QPP from Retraite Quebec instead of the CPP; same facet.
      if (province === 'QC') return b('RETRAITE QUEBEC RRQ', 'Retraite Quebec');
      return fr ? b('RPC CANADA', 'Government of Canada') : b('CPP CANADA', 'Government of Canada');
    case 'OAS':
      return fr ? b('SECURITE DE LA VIEILLESSE', 'Government of Canada') : b('OAS CANADA', 'Government of Canada');
    case 'SOCIAL_ASSISTANCE':
      switch (province) {
        case 'QC':
          return b('DEPOT DIRECT GOUV. QUE', 'Gouvernement du Quebec');
        case 'ON':
          return b('ONTARIO WORKS', 'Ontario Works');
        case 'BC':
          return b('BC SDPR ASSISTANCE', 'BC Social Development');
        case 'AB':
          return b('ALBERTA WORKS', 'Alberta Works');
        case 'MB':
          return b('MB EIA PAYMENT', 'Manitoba EIA');
        case 'SK':
          return b('SASK INCOME SUPPORT', 'Saskatchewan Income Support');
        default:
          return b(`${province} INCOME ASSISTANCE`, `${province} Income Assistance`);
      }
    case 'WSIB':
      switch (province) {
        case 'ON':
          return b('WSIB-CSPAAT', 'WSIB');
        case 'QC':
          return b('CNESST INDEMNITE', 'CNESST');
        case 'BC':
          return b('WORKSAFEBC', 'WorkSafeBC');
        case 'AB':
          return b('WCB-ALBERTA', 'WCB Alberta');
        default:
          return b(`WCB ${province}`, `WCB ${province}`);
      }
    case 'CHILD_SUPPORT':
      switch (province) {
        case 'ON':
          return b('FRO/ORO PAYMENT', 'Family Responsibility Office');
        case 'QC':
          return b('REVENU QUEBEC PENSION ALIM', 'Revenu Quebec');
        case 'BC':
          return b('BC FMEP', 'BC Family Maintenance');
        case 'AB':
          return b('ALBERTA MEP', 'Alberta Maintenance Enforcement');
        default:
          return b(`${province} MAINT ENFORCEMENT`, `${province} Maintenance Enforcement`);
      }
    case 'PENSION':
      return province === 'QC' ? b('RETRAITE QUEBEC RREGOP', 'Retraite Quebec') : b('PENSION PAYMENT', 'Pension');
  }
}

export interface GigPlatform extends Biller {
  /** Weekday the weekly payout usually lands (0 = Sunday). */
  payDow: number;
  provinces?: readonly string[];
  /** Typical weekly payout range in cents. */
  min: number;
  max: number;
}

export const GIG_PLATFORMS: readonly GigPlatform[] = [
  { print: 'UBER CANADA INC', name: 'Uber', payDow: 2, min: 15000, max: 95000 },
  { print: 'DOORDASH CANADA', name: 'DoorDash', payDow: 2, min: 8000, max: 70000 },
  { print: 'SKIPTHEDISHES', name: 'SkipTheDishes', payDow: 3, min: 6000, max: 55000 },
  { print: 'INSTACART SHOPPERS', name: 'Instacart', payDow: 3, min: 6000, max: 50000 },
  { print: 'LYFT CANADA', name: 'Lyft', payDow: 2, min: 10000, max: 60000, provinces: ['ON', 'BC'] },
  { print: 'AMAZON FLEX', name: 'Amazon Flex', payDow: 5, min: 10000, max: 60000, provinces: ['ON', 'QC', 'BC', 'AB'] },
];

export const LANDLORDS: readonly Biller[] = [
  b('GESTION IMMOBILIERE BEAUDRY', 'Gestion Immobiliere Beaudry'),
  b('CAPREIT RENT', 'CAPREIT'),
  b('MAINSTREET EQUITY', 'Mainstreet Equity'),
  b('BOARDWALK RENTAL', 'Boardwalk'),
  b('MINTO APARTMENTS', 'Minto'),
  b('KILLAM PROPERTIES', 'Killam'),
];
