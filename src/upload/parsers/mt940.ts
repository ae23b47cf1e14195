/**
 * SWIFT MT940 (customer statement) and MT942 (interim transaction report), read line by line.
 *
 * - Messages with or without the SWIFT blocks `{1:}{2:}{4:` ... `-}`, separated by `-` lines or
 *   simply by the next `:20:`; junk lines before the first field (bank file headers) are skipped.
 * - `:61:` in its bank variants: with or without the entry date, debit/credit marks C, D, RC, RD
 *   (and CR/DR), an optional funds code, '.' or ',' decimals, with or without the transaction type,
 *   the customer and bank references, and the supplementary details on the next line.
 * - `:86:` over several lines, structured in sub-fields (German DK `?00`..`?63` with the SEPA
 *   keywords EREF+, SVWZ+ ..., or the SEPA slash form /TRTP/ /NAME/ /REMI/ ...) or plain text.
 * - A statement continued over several messages (`:62M:` then `:60M:`) is one Statement.
 *
 * The booking date is the `:61:` entry date when present, else the value date. Years are two digits:
 * 80 to 99 are 19xx, the rest 20xx.
 */
import { StatementDecoder } from './encoding.ts';
import { feedBytes, type TextParser, type TextSource } from './drive.ts';
import { finishTransactions, type DraftTransaction } from './finish.ts';
import { StatementParseError, type Position, type Statement } from './model.ts';
import { Warnings } from './warnings.ts';
import { cleanText, decimalToCents, digitsAt, formatDate } from './values.ts';

export interface Mt940Options {
  encoding?: string;
  onProgress?: (fraction: number) => void;
}

interface Field {
  tag: string;
  lines: string[];
  /** Where the field starts: byte offset (after any byte-order mark), line, column. */
  offset: number;
  line: number;
  column: number;
}

function fieldPosition(f: Field): Position {
  return { offset: f.offset, line: f.line, column: f.column };
}

interface Message {
  format: 'mt940' | 'mt942';
  position: Position;
  account?: string;
  institution?: string;
  number?: string;
  currency?: string;
  opening?: { amountCents: number; date: string; intermediate: boolean };
  closing?: { amountCents: number; date: string; intermediate: boolean };
  drafts: DraftTransaction[];
  warnings: Warnings;
}

/** Length of a field start ":NN:" or ":NNa:" at `at` in `s`, or 0. */
function fieldTagEnd(s: string, at: number): number {
  const d1 = s.charCodeAt(at + 1);
  const d2 = s.charCodeAt(at + 2);
  if (!(d1 >= 48 && d1 <= 57 && d2 >= 48 && d2 <= 57)) return 0;
  const c3 = s.charCodeAt(at + 3);
  if (c3 === 58) return 4;
  return c3 >= 65 && c3 <= 90 && s.charCodeAt(at + 4) === 58 ? 5 : 0;
}
const BALANCE = /^([CD])(\d{6})([A-Z]{3})(\d[\d.,]*|[.,]\d+)$/;

export class Mt940Parser implements TextParser {
  private buf = '';
  /** Byte offset and 1-based line number of the start of `buf`. */
  private offset: number;
  private line = 1;
  private crOnly: boolean | null = null;
  private field: Field | null = null;
  private prevTag = '';
  private message: Message | null = null;
  private blockFormat: 'mt940' | 'mt942' | null = null;
  private lastTxn: DraftTransaction | null = null;
  private readonly messages: Message[] = [];
  /** Dates repeat on every line: each text is converted once. */
  private readonly dates = new Map<number, string | null>();
  private lastAccountText: string | null = null;
  private lastAccount: { number: string; institution?: string } | null = null;

  constructor(private readonly source: TextSource) {
    this.offset = 0;
  }

  write(text: string): void {
    this.buf = this.buf.length ? this.buf + text : text;
    this.lines(false);
  }

