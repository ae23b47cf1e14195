/**
 * The merchant inside a bank description. Banks and card networks wrap the merchant in their
 * own framing: a channel ("Interac purchase - 1234", "POS PURCHASE -", "Achat direct",
 * "Paiement facture -", "Prélèvement -", BMO's "[DN]"), a suffix (TD's "_F"/"_V", "MSP"), a
 * processor's prefix ("SQ *", "TST*", "PAYPAL *", "AMZN Mktp CA*2K3J4"), and after the
 * merchant a store or terminal number, a phone number, a city and a province or state code.
 * `normalize` removes all of that and returns the tokens the knowledge base and the lexicon
 * are matched on, the province or state printed (for regional merchants) and the merchant's
 * text as a fallback display name. The description itself is never changed: callers keep it.
 */
import { fold, hasDigit, wordsOf } from './text.ts';

export const PROVINCE_CODES = new Set(['AB', 'BC', 'MB', 'NB', 'NL', 'NS', 'NT', 'NU', 'ON', 'PE', 'QC', 'SK', 'YT', 'PQ', 'QUE']);
export const STATE_CODES = new Set([
  'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'DC', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS', 'KY', 'LA', 'ME', 'MD', 'MA', 'MI', 'MN', 'MS', 'MO',
  'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC', 'ND', 'OH', 'OK', 'OR', 'PA', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA', 'WV', 'WI', 'WY',
]);
/** Country codes terminals print last ("CAN", "USA"); "CA" is also California, read as such only after a city. */
const COUNTRY_CODES = new Set(['CAN', 'USA', 'US']);

/**
 * Cities terminals print after the merchant (upper case, no accents, as the 13-character
 * terminal field has them). Only cities whose names are not also merchants' words: a city is
 * removed only at the end of the text, after the merchant.
 */
