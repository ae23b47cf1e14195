/**
 * Institutions known to Maplelink, shipped with the code (GET /Institutions,
 * GET /Institutions/RoutingNumber/{rn}, the Connect widget's bank picker).
 *
 * Rules for editing this file:
 * - `id` values are stable and are NEVER reused or renumbered: clients store them
 *   (InstitutionId). Add new entries with a fresh id; retire an entry by setting
 *   `status: 'Disabled'`, never by deleting it and recycling its id.
 * - `code` is the value Flinks uses in the `Institution` field of its answers
 *   (e.g. "FlinksCapital", "RBC", "Laurentienne"). Codes are unique ignoring case.
 * - `institutionNumber` is the 3-digit Canadian (Payments Canada) institution number
 *   used for EFT/PAD. Credit unions share their provincial central's number
 *   (BC 809, Ontario 828, Saskatchewan 869, Manitoba 879, Alberta 899). `null` where
 *   the institution has no number of its own we could state with confidence
 *   (card issuers, brokerages, fintechs banking through a partner).
 * - `routingNumbers` are US ABA routing numbers; each passes the 3-7-1 checksum
 *   (enforced by test/unit/connect/institutions.test.ts) and belongs to one entry only.
 * - Ids 1, 14 (Flinks Capital) and 20 (Chase) match the values Flinks documents.
 *   Canadian entries use ids below 100, US entries (except Chase) 100 and up.
 */

export interface Institution {
  id: number;
  /** Flinks institution code, e.g. 'FlinksCapital', 'RBC'. */
  code: string;
  country: 'CA' | 'US';
  status: 'Enabled' | 'Disabled';
  /** Canadian 3-digit institution number, e.g. '003'. */
  institutionNumber: string | null;
  /** US ABA routing numbers (9 digits). */
  routingNumbers: string[];
  names: { en: string; fr: string };
  urls: { en: string; fr: string };
  /** Sandbox institution: listed only when the caller asks for sandbox institutions. */
  sandbox?: boolean;
}

type Names = string | { en: string; fr: string };
type Urls = string | { en: string; fr: string };

function ca(
  id: number,
  code: string,
  institutionNumber: string | null,
  names: Names,
  urls: Urls,
  extra: Partial<Pick<Institution, 'status' | 'sandbox'>> = {},
): Institution {
  return freeze({
    id,
    code,
    country: 'CA',
    status: extra.status ?? 'Enabled',
    institutionNumber,
    routingNumbers: [],
    names: typeof names === 'string' ? { en: names, fr: names } : names,
    urls: typeof urls === 'string' ? { en: urls, fr: urls } : urls,
    ...(extra.sandbox ? { sandbox: true } : {}),
  });
}

function us(id: number, code: string, name: string, url: string, routingNumbers: string[]): Institution {
  return freeze({
    id,
    code,
    country: 'US',
    status: 'Enabled',
    institutionNumber: null,
    routingNumbers,
    names: { en: name, fr: name },
    urls: { en: url, fr: url },
  });
}

/** Entries are shared by every request: freeze them so no caller can alter the catalogue. */
function freeze(inst: Institution): Institution {
  Object.freeze(inst.routingNumbers);
  Object.freeze(inst.names);
  Object.freeze(inst.urls);
  return Object.freeze(inst);
}