  end(): Statement[] {
    this.lines(true);
    this.flushField();
    this.finishMessage();
    const statements: Statement[] = [];
    const merged = mergeContinued(this.messages);
    if (!merged.length) throw new StatementParseError('no MT940/MT942 statement found (no :25: account with :60F: or :61: lines)', { offset: this.source.bomLength, line: 1, column: 1 });
    for (const m of merged) statements.push(toStatement(m));
    return statements;
  }

  private lines(final: boolean): void {
    const buf = this.buf;
    if (this.crOnly === null) {
      const lf = buf.indexOf('\n');
      const cr = buf.indexOf('\r');
      if (cr >= 0 && (lf < 0 || cr < lf) && buf.charCodeAt(cr + 1) !== 10 && cr + 1 < buf.length) this.crOnly = true;
      else if (lf >= 0) this.crOnly = false;
    }
    const sep = this.crOnly ? '\r' : '\n';
    const width = this.source.fixedWidth?.() ?? 0;
    let i = 0;
    for (;;) {
      const nl = buf.indexOf(sep, i);
      if (nl < 0) break;
      let end = nl;
      if (!this.crOnly && end > i && buf.charCodeAt(end - 1) === 13) end--;
      this.readLine(buf, i, end);
      this.offset += width ? (nl + 1 - i) * width : this.source.measure(buf.slice(i, nl + 1));
      this.line++;
      i = nl + 1;
    }
    if (final && i < buf.length) {
      this.readLine(buf, i, buf.length);
      i = buf.length;
    }
    this.buf = i === 0 ? buf : buf.slice(i);
    if (this.buf.length > 1 << 20) throw this.error('a line longer than 1 MB: this is not an MT940 file', this.here());
  }

  private here(): Position {
    return { offset: this.offset + this.source.bomLength, line: this.line, column: 1 };
  }

  private error(message: string, at: Position): StatementParseError {
    return new StatementParseError(message, at);
  }