const CITIES = [
  'TORONTO', 'MONTREAL', 'VANCOUVER', 'CALGARY', 'EDMONTON', 'OTTAWA', 'WINNIPEG', 'HAMILTON', 'KITCHENER', 'LONDON', 'VICTORIA', 'HALIFAX',
  'OSHAWA', 'WINDSOR', 'SASKATOON', 'REGINA', 'ST JOHNS', 'BARRIE', 'KELOWNA', 'ABBOTSFORD', 'SHERBROOKE', 'GUELPH', 'KINGSTON', 'MONCTON', 'TROIS-RIVIERES',
  'SAGUENAY', 'CHICOUTIMI', 'LEVIS', 'GATINEAU', 'LAVAL', 'LONGUEUIL', 'BROSSARD', 'TERREBONNE', 'REPENTIGNY', 'BOUCHERVILLE', 'BLAINVILLE', 'MIRABEL',
  'SAINT-JEROME', 'ST-JEROME', 'GRANBY', 'DRUMMONDVILLE', 'SAINT-HYACINTHE', 'ST-HYACINTHE', 'RIMOUSKI', 'ROUYN-NORANDA', 'VAL-DOR', 'SEPT-ILES',
  'MISSISSAUGA', 'BRAMPTON', 'MARKHAM', 'VAUGHAN', 'RICHMOND HILL', 'OAKVILLE', 'BURLINGTON', 'MILTON', 'AJAX', 'PICKERING', 'WHITBY', 'NEWMARKET',
  'AURORA', 'SCARBOROUGH', 'ETOBICOKE', 'NORTH YORK', 'NEPEAN', 'KANATA', 'ORLEANS', 'SUDBURY', 'THUNDER BAY', 'SAULT STE MARIE', 'PETERBOROUGH',
  'BELLEVILLE', 'CAMBRIDGE', 'WATERLOO', 'ST CATHARINES', 'NIAGARA FALLS', 'BRANTFORD', 'SARNIA', 'NORTH BAY', 'CORNWALL', 'TIMMINS',
  'SURREY', 'BURNABY', 'RICHMOND', 'COQUITLAM', 'LANGLEY', 'DELTA', 'NANAIMO', 'KAMLOOPS', 'PRINCE GEORGE', 'CHILLIWACK', 'MAPLE RIDGE', 'NORTH VANCOUVER',
  'WEST VANCOUVER', 'PORT COQUITLAM', 'NEW WESTMINSTER', 'RED DEER', 'LETHBRIDGE', 'ST ALBERT', 'MEDICINE HAT', 'GRANDE PRAIRIE', 'AIRDRIE',
  'SPRUCE GROVE', 'FORT MCMURRAY', 'SHERWOOD PARK', 'BRANDON', 'STEINBACH', 'PRINCE ALBERT', 'MOOSE JAW', 'FREDERICTON', 'SAINT JOHN', 'DARTMOUTH',
  'SYDNEY', 'TRURO', 'CHARLOTTETOWN', 'SUMMERSIDE', 'CORNER BROOK', 'MOUNT PEARL', 'WHITEHORSE', 'YELLOWKNIFE', 'IQALUIT',
  'NEW YORK', 'BROOKLYN', 'LOS ANGELES', 'CHICAGO', 'HOUSTON', 'PHOENIX', 'PHILADELPHIA', 'SAN ANTONIO', 'SAN DIEGO', 'DALLAS', 'SAN JOSE', 'AUSTIN',
  'JACKSONVILLE', 'SAN FRANCISCO', 'COLUMBUS', 'FORT WORTH', 'INDIANAPOLIS', 'CHARLOTTE', 'SEATTLE', 'DENVER', 'WASHINGTON', 'BOSTON', 'EL PASO',
  'NASHVILLE', 'DETROIT', 'PORTLAND', 'LAS VEGAS', 'MEMPHIS', 'LOUISVILLE', 'BALTIMORE', 'MILWAUKEE', 'ALBUQUERQUE', 'TUCSON', 'FRESNO', 'SACRAMENTO',
  'ATLANTA', 'MIAMI', 'ORLANDO', 'TAMPA', 'MINNEAPOLIS', 'CLEVELAND', 'PITTSBURGH', 'CINCINNATI', 'ST LOUIS', 'KANSAS CITY', 'OMAHA', 'RALEIGH',
  'NEW ORLEANS', 'BUFFALO', 'ROCHESTER', 'NEWARK', 'JERSEY CITY', 'OAKLAND', 'SALT LAKE CITY', 'HONOLULU', 'ANCHORAGE', 'BOISE', 'SPOKANE', 'TACOMA',
  'BELLEVUE', 'REDMOND', 'SUNNYVALE', 'PALO ALTO', 'MOUNTAIN VIEW', 'SANTA CLARA', 'IRVINE', 'ANAHEIM', 'LONG BEACH', 'RIVERSIDE', 'BAKERSFIELD',
  'SCOTTSDALE', 'MESA', 'TEMPE', 'CHANDLER', 'ARLINGTON', 'PLANO', 'IRVING', 'RICHMOND', 'NORFOLK', 'VIRGINIA BEACH', 'HARTFORD', 'PROVIDENCE',
  'BURLINGTON', 'ALBANY', 'SYRACUSE', 'MADISON', 'DES MOINES', 'LINCOLN', 'WICHITA', 'TULSA', 'OKLAHOMA CITY', 'LITTLE ROCK', 'BIRMINGHAM',
  'CHARLESTON', 'SAVANNAH', 'FORT LAUDERDALE', 'ST PETERSBURG', 'SEATAC', 'SUNRISE', 'LOS GATOS', 'CUPERTINO', 'MENLO PARK',
];
const LINKING = new Set(['DU', 'DE', 'DES', 'D', 'OF', 'LA', 'LE', 'THE', 'AND', '&', 'AT', 'IN', 'ST', 'SAINT', 'STE', 'NEW', 'NORTH', 'SOUTH', 'EAST', 'WEST']);

/** City names as token sequences, longest first, keyed by their last token. */
const CITY_BY_LAST = new Map<string, string[][]>();
for (const c of CITIES) {
  const words = c.split(' ');
  const last = words[words.length - 1]!;
  const list = CITY_BY_LAST.get(last) ?? [];
  list.push(words);
  list.sort((a, b) => b.length - a.length);
  CITY_BY_LAST.set(last, list);
}

/**
 * Channel framing banks print before the merchant, folded, longest first (a shorter one is
 * tried again after a longer one, so "CONTACTLESS INTERAC PURCHASE - 1234" loses both layers).
 */
