/**
 * Bank descriptions as the categorizer reads them: folded (upper case, no accents, ASCII
 * punctuation as spaces), split into word tokens, and reduced to the payee by removing what
 * the bank adds around it (channel prefixes, store numbers, references, city and province).
 */

const PROVINCES = new Set(['AB', 'BC', 'MB', 'NB', 'NL', 'NS', 'NT', 'NU', 'ON', 'PE', 'QC', 'SK', 'YT', 'CA', 'US', 'SE', 'WA', 'NY', 'QUE', 'PQ']);

/** What each ASCII character folds to: itself upper-cased, '' (apostrophes vanish), or ' '. */
const ASCII_FOLD: string[] = Array.from({ length: 128 }, (_, c) => {
  if ((c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 38) return String.fromCharCode(c);
  if (c >= 97 && c <= 122) return String.fromCharCode(c - 32);
  if (c === 39) return '';
  return ' ';
});
const isWordChar = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
// Any UTF-16 code unit past 0x7f: the same set as [^\x00-\x7f], written without control characters.
const NON_ASCII = /[\u0080-\uffff]/;

/**
 * Upper case, accents removed, everything but letters, digits and & turned into spaces; a
 * hyphen between two letters or digits stays (ST-LAURENT, E-TRANSFER, WSIB-CSPAAT).
 * One pass over the characters; accents are decomposed only when the text has any.
 */
export function fold(description: string): string {
  if (!NON_ASCII.test(description)) return foldAscii(description.toUpperCase());
  const s = description.normalize('NFD');
  let out = '';
  let space = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let ch: string;
    if (c < 128) {
      if (c === 45 && !space && i + 1 < s.length && isWordChar(s.charCodeAt(i + 1))) ch = '-';
      else ch = ASCII_FOLD[c]!;
      if (ch === '') continue; // McDonald's -> MCDONALDS
    } else if (c >= 0x300 && c <= 0x36f) continue; // combining accent
    else if (c === 0x2019) continue; // typographic apostrophe
    else ch = ' ';
    if (ch === ' ') {
      if (!space) out += ' ';
      space = true;
    } else {
      out += ch;
      space = false;
    }
  }
  return space && out.length > 0 ? out.slice(0, -1) : out;
}

/**
 * fold for ASCII text already upper-cased (toUpperCase maps only a-z on ASCII, as ASCII_FOLD
 * does): runs of characters kept as they are (letters, digits, &, a joining hyphen, one space)
 * are copied by slice, not character by character. Every description is folded once, and most
 * are ASCII, so this is the categorizer's common case.
 */
function foldAscii(u: string): string {
  let out = '';
  let runStart = 0;
  let space = true;
  const n = u.length;
  for (let i = 0; i < n; i++) {
    const c = u.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 38) { space = false; continue; }
    if (c === 45 && !space && i + 1 < n && isWordChar(u.charCodeAt(i + 1))) { space = false; continue; }
    if (c === 32 && !space) { space = true; continue; }
    // Dropped (an apostrophe), or a space where one was already written, or a character that becomes one.
    if (runStart < i) out += u.slice(runStart, i);
    runStart = i + 1;
    if (c === 39) continue;
    if (!space) { out += ' '; space = true; }
  }
  if (runStart < n) out = runStart === 0 ? u : out + u.slice(runStart);
  return space && out.length > 0 ? out.slice(0, -1) : out;
}

/**
 * The words of a folded text (single spaces, none at the ends, so no word is empty; none at all in an
 * empty text), as split(' ') gives them, found with indexOf and cut with slice: for the short texts of
 * bank lines this runs in the compiled code, where split is a call into the runtime for every text.
 */
export function wordsOf(folded: string): string[] {
  const out: string[] = [];
  if (folded === '') return out;
  let from = 0;
  for (let at = folded.indexOf(' '); at >= 0; at = folded.indexOf(' ', from)) {
    out.push(folded.slice(from, at));
    from = at + 1;
  }
  out.push(from === 0 ? folded : folded.slice(from));
  return out;
}