  /** One line: buf[start, end), without its line break. */
  private readLine(buf: string, start: number, end: number): void {
    const c0 = buf.charCodeAt(start);
    if (c0 === 58 /* : */) {
      const tagEnd = fieldTagEnd(buf, start);
      if (tagEnd > 0) {
        this.flushField();
        this.field = { tag: buf.slice(start + 1, start + tagEnd - 1), lines: [buf.slice(start + tagEnd, end)], offset: this.offset + this.source.bomLength, line: this.line, column: tagEnd + 1 };
        return;
      }
    } else if (c0 === 123 /* { */) {
      // SWIFT blocks: {1:...}{2:O940...}{3:...}{4: and the text that may follow it.
      const line = buf.slice(start, end);
      const b2 = /\{2:[IO](\d{3})/.exec(line);
      if (b2) this.blockFormat = b2[1] === '942' ? 'mt942' : 'mt940';
      const b4 = line.indexOf('{4:');
      if (b4 < 0) return;
      this.flushField();
      this.finishMessage();
      const rest = line.slice(b4 + 3);
      if (rest.trim()) this.readLine(rest, 0, rest.length);
      return;
    } else if (c0 === 45 /* - */) {
      const c1 = buf.charCodeAt(start + 1);
      if (end - start === 1 || c1 === 125 /* } */ || buf.slice(start, end).trim() === '-') {
        this.flushField();
        this.finishMessage();
        return;
      }
    }
    if (this.field) this.field.lines.push(buf.slice(start, end));
  }

  private flushField(): void {
    const f = this.field;
    if (!f) return;
    this.field = null;
    const tag = f.tag;
    if (tag === '20') {
      this.finishMessage();
      this.startMessage(fieldPosition(f));
      this.prevTag = tag;
      return;
    }
    if (!this.message) this.startMessage(fieldPosition(f));
    const m = this.message!;
    switch (tag) {
      case '61':
        this.lastTxn = this.readLine61(f);
        m.drafts.push(this.lastTxn);
        this.prevTag = tag;
        return;
      case '86':
        if (this.prevTag === '61' && this.lastTxn) applyInfo(this.lastTxn, f.lines);
        this.prevTag = tag;
        return;
    }
    const value = f.lines[0]!.trim();
    switch (tag) {
      case '25':
      case '25P': {
        if (!value && f.lines.length === 1) break; // blank: the statement's account is unknown (said when it ends)
        const raw = f.lines.length === 1 ? value : f.lines.join(' ').trim();
        if (raw !== this.lastAccountText) {
          this.lastAccountText = raw;
          this.lastAccount = readAccount(raw);
        }
        const account = this.lastAccount!;
        m.account = account.number;
        if (account.institution) m.institution = account.institution;
        break;
      }
      case '28C':
      case '28':
        m.number = value.split('/')[0];
        break;
      case '60F':
      case '60M':
      case '60':
      case '62F':
      case '62M':
      case '62': {
        if (!value) {
          m.warnings.add(`:${tag}: is empty: the ${tag.startsWith('60') ? 'opening' : 'closing'} balance is unknown`, fieldPosition(f));
          break;
        }
        const b = BALANCE.exec(value.indexOf(' ') >= 0 ? value.replace(/\s+/g, '') : value);
        if (!b) throw this.error(`:${tag}: balance "${value}" is not mark, date, currency and amount (e.g. C240115CAD1234,56)`, fieldPosition(f));
        const date = this.dateOf(digitsAt(b[2]!, 0, 6));
        if (!date) throw this.error(`:${tag}: date "${b[2]}" is not a valid YYMMDD date`, fieldPosition(f));
        const cents = mtAmount(b[4]!);
        if (Number.isNaN(cents)) throw this.error(`:${tag}: amount "${b[4]}" is not a number`, fieldPosition(f));
        const balance = { amountCents: b[1] === 'D' ? -cents || 0 : cents, date, intermediate: tag.endsWith('M') };
        m.currency ??= b[3]!;
        if (tag.startsWith('60')) m.opening = balance;
        else m.closing = balance;
        break;
      }
      case '13D':
      case '13':
      case '90D':
      case '90C':
        m.format = 'mt942';
        break;
      case '34F': {
        m.format = 'mt942';
        const c = /^([A-Z]{3})/.exec(value);
        if (c) m.currency ??= c[1]!;
        break;
      }
    }
    this.prevTag = tag;
  }

  private readLine61(f: Field): DraftTransaction {
    const raw = f.lines[0]!;
    const line = raw.charCodeAt(raw.length - 1) <= 32 || raw.charCodeAt(0) <= 32 ? raw.trim() : raw;
    // Read by hand rather than by a regular expression: this runs once per transaction.
    const vd = digitsAt(line, 0, 6);
    if (vd < 0) throw this.bad61(f, line, 'no YYMMDD value date');
    const valueDate = this.dateOf(vd);
    if (!valueDate) throw this.bad61(f, line, `value date "${line.slice(0, 6)}" is not a valid date`);
    let p = 6;
    let date = valueDate;
    const ed = digitsAt(line, 6, 4);
    if (ed < 0 && line.startsWith('    ', 6) && (isUpper(line.charCodeAt(10)) || line.charCodeAt(10) === 32)) {
      // An entry date of four spaces (Citibank, ASN: https://github.com/wolph/mt940/pull/108): unknown, the value date stands.
      p = 10;
      while (line.charCodeAt(p) === 32) p++;
      this.message?.warnings.add(':61: entry date is blank: the value date is the date', fieldPosition(f));
    } else if (ed >= 0 && isUpper(line.charCodeAt(10))) {
      const key = vd * 10000 + ed;
      let entry = this.dates.get(key);
      if (entry === undefined) {
        entry = entryDate(valueDate, line.slice(6, 10));
        this.dates.set(key, entry);
      }
      if (!entry) throw this.bad61(f, line, `entry date "${line.slice(6, 10)}" is not a valid MMDD date`);
      date = entry;
      p = 10;
    }
    // Mark: C, D, RC (reversal of a credit: money out), RD (reversal of a debit: money in); in MT942
    // also EC and ED, expected credit and debit (https://github.com/railslove/cmxl/issues/59).
    let c = line.charCodeAt(p);
    let reversal = false;
    if (c === 82 /* R */) {
      reversal = true;
      c = line.charCodeAt(++p);
    } else if (c === 69 /* E */ && (line.charCodeAt(p + 1) === 67 || line.charCodeAt(p + 1) === 68)) {
      c = line.charCodeAt(++p);
    }
    if (c !== 67 && c !== 68) throw this.bad61(f, line, 'no debit/credit mark (C, D, RC or RD)');
    const credit = (c === 67) !== reversal;
    p++;
    // A funds code (a letter), or the R of "CR"/"DR".
    if (isUpper(line.charCodeAt(p))) p++;
    // A space before the amount (https://github.com/wolph/mt940/issues/111's pattern notes Cuscal's).
    while (line.charCodeAt(p) === 32) p++;
    const amountStart = p;
    while (p < line.length) {
      const d = line.charCodeAt(p);
      if (!((d >= 48 && d <= 57) || d === 44 || d === 46)) break;
      p++;
    }
    if (p === amountStart) throw this.bad61(f, line, 'no amount');
    const cents = mtAmount(line.slice(amountStart, p));
    if (Number.isNaN(cents)) throw this.bad61(f, line, `amount "${line.slice(amountStart, p)}" is not a number`);
    let rest = p < line.length ? line.slice(p) : '';
    let code: string | undefined;
    if (isTypeCode(rest)) {
      code = rest.slice(0, 4);
      rest = rest.slice(4);
    }
    const slashes = rest.indexOf('//');
    const customerRef = (slashes >= 0 ? rest.slice(0, slashes) : rest).trim();
    const bankRef = slashes >= 0 ? rest.slice(slashes + 2).trim() : '';
    let supplementary = '';
    for (let i = 1; i < f.lines.length; i++) {
      const l = f.lines[i]!.trim();
      if (l) supplementary = supplementary ? `${supplementary} ${l}` : l;
    }
    const own = usefulRef(bankRef) ?? usefulRef(customerRef);
    const draft: DraftTransaction = { id: own ?? '', date, amountCents: credit ? cents : -cents || 0, description: '' };
    if (valueDate !== date) draft.valueDate = valueDate;
    if (code) draft.code = code;
    const customer = usefulRef(customerRef);
    if (customer && customer !== own) draft.reference = customer;
    if (supplementary) draft.details = { supplementary };
    return draft;
  }

  private bad61(f: Field, line: string, what: string): StatementParseError {
    return this.error(`:61: ${what} in "${line.slice(0, 40)}" (expected value date, [entry date,] debit/credit mark, amount)`, fieldPosition(f));
  }

  /** YYMMDD (as a number) to YYYY-MM-DD: dates repeat on every line, each is converted once. */
  private dateOf(yymmddNumber: number): string | null {
    let d = this.dates.get(yymmddNumber);
    if (d === undefined) {
      const yy = Math.floor(yymmddNumber / 10000);
      d = formatDate(yy >= 80 ? 1900 + yy : 2000 + yy, Math.floor(yymmddNumber / 100) % 100, yymmddNumber % 100);
      this.dates.set(yymmddNumber, d);
    }
    return d;
  }

  private startMessage(position: Position): void {
    this.message = { format: this.blockFormat ?? 'mt940', position, drafts: [], warnings: new Warnings() };
    this.lastTxn = null;
  }

  private finishMessage(): void {
    const m = this.message;
    this.message = null;
    this.lastTxn = null;
    this.prevTag = '';
    if (!m) return;
    if (m.account === undefined) {
      if (!m.drafts.length && !m.opening && !m.closing) return;
      m.account = '';
      m.warnings.add('statement without an account (:25: blank or absent): the account number is unknown', m.position);
    }
    for (const d of m.drafts) if (!d.description) d.description = d.details?.supplementary ?? d.code ?? '';
    this.messages.push(m);
  }
}

/** Joins messages that continue the previous one (62M then 60M, same account). */
function mergeContinued(messages: Message[]): Message[] {
  const out: Message[] = [];
  for (const m of messages) {
    const prev = out[out.length - 1];
    if (prev && prev.account === m.account && prev.format === m.format && prev.closing?.intermediate && m.opening?.intermediate) {
      for (const d of m.drafts) prev.drafts.push(d);
      for (const w of m.warnings.list()) for (let k = 0; k < w.count; k++) prev.warnings.add(w.message, w.line ? { offset: 0, line: w.line } : undefined);
      prev.closing = m.closing;
      continue;
    }
    out.push(m);
  }
  return out;
}

function toStatement(m: Message): Statement {
  if (m.currency === undefined) m.warnings.add('no currency (no :60F:/:62F: balance or :34F:): CAD is assumed', m.position);
  const s: Statement = {
    format: m.format,
    account: { number: m.account!, kind: 'chequing', currency: m.currency ?? 'CAD' },
    balances: {},
    transactions: finishTransactions(m.account!, m.drafts),
  };
  if (m.institution) s.account.institution = m.institution;
  if (m.opening) s.balances.opening = { amountCents: m.opening.amountCents, date: m.opening.date };
  if (m.closing) s.balances.closing = { amountCents: m.closing.amountCents, date: m.closing.date };
  if (m.opening && m.closing) s.period = { start: m.opening.date, end: m.closing.date };
  if (m.warnings.size) s.warnings = m.warnings.list();
  return s;
}

function usefulRef(ref: string): string | undefined {
  if (!ref) return undefined;
  if (ref.length === 6 && ref.toUpperCase() === 'NONREF') return undefined;
  return ref === 'NOTPROVIDED' ? undefined : ref;
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

/** A `:61:` transaction type: N, F or S and three letters or digits. */
function isTypeCode(rest: string): boolean {
  const c = rest.charCodeAt(0);
  if (c !== 78 && c !== 70 && c !== 83) return false;
  for (let i = 1; i < 4; i++) {
    const d = rest.charCodeAt(i);
    if (!((d >= 48 && d <= 57) || (d >= 65 && d <= 90))) return false;
  }
  return true;
}

/** `:25:` as "BIC/account", "bank code/account", an IBAN or a plain number (a trailing " EUR" dropped). */
function readAccount(value: string): { number: string; institution?: string } {
  const v = value.replace(/\s+[A-Z]{3}$/, '');
  const slash = v.indexOf('/');
  if (slash > 0 && slash < v.length - 1) return { institution: v.slice(0, slash).trim(), number: v.slice(slash + 1).trim() };
  return { number: v };
}

/** MT940 amounts use a decimal comma ("1234,56", "1234,"); some banks write a point. */
function mtAmount(s: string): number {
  if (s.indexOf(',') >= 0) return decimalToCents(s, 44, 46);
  return decimalToCents(s, 46);
}

/** The `:61:` entry date (MMDD) in the year that puts it nearest the value date. */
function entryDate(valueDate: string, mmdd: string): string | null {
  const year = Number(valueDate.slice(0, 4));
  const month = Number(mmdd.slice(0, 2));
  const day = Number(mmdd.slice(2, 4));
  const valueMonth = Number(valueDate.slice(5, 7));
  let y = year;
  if (month - valueMonth > 6) y--;
  else if (valueMonth - month > 6) y++;
  return formatDate(y, month, day);
}

const SEPA_KEYWORDS = /(EREF|KREF|MREF|CRED|DEBT|SVWZ|ABWA|ABWE|COAM|OAMT|IBAN|BIC)\+/g;
const SLASH_KEYS = 'TRTP|IBAN|BIC|NAME|REMI|EREF|MARF|CSID|ORDP|BENM|CNTP|ULTC|ULTD|PURP|RTRN|ISDT|SVCL|ADDR|CDTRREFTP|CDTRREF|ISSR|PREF|BUSP|ATOS|CHGS|EXCH|OCMT';
const SLASH_FIELD = new RegExp(`/(${SLASH_KEYS})/`, 'g');

/** Reads the `:86:` information into description, counterparty, code and details. */
function applyInfo(t: DraftTransaction, lines: string[]): void {
  // DK sub-fields start on their own lines or run on: lines join as they are.
  const joined = lines.length === 1 ? lines[0]! : lines.join('');
  if (isDigit(joined.charCodeAt(0)) && isDigit(joined.charCodeAt(1)) && isDigit(joined.charCodeAt(2)) && isDigit(joined.charCodeAt(4)) && isDigit(joined.charCodeAt(5))) {
    const sep = joined.charCodeAt(3);
    if (sep > 32 && !isDigit(sep) && !isUpper(sep) && !(sep >= 97 && sep <= 122)) return applyDk(t, joined, sep);
  }
  // Otherwise a full 65-character line was cut mid-word, a shorter one ended a phrase.
  let text = lines[0]!;
  for (let i = 1; i < lines.length; i++) text += (lines[i - 1]!.length >= 65 ? '' : ' ') + lines[i]!;
  if (text.charCodeAt(0) === 47 && /^\/(TRTP|IBAN|BIC|NAME|REMI|EREF|CNTP|ORDP|BENM|MARF|CSID|PURP|RTRN)\//.test(text)) return applySlash(t, text);
  t.description = cleanText(text);
}

/** Keys of the DK sub-fields as written: "?00" to "?99" (not "20": an array index would make every details object an array). */
const SUBFIELD_KEYS = Array.from({ length: 100 }, (_, n) => `?${String(n).padStart(2, '0')}`);

/** German DK structure: GVC code, then `?NN` sub-fields (any separator character). */
function applyDk(t: DraftTransaction, text: string, sepCode: number): void {
  const details: Record<string, string> = t.details ?? {};
  const sep = String.fromCharCode(sepCode);
  const gvc = text.slice(0, 3);
  let purposeText = '';
  let lastPurposeLength = -1;
  let name = '';
  let name32 = -1;
  let posting = '';
  let account = '';
  let institution = '';
  // Sub-fields start at the separator followed by two digits; the separator may also occur in text.
  let i = 3;
  while (i < text.length) {
    let next = i + 3;
    for (;;) {
      next = text.indexOf(sep, next);
      if (next < 0 || (isDigit(text.charCodeAt(next + 1)) && isDigit(text.charCodeAt(next + 2)))) break;
      next++;
    }
    const stop = next < 0 ? text.length : next;
    if (text.charCodeAt(i) === sepCode && stop - i >= 3) {
      const n = (text.charCodeAt(i + 1) - 48) * 10 + (text.charCodeAt(i + 2) - 48);
      const key = SUBFIELD_KEYS[n]!;
      const value = text.slice(i + 3, stop);
      const previous = details[key];
      details[key] = previous !== undefined ? previous + value : value;
      if ((n >= 20 && n <= 29) || (n >= 60 && n <= 63)) {
        purposeText += lastPurposeLength < 0 ? value : (lastPurposeLength >= 27 ? '' : ' ') + value;
        lastPurposeLength = value.length;
      } else if (n === 0) posting = value;
      else if (n === 32) {
        name = value + name;
        name32 = value.length;
      } else if (n === 33) name += (name32 >= 27 ? '' : ' ') + value;
      else if (n === 31) account = value.trim();
      else if (n === 30) institution = value.trim();
    }
    i = stop;
  }
  const sepa = readSepaKeywords(purposeText, details);
  name = cleanText(name);
  const remittance = cleanText(details.SVWZ ?? sepa);
  t.description = (name && remittance ? `${name} ${remittance}` : name || remittance) || cleanText(posting) || gvc;
  t.code = t.code ? `${t.code} ${gvc}` : gvc;
  if (name || account || institution) {
    const counterparty: { name?: string; account?: string; institution?: string } = {};
    if (name) counterparty.name = name;
    if (account) counterparty.account = account;
    if (institution) counterparty.institution = institution;
    t.counterparty = counterparty;
  }
  t.details = details;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * SEPA keywords inside a purpose text ("EREF+x SVWZ+y"), stored into `into` by keyword; returns the
 * text before the first keyword.
 */
function readSepaKeywords(text: string, into: Record<string, string>): string {
  if (text.indexOf('+') < 0) return text;
  SEPA_KEYWORDS.lastIndex = 0;
  let free = text;
  let prevKey: string | null = null;
  let prevFrom = 0;
  for (let m = SEPA_KEYWORDS.exec(text); m; m = SEPA_KEYWORDS.exec(text)) {
    if (prevKey === null) free = text.slice(0, m.index).trim();
    else into[prevKey] = text.slice(prevFrom, m.index).trim();
    prevKey = m[1]!;
    prevFrom = m.index + m[0].length;
  }
  if (prevKey !== null) into[prevKey] = text.slice(prevFrom).trim();
  return free;
}

/** SEPA slash structure: /TRTP/…/IBAN/…/BIC/…/NAME/…/REMI/USTD//…/EREF/… */
function applySlash(t: DraftTransaction, text: string): void {
  const details: Record<string, string> = {};
  const marks = [...text.matchAll(SLASH_FIELD)];
  for (let i = 0; i < marks.length; i++) {
    const m = marks[i]!;
    const from = m.index + m[0].length;
    const to = i + 1 < marks.length ? marks[i + 1]!.index : text.length;
    details[m[1]!] = text.slice(from, to).replace(/\/+$/, '');
  }
  let remittance = details.REMI ?? '';
  const ustd = /^\/?USTD\/\/?(.*)$/s.exec(remittance);
  if (ustd) remittance = ustd[1]!;
  const strd = /^\/?STRD\/[^/]*\/(.*)$/s.exec(remittance);
  if (strd) remittance = strd[1]!;
  const cntp = details.CNTP?.split('/') ?? [];
  const party = (details.ORDP ?? details.BENM ?? '').replace(/^\/+/, '');
  const partyName = /(?:^|\/)NAME\/([^/]*)/.exec(party)?.[1];
  const name = cleanText(details.NAME ?? cntp[2] ?? partyName ?? '');
  t.description = cleanText([name, cleanText(remittance)].filter(Boolean).join(' ')) || cleanText(details.TRTP ?? '');
  const counterparty: { name?: string; account?: string; institution?: string } = {};
  if (name) counterparty.name = name;
  const account = details.IBAN ?? cntp[0];
  if (account) counterparty.account = account;
  const bic = details.BIC ?? cntp[1];
  if (bic) counterparty.institution = bic;
  if (Object.keys(counterparty).length) t.counterparty = counterparty;
  if (details.TRTP) t.code = t.code ? `${t.code} ${details.TRTP}` : details.TRTP;
  t.details = { ...t.details, ...details };
}

export function parseMt940(bytes: Uint8Array, options: Mt940Options = {}): Statement[] {
  const decoder = new StatementDecoder({ encoding: options.encoding });
  return feedBytes(bytes, decoder, new Mt940Parser(decoder), options.onProgress);
}

/** True when `head` (the first bytes as text) looks like MT940/MT942; the second value says 942. */
export function sniffMt940(head: string): { mt942: boolean } | null {
  const blocks = /\{2:[IO](94[02])/.exec(head);
  if (blocks) return { mt942: blocks[1] === '942' };
  if (/(^|\n):20:/.test(head) && /(^|\n):25P?:/.test(head) && /(^|\n):(6[01]|13D?|34F|28C?):/.test(head)) {
    return { mt942: /(^|\n):(13D?|34F):/.test(head) && !/(^|\n):60[FM]?:/.test(head) };
  }
  return null;
}