const CHANNELS = [
  'POINT OF SALE INTERAC RETAIL PURCHASE', 'POINT OF SALE PURCHASE', 'CONTACTLESS INTERAC PURCHASE', 'CONTACTLESS INTERAC RETAIL PURCHASE', 'INTERAC RETAIL PURCHASE',
  'INTERAC PURCHASE AT', 'INTERAC PURCHASE', 'INTERAC ACHAT', 'ACHAT INTERAC SANS CONTACT', 'ACHAT INTERAC', 'ACHAT SANS CONTACT', 'ACHAT DIRECT INTERAC', 'ACHAT DIRECT',
  'ACHAT PDV', 'ACHAT', 'PAIEMENT DIRECT IDP', 'PAIEMENT DIRECT', 'PAIEMENT IDP', 'POS PURCHASE', 'POS DEBIT', 'POS', 'CONTACTLESS PURCHASE', 'CONTACTLESS',
  'DEBIT CARD PURCHASE', 'DEBIT PURCHASE', 'CHECK CARD PURCHASE', 'CHECKCARD', 'CHECK CARD', 'PURCHASE AUTHORIZED ON', 'PURCHASE', 'RECURRING DEBIT CARD', 'VISA DEBIT PURCHASE',
  'VISA DEBIT', 'CARD PURCHASE', 'CARD TRANSACTION', 'PRE-AUTHORIZED DEBIT', 'PRE-AUTHORIZED PAYMENT TO', 'PRE-AUTHORIZED PAYMENT', 'PREAUTHORIZED DEBIT', 'PREAUTHORIZED PAYMENT',
  'PRE-AUTH DEBIT', 'PRE-AUTH PMT', 'DEBIT PREAUTORISE', 'PAIEMENT PREAUTORISE', 'PRELEVEMENT AUTOMATIQUE', 'PRELEVEMENT PREAUTORISE', 'PRELEVEMENT', 'PAIEMENT PREAUTORISE',
  'ONLINE BANKING PAYMENT', 'ONLINE BILL PAYMENT', 'ONLINE BILL PMT', 'ONLINE PAYMENT', 'INTERNET BILL PAYMENT', 'INTERNET BILL PAY', 'INTERNET PAYMENT', 'TELEPHONE BILL PAYMENT',
  'MOBILE BILL PAYMENT', 'MB BILL PAYMENT', 'PC BILL PAYMENT', 'BILL PAYMENT', 'BILL PMT', 'BILL PAY', 'PAIEMENT DE FACTURE INTERNET', 'PAIEMENT DE FACTURE', 'PAIEMENT FACTURE ACCESD',
  'PAIEMENT FACTURE ACCESD INTERNET', 'PAIEMENT FACTURE ACCESD MOBILE', 'PAIEMENT FACTURE ACCESD', 'ACCESD INTERNET', 'ACCESD MOBILE', 'ACCESD', 'PAIEMENT FACTURE', 'PAIEMENT DE FACTURES',
  'ACHAT DIRECT INTERAC', 'EQ BANK CARD PURCHASE', 'EQ BANK CARD', 'CARD PURCHASE WITH PIN', 'PURCHASE WITH PIN', 'APLPAY', 'APPLE PAY', 'GPAY', 'GOOGLE PAY', 'RETAIL PURCHASE',
  'EMAIL MONEY TRF', 'EMAIL MONEY TRANSFER', 'BILL PAYMENT TO', 'PAYMENT TO', 'PAIEMENT INTERNET', 'PAIEMENT', 'PAYMENT TO', 'PAYMENT', 'MISC PAYMENT', 'MISC PMT', 'ACH DEBIT', 'ACH CREDIT', 'ACH WITHDRAWAL',
  'ACH DEPOSIT', 'ACH PMT', 'ACH', 'EFT DEBIT', 'EFT CREDIT', 'EFT DEPOSIT FROM', 'EFT DEPOSIT', 'EFT WITHDRAWAL', 'EFT', 'ELECTRONIC FUNDS TRANSFER DEPOSIT', 'ELECTRONIC FUNDS TRANSFER PAY',
  'ELECTRONIC FUNDS TRANSFER', 'ELECTRONIC PAYMENT', 'ELECTRONIC WITHDRAWAL', 'ELECTRONIC DEPOSIT', 'EXTERNAL WITHDRAWAL', 'EXTERNAL DEPOSIT', 'DIRECT DEPOSIT', 'DIRECT DEBIT', 'DIRECT DEP',
  'DEPOT DIRECT', 'DEPOT', 'DEPOSIT', 'PAYROLL DEPOSIT', 'PAYROLL DEP', 'DEPOT PAIE', 'PAIE', 'RECURRING PAYMENT', 'AUTOPAY', 'AUTO PAY', 'WEB AUTHORIZED PMT', 'WEB PMT', 'FPOS', 'OPOS', 'IDP', 'DPA', 'PAD', 'APD',
  'DN', 'PR', 'CW', 'DD', 'SO', 'IN', 'OTHER PAYMENT', 'RETAIL PURCHASE', 'ACHAT AU DETAIL', 'ACHAT EN LIGNE', 'ONLINE PURCHASE', 'INTL PURCHASE', 'FOREIGN PURCHASE',
].map((c) => c.split(' ')).sort((a, b) => b.length - a.length);
/** The channels by their first word, longest first: one hash lookup per layer instead of a scan of the list. */
const CHANNELS_BY_FIRST = new Map<string, string[][]>();
for (const c of CHANNELS) {
  const list = CHANNELS_BY_FIRST.get(c[0]!) ?? [];
  list.push(c);
  CHANNELS_BY_FIRST.set(c[0]!, list);
}