/** Whether the text carries a digit (a loop: cheaper than /\d/ on the short words it is asked about). */
export function hasDigit(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

/** Word tokens of a folded description; tokens carrying digits (store numbers, references) are dropped. */
export function tokens(folded: string): string[] {
  const out: string[] = [];
  for (const t of folded.split(' ')) {
    if (t.length < 2 || /\d/.test(t)) continue;
    out.push(t);
  }
  return out;
}

/** What banks print before the payee, longest first. Matched on the folded text. */
export const CHANNEL_PREFIXES: readonly string[] = [
  'PRE-AUTHORIZED DEBIT', 'DEBIT PREAUTORISE', 'INTERAC PURCHASE', 'ACHAT INTERAC', 'POS PURCHASE', 'POINT OF SALE PURCHASE',
  'PAIEMENT DIRECT', 'ONLINE BILL PMT', 'BILL PAYMENT', 'PAIEMENT DE FACTURE', 'PAIEMENT FACTURE', 'EFT CREDIT', 'EFT DEBIT',
  'DIRECT DEPOSIT', 'DEPOT DIRECT PAIE', 'DEPOT DIRECT', 'PAYROLL DEP', 'PAYROLL DEPOSIT', 'E-TRANSFER RECEIVED', 'E-TRANSFER SENT',
  'INTERAC E-TRANSFER FROM', 'INTERAC E-TRANSFER TO', 'VIREMENT INTERAC DE', 'VIREMENT INTERAC A', 'SEND E-TFR', 'E-TFR RCVD',
  'MISC PAYMENT', 'MISC PMT', 'ACH DEBIT', 'ACH CREDIT', 'POS DEBIT', 'DEBIT CARD PURCHASE', 'CASH ADVANCE', 'MB BILL PAYMENT', 'PC BILL PAYMENT',
  'POINT OF SALE INTERAC RETAIL PURCHASE', 'INTERAC PURCHASE AT', 'PRE-AUTHORIZED PAYMENT TO', 'PRE-AUTHORIZED PAYMENT', 'PREAUTHORIZED DEBIT',
  'PRELEVEMENT AUTOMATIQUE', 'PRELEVEMENT', 'ACHAT PDV', 'PAIEMENT DIRECT IDP', 'ONLINE BANKING PAYMENT', 'INTERNET BILL PAY', 'ONLINE PAYMENT',
  'EFT DEPOSIT FROM', 'ELECTRONIC FUNDS TRANSFER DEPOSIT', 'ELECTRONIC FUNDS TRANSFER PAY', 'DEBIT CARD PURCHASE',
  'PAD', 'DPA', 'PAIE', 'DEPOT', 'RETRAIT', 'OPP', 'DN', 'PR', 'DD', 'CW',
];

/** CHANNEL_PREFIXES as words, by their first word, each list in CHANNEL_PREFIXES' order (the first that matches is taken). */
const PREFIXES_BY_FIRST = new Map<string, string[][]>();
for (const p of CHANNEL_PREFIXES) {
  const words = p.split(' ');
  const list = PREFIXES_BY_FIRST.get(words[0]!) ?? [];
  list.push(words);
  PREFIXES_BY_FIRST.set(words[0]!, list);
}

const SUFFIX_NOISE = new Set(['PAY', 'PAYROLL', 'PAIE', 'DEP', 'DEPOSIT', 'PMT', 'PAYMENT', 'PYMT', 'APY']);

const ABBREVIATIONS: Record<string, string> = {
  SVCS: 'Services', SVC: 'Service', MFG: 'Manufacturing', INTL: 'International', CORP: 'Corp', INC: 'Inc', LTD: 'Ltd', LTEE: 'Ltee', ENR: 'Enr',
  CDA: 'Canada', GOVT: 'Government', FIN: 'Finance', FINL: 'Financial',
};

/**
 * The payee as printed, without channel prefix, store number, reference codes and trailing
 * city/province: "ACHAT INTERAC METRO 8916" -> "METRO"; "CINEPLEX #8829 EDMONTON AB" -> "CINEPLEX".
 * `cities` are place names to strip when they follow the payee.
 */
export function payee(folded: string): string {
  return payeeOf(wordsOf(folded), folded);
}

/**
 * payee over the folded text's words (fold leaves single spaces and none at the ends, so no word is
 * empty; `folded` is those words joined): the categorizer splits a description once and gives the same
 * words to normalize, whose lookups then find each word's hash already computed.
 */
export function payeeOf(words: readonly string[], folded: string): string {
  // Only prefixes beginning with the text's first word can match: one hash lookup, then the list's order decides.
  let start = 0;
  for (const p of PREFIXES_BY_FIRST.get(words[0] ?? '') ?? []) {
    if (p.length > words.length) continue;
    let ok = true;
    for (let j = 1; j < p.length; j++) if (words[j] !== p[j]) { ok = false; break; }
    if (ok) {
      start = p.length;
      break;
    }
  }
  // Cut at the first token carrying a digit (store number, reference): what follows is location or noise.
  // The payee is words[start, end): indexes moved, not arrays sliced (this runs once per description).
  let end = words.length;
  for (let i = start + 1; i < words.length; i++) {
    if (hasDigit(words[i]!)) {
      end = i;
      break;
    }
  }
  // A trailing province code is noise; so is the city before it when the payee had a store number.
  if (end - start > 1 && PROVINCES.has(words[end - 1]!)) end = end - start > 2 ? end - 2 : end - 1;
  while (end - start > 1 && SUFFIX_NOISE.has(words[end - 1]!)) end--;
  // Usually no word inside carries a digit: the payee is then a stretch of the folded text, taken as one piece
  // (a series is keyed on it, and a piece hashes without first being flattened as a chain of joins would be).
  let from = 0;
  for (let i = 0; i < start; i++) from += words[i]!.length + 1;
  let to = from;
  let whole = true;
  for (let i = start; i < end; i++) {
    if (hasDigit(words[i]!)) { whole = false; break; }
    to += words[i]!.length + (i > start ? 1 : 0);
  }
  if (whole) return to === from ? '' : folded.slice(from, to);
  let out = '';
  for (let i = start; i < end; i++) {
    const w = words[i]!;
    if (hasDigit(w)) continue;
    out = out === '' ? w : out + ' ' + w;
  }
  return out;
}

const ACRONYMS = new Set(['BC', 'TD', 'RBC', 'BMO', 'CIBC', 'BDC', 'CRA', 'ARC', 'EI', 'CPP', 'OAS', 'QPP', 'RRQ', 'WSIB', 'WCB', 'CNESST', 'GST', 'HST', 'USA', 'NSLSC', 'LCBO', 'SAQ', 'STM', 'IGA', 'HBC', 'A&W']);

function titleWord(w: string): string {
  if (ACRONYMS.has(w)) return w;
  if (ABBREVIATIONS[w]) return ABBREVIATIONS[w];
  return w.length === 0 ? w : w[0] + w.slice(1).toLowerCase();
}

/** "NORTHWIND FOODS" -> "Northwind Foods"; "GRANITE HEALTH SVCS" -> "Granite Health Services"; "GROUPE ST-LAURENT" -> "Groupe St-Laurent". */
export function displayName(payeeText: string): string {
  return displayWords(wordsOf(payeeText));
}

/**
 * displayName of words (normalize's merchant words, say) without joining them first: each word
 * titled, hyphenated parts each on their own, empty words left out, one space between.
 */
export function displayWords(words: readonly string[]): string {
  let out = '';
  for (const w of words) {
    if (w === '') continue;
    let titled: string;
    if (!w.includes('-')) titled = titleWord(w);
    else {
      titled = '';
      let from = 0;
      for (let at = w.indexOf('-'); at >= 0; at = w.indexOf('-', from)) {
        titled += titleWord(w.slice(from, at)) + '-';
        from = at + 1;
      }
      titled += titleWord(w.slice(from));
    }
    out = out === '' ? titled : out + ' ' + titled;
  }
  return out;
}