export const INSTITUTIONS: readonly Institution[] = [
  // ---------------------------------------------------------------- Canada: major banks
  ca(1, 'BMO', '001', 'BMO', {
    en: 'https://www.bmo.com/main/personal',
    fr: 'https://www.bmo.com/principal/particuliers',
  }),
  ca(2, 'RBC', '003', { en: 'RBC Royal Bank', fr: 'RBC Banque Royale' }, {
    en: 'https://www.rbcroyalbank.com/personal.html',
    fr: 'https://www.rbcbanqueroyale.com/particuliers.html',
  }),
  ca(3, 'TD', '004', 'TD Canada Trust', {
    en: 'https://www.td.com/ca/en/personal-banking',
    fr: 'https://www.td.com/ca/fr/services-bancaires-personnels',
  }),
  ca(4, 'Scotia', '002', { en: 'Scotiabank', fr: 'Banque Scotia' }, {
    en: 'https://www.scotiabank.com/ca/en/personal.html',
    fr: 'https://www.scotiabank.com/ca/fr/particuliers.html',
  }),
  ca(5, 'CIBC', '010', 'CIBC', {
    en: 'https://www.cibc.com/en/personal-banking.html',
    fr: 'https://www.cibc.com/fr/personal-banking.html',
  }),
  ca(6, 'National', '006', { en: 'National Bank', fr: 'Banque Nationale' }, {
    en: 'https://www.nbc.ca/',
    fr: 'https://www.bnc.ca/',
  }),
  ca(7, 'Desjardins', '815', 'Desjardins', {
    en: 'https://www.desjardins.com/en',
    fr: 'https://www.desjardins.com/fr',
  }),
  ca(8, 'Tangerine', '614', 'Tangerine', {
    en: 'https://www.tangerine.ca/en',
    fr: 'https://www.tangerine.ca/fr',
  }),
  ca(9, 'HSBC', '016', 'HSBC', { en: 'https://www.hsbc.ca/', fr: 'https://www.hsbc.ca/fr-ca/' }),
  ca(10, 'Laurentienne', '039', { en: 'Laurentian Bank', fr: 'Banque Laurentienne' }, {
    en: 'https://www.laurentianbank.ca/en',
    fr: 'https://www.banquelaurentienne.ca/fr',
  }),
  ca(11, 'ATB', '219', 'ATB Financial', 'https://www.atb.com/'),
  ca(12, 'Vancity', '809', 'Vancity', 'https://www.vancity.com/'),
  ca(13, 'CoastCapital', '809', 'Coast Capital Savings', 'https://www.coastcapitalsavings.com/'),

  // The Flinks sandbox institution (credentials Greatday / Everyday), see docs.flinks.com/guides/connect/flinks-connect/test-users.
  ca(14, 'FlinksCapital', '777', 'Flinks Capital', 'https://www.flinks.com', { sandbox: true }),

  ca(15, 'Simplii', '010', 'Simplii Financial', {
    en: 'https://www.simplii.com/en/home.html',
    fr: 'https://www.simplii.com/fr/accueil.html',
  }),
  ca(16, 'PC', '320', { en: 'PC Financial', fr: 'Services financiers le Choix du Président' }, {
    en: 'https://www.pcfinancial.ca/en/',
    fr: 'https://www.pcfinancial.ca/fr/',
  }),
  ca(17, 'Meridian', '837', 'Meridian Credit Union', 'https://www.meridiancu.ca/'),
  ca(18, 'EQBank', '623', { en: 'EQ Bank', fr: 'Banque EQ' }, {
    en: 'https://www.eqbank.ca/',
    fr: 'https://www.eqbank.ca/fr',
  }),
  ca(19, 'Servus', '899', 'Servus Credit Union', 'https://www.servus.ca/'),

  // id 20 is Chase (United States), see below.

  // ---------------------------------------------------------------- Canada: other banks and trusts
  ca(21, 'ManulifeBank', '540', { en: 'Manulife Bank', fr: 'Banque Manuvie' }, {
    en: 'https://www.manulifebank.ca/',
    fr: 'https://www.banquemanuvie.ca/',
  }),
  ca(22, 'Motusbank', null, 'motusbank', 'https://www.motusbank.ca/'),
  ca(23, 'Alterna', '842', 'Alterna Savings', 'https://www.alterna.ca/'),
  ca(24, 'Affinity', '869', 'Affinity Credit Union', 'https://www.affinitycu.ca/'),
  ca(25, 'Conexus', '869', 'Conexus Credit Union', 'https://www.conexus.ca/'),
  ca(26, 'CWB', '030', { en: 'Canadian Western Bank', fr: "Banque canadienne de l'Ouest" }, 'https://www.cwbank.com/'),
  ca(27, 'Wealthsimple', '703', 'Wealthsimple', {
    en: 'https://www.wealthsimple.com/en-ca',
    fr: 'https://www.wealthsimple.com/fr-ca',
  }),
  // KOHO accounts are held at Peoples Trust Company (institution 621).
  ca(28, 'Koho', '621', 'KOHO', { en: 'https://www.koho.ca/', fr: 'https://www.koho.ca/fr/' }),
  ca(29, 'Neo', null, 'Neo Financial', 'https://www.neofinancial.com/'),
  ca(30, 'HomeTrust', null, { en: 'Home Trust Company', fr: 'Compagnie de Fiducie Home' }, 'https://www.hometrust.ca/'),
  ca(31, 'PeoplesTrust', '621', { en: 'Peoples Trust Company', fr: 'Compagnie de fiducie Peoples' }, 'https://www.peoplestrust.com/'),
  ca(32, 'CaisseAlliance', '829', 'Caisse Alliance', 'https://www.caissealliance.com/'),
  ca(33, 'UNI', '865', { en: 'UNI Financial Cooperation', fr: 'UNI Coopération financière' }, {
    en: 'https://www.uni.ca/en',
    fr: 'https://www.uni.ca/fr',
  }),
  ca(34, 'Steinbach', '879', 'Steinbach Credit Union', 'https://www.scu.mb.ca/'),
  ca(35, 'Cambrian', '879', 'Cambrian Credit Union', 'https://www.cambrian.mb.ca/'),
  ca(36, 'FirstOntario', '828', 'FirstOntario Credit Union', 'https://www.firstontario.com/'),
  ca(37, 'DUCA', '828', 'DUCA Credit Union', 'https://www.duca.com/'),
  ca(38, 'Libro', '828', 'Libro Credit Union', 'https://www.libro.ca/'),
  ca(39, 'Kindred', '828', 'Kindred Credit Union', 'https://www.kindredcu.com/'),
  ca(40, 'PenFinancial', '828', 'PenFinancial Credit Union', 'https://www.penfinancial.com/'),
  ca(41, 'BlueShore', '809', 'BlueShore Financial', 'https://www.blueshorefinancial.com/'),
  ca(42, 'Prospera', '809', 'Prospera Credit Union', 'https://www.prospera.ca/'),
  ca(43, 'IslandSavings', '809', 'Island Savings', 'https://www.islandsavings.ca/'),
  ca(44, 'Envision', '809', 'Envision Financial', 'https://www.envisionfinancial.ca/'),
  ca(45, 'InnovationCU', '869', 'Innovation Credit Union', 'https://www.innovationcu.ca/'),
  ca(46, 'SynergyCU', '869', 'Synergy Credit Union', 'https://www.synergycu.ca/'),
  ca(47, 'Cornerstone', '869', 'Cornerstone Credit Union', 'https://www.cornerstonecu.com/'),
  ca(48, 'CanadianTireBank', '338', { en: 'Canadian Tire Bank', fr: 'Banque Canadian Tire' }, 'https://www.ctfs.com/'),
  ca(49, 'ICICI', '340', 'ICICI Bank Canada', 'https://www.icicibank.ca/'),
  ca(50, 'VersaBank', '334', 'VersaBank', 'https://www.versabank.com/'),
  ca(51, 'B2BBank', '618', { en: 'B2B Bank', fr: 'Banque B2B' }, {
    en: 'https://www.b2bbank.com/',
    fr: 'https://www.banqueb2b.com/',
  }),
  // DISABLED ON PURPOSE: Citizens Bank of Canada wound down its retail banking (its
  // accounts moved to Vancity). It stays in the list, disabled, so that connecting to it
  // exercises the DISABLED_INSTITUTION (405) path end to end.
  ca(52, 'CitizensBankCanada', '309', { en: 'Citizens Bank of Canada', fr: 'Banque Citizens du Canada' },
    'https://www.citizensbank.ca/', { status: 'Disabled' }),
  ca(53, 'FirstNationsBank', '310', { en: 'First Nations Bank of Canada', fr: 'Banque des Premières Nations du Canada' },
    'https://www.fnbc.ca/'),
  ca(54, 'DesjardinsOntario', '829', { en: 'Desjardins Ontario Credit Union', fr: 'Caisse Desjardins Ontario' }, {
    en: 'https://www.desjardins.com/en',
    fr: 'https://www.desjardins.com/fr',
  }),
  ca(55, 'FirstWest', '809', 'First West Credit Union', 'https://www.firstwestcu.ca/'),
  ca(56, 'CoastalCommunity', '809', 'Coastal Community Credit Union', 'https://www.cccu.ca/'),
  ca(57, 'InteriorSavings', '809', 'Interior Savings', 'https://www.interiorsavings.com/'),
  ca(58, 'GFFinancial', '809', 'G&F Financial Group', 'https://www.gffg.com/'),
  ca(59, 'ConnectFirst', '899', 'Connect First Credit Union', 'https://www.connectfirst.ca/'),
  ca(60, 'Access', '879', 'Access Credit Union', 'https://www.accesscu.ca/'),
  ca(61, 'Sunova', '879', 'Sunova Credit Union', 'https://www.sunovacu.ca/'),
  ca(62, 'Westoba', '879', 'Westoba Credit Union', 'https://www.westoba.com/'),
  ca(63, 'Tandia', '828', 'Tandia Financial Credit Union', 'https://www.tandia.com/'),
  ca(64, 'YNCU', '828', 'Your Neighbourhood Credit Union', 'https://www.yncu.com/'),
  ca(65, 'Mainstreet', '828', 'Mainstreet Credit Union', 'https://www.mainstreetcu.ca/'),
  ca(66, 'WFCU', '828', 'WFCU Credit Union', 'https://www.wfcu.ca/'),
  ca(67, 'Oaken', null, 'Oaken Financial', 'https://www.oaken.com/'),
  ca(68, 'AmexCA', null, { en: 'American Express Canada', fr: 'American Express Canada' }, {
    en: 'https://www.americanexpress.com/en-ca/',
    fr: 'https://www.americanexpress.com/fr-ca/',
  }),
  ca(69, 'CapitalOneCA', null, 'Capital One Canada', 'https://www.capitalone.ca/'),
  ca(70, 'MBNA', null, 'MBNA', 'https://www.mbna.ca/'),
  ca(71, 'RogersBank', null, { en: 'Rogers Bank', fr: 'Banque Rogers' }, 'https://www.rogersbank.com/'),
  ca(72, 'Questrade', null, 'Questrade', {
    en: 'https://www.questrade.com/',
    fr: 'https://www.questrade.com/fr/',
  }),

  // ---------------------------------------------------------------- United States
  us(20, 'Chase', 'Chase Bank', 'https://www.chase.com/', [
    '021000021', // New York / Tri-state
    '071000013', // Illinois
    '044000037', // Ohio
    '322271627', // California
    '111000614', // Texas
    '072000326', // Michigan
    '083000137', // Kentucky
    '102001017', // Colorado
    '122100024', // Arizona
    '325070760', // Washington
    '267084131', // Florida
    '061092387', // Georgia
    '065400137', // Louisiana
    '021202337', // New Jersey
    '074000010', // Indiana
    '051900366', // West Virginia
    '103000648', // Oklahoma
    '124001545', // Utah
    '123271978', // Oregon
    '071000770', // as in the Flinks RoutingNumber example
    // the rest of the RoutingNumbers of that example (docs.flinks.com institutions-routing-number)
    '072413201', '065000029', '071901141', '111100022', '043202409', '311972788', '121143257',
  ]),
  us(100, 'BankOfAmerica', 'Bank of America', 'https://www.bankofamerica.com/', [
    '026009593', '121000358', '011000138', '063100277', '111000025', '061000052',
    '051000017', '081904808', '011900254', '052001633', '053000196', '064000020',
  ]),
  us(101, 'WellsFargo', 'Wells Fargo', 'https://www.wellsfargo.com/', [
    '121000248', '091000019', '121042882', '111900659', '063107513', '062000080',
    '053000219', '102000076', '122105278', '031000503', '055003201',
  ]),
  us(102, 'Citibank', 'Citibank', 'https://www.citi.com/', [
    '021000089', '322271724', '271070801', '266086554', '113193532', '254070116',
  ]),
  us(103, 'USBank', 'U.S. Bank', 'https://www.usbank.com/', [
    '091000022', '122235821', '042000013', '081000210', '123000220', '104000029',
  ]),
  us(104, 'PNC', 'PNC Bank', 'https://www.pnc.com/', [
    '043000096', '031000053', '041000124', '071921891', '054000030', '031207607',
  ]),
  us(105, 'CapitalOne', 'Capital One', 'https://www.capitalone.com/', [
    '051405515', '056073502', '065000090', '031176110',
  ]),
  us(106, 'TDBankUS', 'TD Bank', 'https://www.td.com/us/en/personal-banking', [
    '031101266', '011103093', '026013673', '067014822', '054001725', '036001808', '011400071', '211274450',
  ]),
  us(107, 'Truist', 'Truist', 'https://www.truist.com/', ['061000104', '053101121']),
  us(108, 'FifthThird', 'Fifth Third Bank', 'https://www.53.com/', [
    '042000314', '072405455', '071923909', '044002161', '063109935',
  ]),
  us(109, 'Citizens', 'Citizens', 'https://www.citizensbank.com/', ['011500120', '036076150', '241070417', '211070175']),
  us(110, 'KeyBank', 'KeyBank', 'https://www.key.com/', ['041001039', '125000574', '021300077', '307070115']),
  us(111, 'Regions', 'Regions Bank', 'https://www.regions.com/', ['062000019']),
  us(112, 'HSBCUSA', 'HSBC Bank USA', 'https://www.us.hsbc.com/', ['021001088', '022000020']),
  us(113, 'BMOHarris', 'BMO (U.S.)', 'https://www.bmo.com/en-us/main/personal/', ['071000288']),
  us(114, 'Huntington', 'Huntington Bank', 'https://www.huntington.com/', ['044000024']),
  us(115, 'Ally', 'Ally Bank', 'https://www.ally.com/', ['124003116']),
  us(116, 'NavyFederal', 'Navy Federal Credit Union', 'https://www.navyfederal.org/', ['256074974']),
  us(117, 'Schwab', 'Charles Schwab Bank', 'https://www.schwab.com/', ['121202211']),
  us(118, 'Discover', 'Discover Bank', 'https://www.discover.com/', ['031100649']),
  us(119, 'USAA', 'USAA', 'https://www.usaa.com/', ['314074269']),
];