/** Words banks print after the merchant to say what kind of line it was (TD's codes, "PAYMENT"). */
const TRAILERS = new Set(['MSP', 'BPY', 'APY', 'IBB', 'FPT', 'NBP', 'TBP', 'WWW', 'PMT', 'PYMT', 'PAYMENT', 'PAIEMENT', 'PURCHASE', 'ACHAT', 'DEBIT', 'RECURRING', 'AUTOPAY', 'BILL', 'WEB', 'POS', 'PPD', 'ID', 'CCD', 'WEB ID', 'COM', 'NET', 'ORG', 'INTERAC']);

/** Processors whose prefix only says who took the card: the merchant follows. */
const PROCESSOR_PREFIX = /^\s*(?:SQ|SQU|TST|SP|PY|PP|CKE|GGL|LS|BT|FS|WPY|SMK|IC|ZTL|PAR|MOB|EB|SUMUP|SUM|ZETTLE|CLOVER|PAYPAL|PAYPAL INST XFER|PP\.|STRIPE|2CO|FAC|POY|WIX|SHOPIFY|TOAST|BAMBORA|HELCIM|MONERIS|NYX|PPG|CLV|ZTL)\s*\*\s*/i;
/** Marketplaces and delivery apps whose prefix names the merchant that matters; what follows is a reference or the restaurant. */
const MARKETPLACE_PREFIX: [RegExp, string][] = [
  [/^\s*(?:AMZN\s*MKTP|AMAZON\s*MKTPL?A?C?E?P?L?A?C?E?|AMAZON\s*MARKETPLACE|AMZN\s*MARKETPLACE)\s*(?:CA|US|COM)?\s*\*.*$/i, 'AMAZON MARKETPLACE'],
  [/^\s*(?:AMAZON\.CA|AMAZON\.COM|AMZN\.COM|AMAZON CA|AMAZON COM)\s*\*.*$/i, 'AMAZON'],
  [/^\s*AMZN\s+DIGITAL\s*\*?.*$/i, 'AMAZON DIGITAL'],
  [/^\s*PRIME\s*VIDEO\s*\*.*$/i, 'PRIME VIDEO'],
  [/^\s*(?:AMAZON\s*PRIME|AMZN\s*PRIME|PRIME\s*MEMBER)\s*\*.*$/i, 'AMAZON PRIME'],
  [/^\s*DOORDASH\s*\*.*$/i, 'DOORDASH'],
  [/^\s*DD\s*\*\s*DOORDASH.*$/i, 'DOORDASH'],
  [/^\s*UBER\b.*\b(?:EATS|UBEREATS)\b.*$|^\s*UBEREATS.*$/i, 'UBER EATS'],
  [/^\s*UBER\b.*\b(?:TRIP|UBERTRIP|RIDES?)\b.*$|^\s*UBERTRIP.*$/i, 'UBER TRIP'],
  [/^\s*SKIP\s*(?:THE\s*DISHES)?\s*\*.*$/i, 'SKIPTHEDISHES'],
  [/^\s*(?:IC|INSTACART)\s*\*\s*INSTACART.*$/i, 'INSTACART'],
  [/^\s*LYFT\s*\*.*$/i, 'LYFT'],
  [/^\s*GRUBHUB\s*\*.*$/i, 'GRUBHUB'],
];
/**
 * The words MARKETPLACE_PREFIX's expressions begin with, at the start of the text as they are: a
 * line that begins with none of them matches none, and skips the list (most lines; the test stops
 * at the first character that begins no such word, not after a search of the whole text).
 */
const MARKETPLACE_HINT = /^\s*(?:AMZN|AMAZON|PRIME|DOORDASH|DD|UBER|SKIP|IC|INSTACART|LYFT|GRUBHUB)/i;
/** A phone number printed with the merchant (customer-service lines on card statements). */
const PHONE = /(?:\+?1[ .-]?)?(?:\(\d{3}\)|\b\d{3})[ .-]?\d{3}[ .-]\d{4}\b|\b(?:1?8(?:00|33|44|55|66|77|88))\d{7}\b/g;
/** TD's suffix for a purchase (_F, _V) and BMO's bracketed channel codes. */
const TD_SUFFIX = /\s_[A-Z]\s*$/i;
const BMO_CODE = /^\s*\[[A-Z]{2}\]\s*/i;
/** Every form PHONE matches has at least ten digits: texts with fewer (most: a store number) skip the expression. */
const PHONE_MIN_DIGITS = 10;
/** An e-mail ("cc@google.com") printed after the merchant. */
const EMAIL = /\S+@\S+/g;
/** A web address's path ("amazon.ca/bill", "fb.me/ads"): the domain may name the merchant, the path does not. */
const WEB_PATH = /\b([a-z0-9-]+\.(?:com|ca|net|org|me|ly|io|co|us|tv|fm|app))\/\S*/gi;
/** Online and mobile banking's channel prefix glued to the type (Scotiabank's "MB-BILL PAYMENT", "PC-EMAIL MONEY TRF"). */
const BANKING_APP = /^\s*(?:MB|PC|TB|WB)-(?=[A-Z])/i;

const isDigit = (c: number) => c >= 48 && c <= 57;

/** The characters normalize's steps look for, a bit each, by character code (MARK). */
const BRACKET = 1, UNDERSCORE = 2, ASTERISK = 4, HYPHEN = 8, AT = 16, SLASH = 32;
const MARK = new Uint8Array(128);
MARK[91] = BRACKET; // [
MARK[95] = UNDERSCORE; // _
MARK[42] = ASTERISK; // *
MARK[45] = HYPHEN; // -
MARK[64] = AT; // @
MARK[47] = SLASH; // /

function digitCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (isDigit(s.charCodeAt(i))) n++;
  return n;
}

export function allDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
}

/** "ADS1234" -> "ADS": three or more letters A-Z, then only digits; any other word as it is (what /^([A-Z]{3,})\d+$/ keeps). */
function unglued(w: string): string {
  if (!isDigit(w.charCodeAt(w.length - 1))) return w;
  let letters = 0;
  while (letters < w.length && w.charCodeAt(letters) >= 65 && w.charCodeAt(letters) <= 90) letters++;
  if (letters < 3) return w;
  for (let i = letters; i < w.length; i++) if (!isDigit(w.charCodeAt(i))) return w;
  return w.slice(0, letters);
}

export interface Normalized {
  /** The description without the bank's and network's framing, folded ("TIM HORTONS"). */
  text: string;
  /** Its word tokens, the input of the knowledge base's and the lexicon's matchers. */
  tokens: string[];
  /** The tokens of the merchant alone (location and numbers removed), for a display name. */
  merchant: string[];
  /** A province or state printed after the merchant, if any. */
  region: string | null;
  /** 'CA' or 'US' when the region or a country code tells. */
  country: 'CA' | 'US' | null;
}

/**
 * The province or state a store number's tail ends with, read from the end: a country code is
 * skipped (and remembered), the first other word decides. `country` is the last country code
 * skipped, or null. A function of the module, not a closure made per description.
 */
function regionFrom(list: readonly string[], from: number): { region: { region: string; country: 'CA' | 'US' } | null; country: 'CA' | 'US' | null } {
  let country: 'CA' | 'US' | null = null;
  for (let i = list.length - 1; i >= from; i--) {
    const w = list[i]!;
    if (COUNTRY_CODES.has(w)) { country = w === 'CAN' ? 'CA' : 'US'; continue; }
    if (PROVINCE_CODES.has(w)) return { region: { region: w === 'PQ' || w === 'QUE' ? 'QC' : w, country: 'CA' }, country };
    if (STATE_CODES.has(w) && w !== 'CA') return { region: { region: w, country: 'US' }, country };
    return { region: null, country }; // 'CA' (Canada or California: unknown) or any other word
  }
  return { region: null, country };
}

/**
 * Removes framing from a raw description (see the module comment). Pure. `folded`, when the
 * caller has it, is fold(description): used as is when no framing had to come off the raw text
 * first (most lines), so the text is not folded twice.
 */
export function normalize(description: string, folded?: string, foldedWords?: readonly string[]): Normalized {
  // Which of the characters the framing below needs the description has, and its digits, in one pass. Every step
  // only removes text or puts a space or a piece of the text in its place, so a character the description lacks is
  // never in `raw`: its step is skipped without searching `raw` again (most lines have none of them).
  let marks = 0;
  let digits = 0;
  for (let i = 0; i < description.length; i++) {
    const c = description.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c < 128) marks |= MARK[c]!;
  }
  let raw = description;
  if ((marks & BRACKET) !== 0) raw = raw.replace(BMO_CODE, '');
  if ((marks & UNDERSCORE) !== 0 && raw.includes('_')) raw = raw.replace(TD_SUFFIX, '');
  if (MARKETPLACE_HINT.test(raw)) {
    for (const [re, name] of MARKETPLACE_PREFIX) {
      if (re.test(raw)) {
        raw = name;
        break;
      }
    }
  }
  // A processor prefix can follow the channel ("INTERAC PURCHASE SQ *BAKERY"): strip channels first on the folded text, but
  // processors need the asterisk, which folding removes, so they are taken out of the raw text wherever they start a word.
  if ((marks & ASTERISK) !== 0 && raw.includes('*')) {
    raw = raw.replace(/(^|\s)(?:SQ|SQU|TST|SP|PY|CKE|GGL|LS|BT|FS|WPY|SMK|ZTL|PAR|SUMUP|ZETTLE|CLV|PAYPAL|PP|STRIPE|TOAST|WIX|POY|NYX|PPG)\s?\*\s*/gi, '$1');
    if (PROCESSOR_PREFIX.test(raw)) raw = raw.replace(PROCESSOR_PREFIX, '');
  }
  if ((marks & HYPHEN) !== 0 && raw.includes('-') && BANKING_APP.test(raw)) raw = raw.replace(BANKING_APP, '');
  if (digits >= PHONE_MIN_DIGITS && digitCount(raw) >= PHONE_MIN_DIGITS) raw = raw.replace(PHONE, ' ');
  if ((marks & AT) !== 0 && raw.includes('@')) raw = raw.replace(EMAIL, ' ');
  if ((marks & SLASH) !== 0 && raw.includes('/')) raw = raw.replace(WEB_PATH, '$1');
  const unchanged = folded !== undefined && raw === description;
  const text = unchanged ? folded : fold(raw);
  // fold leaves single spaces and none at the ends: only an empty text has an empty word. The caller's
  // words of the folded text, when it has them, are those words (read here, never written).
  const words = unchanged && foldedWords ? foldedWords : wordsOf(text);
  // Channels, possibly layered, each possibly followed by a card's last four digits or a reference.
  let start = 0;
  for (let layer = 0; layer < 3; layer++) {
    let hit = 0;
    for (const c of CHANNELS_BY_FIRST.get(words[start] ?? '') ?? []) {
      if (c.length >= words.length - start) continue; // a channel alone is the whole text: keep it
      let ok = true;
      for (let j = 0; j < c.length; j++) if (words[start + j] !== c[j]) { ok = false; break; }
      if (ok) { hit = c.length; break; }
    }
    if (hit === 0) break;
    start += hit;
    while (start < words.length - 1 && (allDigits(words[start]!) || words[start] === '-')) start++;
  }
  const tokens: string[] = [];
  let same = true;
  for (let i = start; i < words.length; i++) {
    const w = words[i]!;
    if (w.length === 0) { same = false; continue; }
    // A reference glued to a word ("ADS1234", "AIR0149"): the word is what matches.
    const u = unglued(w);
    if (u !== w) same = false;
    tokens.push(u);
  }
  // The merchant: up to the first token carrying a digit after the first word (a store, terminal or reference number).
  let end = tokens.length;
  for (let i = 1; i < tokens.length; i++) if (hasDigit(tokens[i]!)) { end = i; break; }
  // Each of the three tests needs a digit: words without one skip them.
  // The array is this call's own: it is shortened in place below (pop, length), not copied.
  const merchant: string[] = [];
  for (let i = 0; i < end; i++) {
    const w = tokens[i]!;
    if (!hasDigit(w) || (!/^\d+$/.test(w) && !/^[A-Z]{0,2}\d{3,}[A-Z]?$/.test(w) && !/^\d/.test(w))) merchant.push(w);
  }
  // What follows a store number is location: scan the whole tail for the province or state.
  let region: string | null = null;
  let country: 'CA' | 'US' | null = null;
  const found = regionFrom(tokens, end);
  if (found.country !== null) country = found.country;
  const fromTail = found.region;
  // Trailing country, province or state, then city, on the merchant itself when no number separated them.
  while (merchant.length > 1 && COUNTRY_CODES.has(merchant[merchant.length - 1]!)) {
    country = merchant[merchant.length - 1] === 'CAN' ? 'CA' : 'US';
    merchant.pop();
  }
  let hadRegion = false;
  if (merchant.length > 1) {
    const last = merchant[merchant.length - 1]!;
    if (PROVINCE_CODES.has(last) || STATE_CODES.has(last)) {
      hadRegion = true;
      if (!fromTail) {
        if (PROVINCE_CODES.has(last)) { region = last === 'PQ' || last === 'QUE' ? 'QC' : last; country = 'CA'; }
        else if (last !== 'CA') { region = last; country = 'US'; }
      }
      merchant.pop();
    }
  }
  if (fromTail) { region = fromTail.region; country = fromTail.country; }
  // A city at the end of the merchant's text (after a region code, or a known city name).
  const city = CITY_BY_LAST.get(merchant[merchant.length - 1] ?? '');
  if (city) {
    for (const c of city) {
      if (c.length >= merchant.length) continue;
      // "GOUV DU QUEBEC", "UNIVERSITY OF TORONTO": a city after a linking word is part of the name.
      if (LINKING.has(merchant[merchant.length - c.length - 1]!)) continue;
      let ok = true;
      for (let j = 0; j < c.length; j++) if (merchant[merchant.length - c.length + j] !== c[j]) { ok = false; break; }
      if (ok) { merchant.length -= c.length; break; }
    }
  } else if (hadRegion && merchant.length > 2) {
    merchant.pop(); // an unknown city before a province code: one word
  }
  while (merchant.length > 1 && TRAILERS.has(merchant[merchant.length - 1]!)) merchant.pop();
  // Matching never reads the location: a trailing province, state or country code is not a merchant's name.
  let last = tokens.length;
  while (last > 1 && (PROVINCE_CODES.has(tokens[last - 1]!) || STATE_CODES.has(tokens[last - 1]!) || COUNTRY_CODES.has(tokens[last - 1]!))) last--;
  const matchable = last === tokens.length ? tokens : tokens.slice(0, last);
  // When every word from the channel's end on was kept as it was, the text is the folded text's tail (no join).
  let joined: string;
  if (same) {
    let offset = 0;
    for (let i = 0; i < start; i++) offset += words[i]!.length + 1;
    joined = offset === 0 ? text : text.slice(offset);
  } else joined = tokens.join(' ');
  return { text: joined, tokens: matchable, merchant, region, country };
}
