/**
 * OFX and QFX (and QBO) statements: version 1 (SGML, leaf elements left unclosed) and version 2
 * (XML), read as a stream of tags without building a tree.
 *
 * - Any header: the version 1 `KEY:VALUE` header (with or without line breaks between its fields),
 *   the version 2 `<?xml?>` and `<?OFX?>` processing instructions, or none at all.
 * - Any charset: the header's CHARSET / ENCODING or the XML declaration choose the single-byte
 *   fallback; UTF-8 bytes are read as UTF-8 whatever the header says (see encoding.ts).
 * - Several statements per file: every STMTRS (bank) and CCSTMTRS (credit card) is one Statement.
 * - A sign-on refused by the bank, or a statement request answered with an error status, is a
 *   StatementParseError naming the OFX status code and the bank's message.
 *
 * SGML rule used for unclosed elements: an element followed by text is a leaf holding that text;
 * an element followed directly by another tag is an aggregate when it is one OFX defines, else an
 * empty leaf. A closing tag closes the innermost open aggregate of that name and everything open
 * inside it; closing tags of leaves and stray closing tags are accepted and ignored.
 */
import { Cursor } from './position.ts';
import { StatementDecoder } from './encoding.ts';
import { feedBytes, type TextParser, type TextSource } from './drive.ts';
import { finishTransactions, type DraftTransaction } from './finish.ts';
import { StatementParseError, type AccountKind, type Statement } from './model.ts';
import { Warnings } from './warnings.ts';
import { cleanText, compactDate, decimalToCents, decodeEntities } from './values.ts';

export interface OfxOptions {
  /** Force a charset (otherwise from the bytes and the header). */
  encoding?: string;
  onProgress?: (fraction: number) => void;
}

/** OFX status codes a bank may answer with (names from the OFX specification). */
const STATUS_NAMES: Record<string, string> = {
  '2000': 'General error',
  '2001': 'Invalid account',
  '2002': 'General account error',
  '2003': 'Account not found',
  '2004': 'Account closed',
  '2005': 'Account not authorized',
  '2020': 'Invalid date',
  '2027': 'Invalid date range',
  '15000': 'Must change USERPASS',
  '15500': 'Signon invalid',
  '15501': 'Customer account already in use',
  '15502': 'USERPASS lockout',
  '15510': 'CLIENTUID error',
};

/** Elements OFX defines as aggregates (and that matter here); any other element is a leaf. */
const AGGREGATES = new Set([
  'OFX', 'SIGNONMSGSRSV1', 'SONRS', 'STATUS', 'FI',
  'BANKMSGSRSV1', 'STMTTRNRS', 'STMTRS', 'BANKACCTFROM', 'BANKTRANLIST', 'STMTTRN', 'LEDGERBAL', 'AVAILBAL', 'BALLIST', 'BAL',
  'CREDITCARDMSGSRSV1', 'CCSTMTTRNRS', 'CCSTMTRS', 'CCACCTFROM',
  'PAYEE', 'BANKACCTTO', 'CCACCTTO', 'CURRENCY', 'ORIGCURRENCY', 'IMAGEDATA',
  'INVSTMTMSGSRSV1', 'INVSTMTTRNRS', 'INVSTMTRS', 'SIGNUPMSGSRSV1', 'ACCTINFORS', 'ACCTINFOTRNRS', 'MKTGINFO',
]);

/** Elements that must be closed for the document to be complete. */
const MUST_CLOSE = ['STMTTRN', 'BANKTRANLIST', 'STMTRS', 'CCSTMTRS', 'STMTTRNRS', 'CCSTMTTRNRS'];

/** Aggregates that cannot nest in themselves: opening one closes the previous one left open. */
const SELF_CLOSING = new Set(['STMTTRN', 'STMTRS', 'CCSTMTRS', 'STMTTRNRS', 'CCSTMTTRNRS']);

/** Transaction types that always take money out: a file where every amount is positive has lost its signs. */
const OUTFLOW_TYPES = new Set(['DEBIT', 'CHECK', 'PAYMENT', 'FEE', 'SRVCHG']);

const ACCOUNT_KINDS: Record<string, AccountKind> = {
  CHECKING: 'chequing',
  SAVINGS: 'savings',
  MONEYMRKT: 'savings',
  CD: 'savings',
  CREDITLINE: 'lineOfCredit',
};

interface Status {
  code?: string;
  severity?: string;
  message?: string;
}

interface TxnDraft {
  type?: string;
  /** DTPOSTED read (null when it is not a date, with its text kept for the error). */
  posted?: string | null;
  postedText?: string;
  user?: string | null;
  userText?: string;
  cents?: number;
  fitid?: string;
  checknum?: string;
  refnum?: string;
  name?: string;
  payeeName?: string;
  extdName?: string;
  memo?: string;
  rate?: string;
  foreign?: boolean;
}

interface StmtDraft {
  credit: boolean;
  currency?: string;
  bankId?: string;
  branchId?: string;
  acctId?: string;
  acctType?: string;
  start?: string;
  end?: string;
  ledgerAmount?: string;
  ledgerDate?: string;
  txns: DraftTransaction[];
  warnings: Warnings;
}

/** Charset an OFX header or XML declaration names, if any (read from the first bytes as Latin-1). */
export function ofxDeclaredCharset(head: string): string | null {
  const xml = /<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/i.exec(head);
  if (xml) return xml[1]!;
  const fields = readV1Header(head);
  if (fields.ENCODING && /utf-?8/i.test(fields.ENCODING)) return 'utf-8';
  if (fields.CHARSET && !/^none$/i.test(fields.CHARSET)) return /^\d+$/.test(fields.CHARSET) && fields.CHARSET !== '1252' ? `cp${fields.CHARSET}` : fields.CHARSET;
  return null;
}

const HEADER_KEYS = 'OFXHEADER|DATA|VERSION|SECURITY|ENCODING|CHARSET|COMPRESSION|OLDFILEUID|NEWFILEUID';
const HEADER_FIELD = new RegExp(`(${HEADER_KEYS})\\s*:\\s*(.*?)(?=\\s|<|${HEADER_KEYS}|$)`, 'g');

/** Version 1 header fields; they may be on one line with nothing between them. */
function readV1Header(head: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lt = head.indexOf('<OFX');
  const text = lt >= 0 ? head.slice(0, lt) : head;
  for (const m of text.matchAll(HEADER_FIELD)) out[m[1]!] ??= m[2]!;
  return out;
}

export class OfxParser implements TextParser {
  private buf = '';
  private readonly cursor: Cursor;
  private inBody = false;
  private stack: string[] = [];
  /** An element opened but not yet known to be a leaf or an aggregate. */
  private pending: string | null = null;
  /** The last leaf read, whose closing tag (if any) is skipped. */
  private lastLeaf: string | null = null;
  /** Index in `buf` of the token being handled, for error positions. */
  private at = 0;
  private signon: Status = {};
  private org?: string;
  private fid?: string;
  private rsStatus: Status = {};
  private rsHadStatement = false;
  private sawInvestment = false;
  private stmt: StmtDraft | null = null;
  private txn: TxnDraft | null = null;
  /** readTransaction stopped because the text ended inside a token. */
  private needMore = false;
  private readonly txnDraft: TxnDraft = resetTxn({});
  private readonly statements: Statement[] = [];

  constructor(private readonly source: TextSource) {
    // Bound: the decoder's measure reads its own mode (this), which a bare method reference would lose.
    this.cursor = new Cursor((text) => source.measure(text), 0);
  }

  write(text: string): void {
    this.buf = this.buf.length ? this.buf + text : text;
    if (!this.inBody && !this.findBody()) return;
    this.scan(false);
  }

  end(): Statement[] {
    if (!this.inBody && !this.findBody(true)) {
      throw this.fail('not an OFX document: no <OFX> element', 0);
    }
    this.scan(true);
    if (this.pending !== null) this.closePendingAsLeaf();
    for (const name of MUST_CLOSE) {
      if (this.stack.includes(name)) throw this.fail(`the file ends inside <${name}>: it is truncated`, this.buf.length);
    }
    while (this.stack.length) this.closeAggregate(this.stack.pop()!);
    if (!this.statements.length) {
      throw this.fail(
        this.sawInvestment ? 'investment statements (INVSTMTRS) are not supported: no bank or credit-card statement in this OFX file' : 'no bank or credit-card statement (STMTRS or CCSTMTRS) in this OFX file',
        this.buf.length,
      );
    }
    return this.statements;
  }

  private fail(message: string, index: number): StatementParseError {
    const p = this.cursor.at(this.buf, index);
    return new StatementParseError(message, { ...p, offset: p.offset + this.source.bomLength });
  }

  /** Skips the header up to `<OFX>`, checking what it says. */
  private findBody(final = false): boolean {
    const m = /<OFX[\s>]/i.exec(this.buf);
    if (!m) {
      if (this.buf.length > 1 << 16 || final) throw this.fail('not an OFX document: no <OFX> element in the first 64 KB', 0);
      return false;
    }
    const header = this.buf.slice(0, m.index);
    const fields = readV1Header(header);
    if (fields.COMPRESSION && !/^none$/i.test(fields.COMPRESSION)) throw this.fail(`OFX compression "${fields.COMPRESSION}" is not supported`, 0);
    if (fields.SECURITY && !/^none$/i.test(fields.SECURITY)) throw this.fail(`OFX security "${fields.SECURITY}" (encrypted content) is not supported`, 0);
    const v2security = /<\?OFX[^>]*SECURITY\s*=\s*["']([^"']*)["']/i.exec(header);
    if (v2security && !/^none$/i.test(v2security[1]!)) throw this.fail(`OFX security "${v2security[1]}" (encrypted content) is not supported`, 0);
    this.cursor.advance(header);
    this.buf = this.buf.slice(m.index);
    this.inBody = true;
    return true;
  }

  private scan(final: boolean): void {
    const buf = this.buf;
    const n = buf.length;
    let i = 0;
    let known = -1; // the next '<' when already found
    while (i < n) {
      if (this.pending === null && this.txn !== null && this.stack[this.stack.length - 1] === 'STMTTRN') {
        i = this.readTransaction(buf, i, final);
        known = -1;
        if (this.needMore) {
          this.needMore = false;
          break;
        }
      }
      const lt = known >= i ? known : buf.indexOf('<', i);
      known = -1;
      if (lt < 0) {
        if (final) {
          this.at = i;
          this.text(buf, i, n);
          i = n;
        }
        break;
      }
      if (lt > i && this.pending !== null) {
        this.at = i;
        this.text(buf, i, lt);
      }
      const gt = buf.indexOf('>', lt + 1);
      if (gt < 0) {
        if (final) throw this.fail('unterminated tag at the end of the file: it is truncated', lt);
        i = lt;
        break;
      }
      this.at = lt;
      const c1 = buf.charCodeAt(lt + 1);
      if (c1 === 47) {
        // The closing tag of the leaf just read (every leaf in OFX 2): skipped without reading its name.
        const leaf = this.lastLeaf;
        if (leaf !== null && gt === lt + 2 + leaf.length && buf.startsWith(leaf, lt + 2)) this.lastLeaf = null;
        else this.close(tagName(buf, lt + 2, gt));
        i = gt + 1;
      } else if (c1 === 33) {
        // A comment or a declaration; a comment may contain '>'.
        if (buf.startsWith('!--', lt + 1)) {
          const endComment = buf.indexOf('-->', lt + 4);
          if (endComment < 0) {
            if (final) throw this.fail('unterminated comment', lt);
            i = lt;
            break;
          }
          i = endComment + 3;
        } else i = gt + 1;
      } else if (c1 === 63) {
        i = gt + 1;
      } else {
        const selfClosing = buf.charCodeAt(gt - 1) === 47;
        const name = tagName(buf, lt + 1, selfClosing ? gt - 1 : gt);
        if (!name) throw this.fail('malformed tag', lt);
        this.open(name);
        if (selfClosing) {
          this.close(name);
          i = gt + 1;
          continue;
        }
        i = gt + 1;
        // A leaf closed right after its value (every leaf in OFX 2): read at once.
        const next = buf.indexOf('<', i);
        known = next;
        if (next > i && buf.charCodeAt(next + 1) === 47 && buf.charCodeAt(next + 2 + name.length) === 62 && buf.startsWith(name, next + 2)) {
          this.at = i;
          this.text(buf, i, next);
          if (this.pending === null) {
            // The value was read; its closing tag is passed over.
            this.lastLeaf = null;
            i = next + name.length + 3;
          }
        }
      }
    }
    if (i > 0) {
      this.cursor.advance(i >= n ? buf : buf.slice(0, i));
      this.buf = i >= n ? '' : buf.slice(i);
    }
    if (this.buf.length > 1 << 22) throw this.fail('a value or tag longer than 4 MB: this is not an OFX statement', 0);
  }

  /**
   * The leaves of a transaction, read in a tight loop: they are most of a statement. Stops at the
   * first token that is not a leaf with its value (a closing tag, an aggregate, an empty leaf, a
   * comment) and answers where it stopped, for the general reader to go on; sets `needMore` when the
   * text ends before a token does.
   */
  private readTransaction(buf: string, from: number, final: boolean): number {
    const t = this.txn!;
    let i = from;
    for (;;) {
      const lt = buf.indexOf('<', i);
      if (lt < 0) {
        if (!final) this.needMore = true;
        return i;
      }
      const gt = buf.indexOf('>', lt + 1);
      if (gt < 0) {
        if (!final) this.needMore = true;
        return lt;
      }
      const c1 = buf.charCodeAt(lt + 1);
      if (c1 === 47 && gt === lt + 9 && buf.startsWith('STMTTRN', lt + 2)) {
        // </STMTTRN>: the transaction ends here; when the next one follows at once it is opened
        // here too, so a list of transactions is read without leaving this loop.
        this.at = lt;
        this.close('STMTTRN');
        const next = buf.indexOf('<', gt + 1);
        if (next < 0 || !buf.startsWith('<STMTTRN>', next)) return gt + 1;
        this.openAggregate('STMTTRN');
        i = next + 9;
        continue;
      }
      if (c1 === 47 || c1 === 33 || c1 === 63 || buf.charCodeAt(gt - 1) === 47) return lt;
      let name = known(TRANSACTION_LEAVES, buf, lt + 1, gt);
      if (name === null) {
        name = tagName(buf, lt + 1, gt);
        if (!name || AGGREGATES.has(name)) return lt;
      }
      const next = buf.indexOf('<', gt + 1);
      if (next < 0) {
        if (!final) this.needMore = true;
        return lt;
      }
      let a = gt + 1;
      let b = next;
      while (a < b && buf.charCodeAt(a) <= 32) a++;
      while (b > a && buf.charCodeAt(b - 1) <= 32) b--;
      if (a === b) return lt;
      this.at = a;
      this.transactionLeaf(t, name, buf, a, b);
      // Its closing tag, when one follows (OFX 2), is passed over.
      if (buf.charCodeAt(next + 1) === 47 && buf.charCodeAt(next + 2 + name.length) === 62 && buf.startsWith(name, next + 2)) {
        this.lastLeaf = null;
        i = next + name.length + 3;
      } else {
        this.lastLeaf = name;
        i = next;
      }
    }
  }

  /** A leaf of STMTTRN whose value is buf[a, b): numbers, dates and the type read in place. */
  private transactionLeaf(t: TxnDraft, name: string, buf: string, a: number, b: number): void {
    switch (name) {
      case 'TRNAMT': {
        const cents = amountToCents(buf, a, b);
        if (Number.isNaN(cents)) throw this.fail(`transaction amount "${buf.slice(a, Math.min(b, a + 40))}" is not a number`, a);
        t.cents = cents;
        return;
      }
      case 'DTPOSTED':
        t.posted = compactDate(buf, a, b);
        if (t.posted === null) t.postedText = buf.slice(a, Math.min(b, a + 40));
        return;
      case 'DTUSER':
        t.user = compactDate(buf, a, b);
        if (t.user === null) t.userText = buf.slice(a, Math.min(b, a + 40));
        return;
      case 'TRNTYPE':
        t.type = known(TYPES_BY_FIRST, buf, a, b) ?? buf.slice(a, b).toUpperCase();
        return;
      case 'FITID':
        t.fitid = decodeEntities(buf.slice(a, b));
        return;
      case 'NAME':
        t.name = decodeEntities(buf.slice(a, b));
        return;
      case 'MEMO':
        t.memo = decodeEntities(buf.slice(a, b));
        return;
      case 'CHECKNUM':
        t.checknum = decodeEntities(buf.slice(a, b));
        return;
      case 'REFNUM':
        t.refnum = decodeEntities(buf.slice(a, b));
        return;
      case 'EXTDNAME':
        t.extdName = decodeEntities(buf.slice(a, b));
        return;
    }
  }

  private text(buf: string, from: number, to: number): void {
    if (this.pending === null) return;
    let a = from;
    let b = to;
    while (a < b && buf.charCodeAt(a) <= 32) a++;
    while (b > a && buf.charCodeAt(b - 1) <= 32) b--;
    if (a === b) return;
    const name = this.pending;
    this.pending = null;
    this.lastLeaf = name;
    this.at = a;
    this.leafAt(name, buf, a, b);
  }

  /**
   * A leaf whose value is buf[a, b). A transaction's numbers, dates and type are read in place;
   * everything else as text.
   */
  private leafAt(name: string, buf: string, a: number, b: number): void {
    const t = this.txn;
    if (t !== null && this.stack[this.stack.length - 1] === 'STMTTRN') this.transactionLeaf(t, name, buf, a, b);
    else this.leaf(name, decodeEntities(buf.slice(a, b)));
  }

  private open(name: string): void {
    if (this.pending !== null) {
      if (AGGREGATES.has(this.pending)) this.openAggregate(this.pending);
      else this.closePendingAsLeaf();
    }
    this.pending = name;
    this.lastLeaf = null;
  }

  private close(name: string): void {
    if (this.pending !== null) {
      const p = this.pending;
      if (p === name) {
        this.pending = null;
        this.lastLeaf = null;
        if (AGGREGATES.has(p)) {
          this.openAggregate(p);
          this.stack.pop();
          this.closeAggregate(p);
        } else this.leaf(p, '');
        return;
      }
      if (AGGREGATES.has(p)) this.openAggregate(p);
      else this.closePendingAsLeaf();
    }
    if (this.lastLeaf === name) {
      this.lastLeaf = null;
      return;
    }
    this.lastLeaf = null;
    const k = this.stack.lastIndexOf(name);
    if (k < 0) return; // a stray closing tag
    while (this.stack.length > k) this.closeAggregate(this.stack.pop()!);
  }

  private closePendingAsLeaf(): void {
    const p = this.pending!;
    this.pending = null;
    this.leaf(p, '');
  }

  private openAggregate(name: string): void {
    if (SELF_CLOSING.has(name)) {
      // An exporter that forgot a closing tag: a transaction or statement cannot contain another.
      const k = this.stack.lastIndexOf(name);
      if (k >= 0) while (this.stack.length > k) this.closeAggregate(this.stack.pop()!);
    }
    this.stack.push(name);
    switch (name) {
      case 'STMTTRNRS':
      case 'CCSTMTTRNRS':
        this.rsStatus = {};
        this.rsHadStatement = false;
        break;
      case 'STMTRS':
      case 'CCSTMTRS':
        this.stmt = { credit: name === 'CCSTMTRS', txns: [], warnings: new Warnings() };
        this.rsHadStatement = true;
        break;
      case 'STMTTRN':
        // One draft object reused for every transaction (its values are copied out at </STMTTRN>).
        this.txn = this.txnDraft;
        resetTxn(this.txnDraft);
        break;
      case 'INVSTMTRS':
        this.sawInvestment = true;
        break;
    }
  }

  private closeAggregate(name: string): void {
    switch (name) {
      case 'STMTTRN':
        if (this.txn && this.stmt) this.finishTransaction(this.txn, this.stmt);
        this.txn = null;
        break;
      case 'STMTRS':
      case 'CCSTMTRS':
        if (this.stmt) this.statements.push(this.finishStatement(this.stmt));
        this.stmt = null;
        break;
      case 'STMTTRNRS':
      case 'CCSTMTTRNRS':
        if (!this.rsHadStatement && isError(this.rsStatus)) {
          throw this.fail(`the bank answered the statement request with an error: ${describeStatus(this.rsStatus)}`, this.at);
        }
        break;
      case 'SONRS':
        if (isError(this.signon)) throw this.fail(`the bank refused the sign-on: ${describeStatus(this.signon)}`, this.at);
        break;
    }
  }

  private leaf(name: string, value: string): void {
    const parent = this.stack[this.stack.length - 1];
    if (value === '') {
      // Present but empty (<BALAMT></BALAMT>, <FITID/>): unknown, as if absent, and said in the warnings.
      // Reported by users of ofxparse (https://github.com/jseutter/ofxparse/issues/81, /pull/38).
      this.emptyElement(parent, name);
      return;
    }
    switch (parent) {
      case 'STMTTRN': {
        const t = this.txn!;
        switch (name) {
          case 'TRNTYPE': t.type = value.toUpperCase(); return;
          case 'DTPOSTED': t.posted = compactDate(value); if (t.posted === null) t.postedText = value; return;
          case 'DTUSER': t.user = compactDate(value); if (t.user === null) t.userText = value; return;
          case 'TRNAMT': t.cents = value === '' ? undefined : amountToCents(value, 0, value.length); if (Number.isNaN(t.cents)) throw this.fail(`transaction amount "${value}" is not a number`, this.at); return;
          case 'FITID': t.fitid = value; return;
          case 'CHECKNUM': t.checknum = value; return;
          case 'REFNUM': t.refnum = value; return;
          case 'NAME': t.name = value; return;
          case 'EXTDNAME': t.extdName = value; return;
          case 'MEMO': t.memo = value; return;
        }
        return;
      }
      case 'PAYEE':
        if (name === 'NAME' && this.txn) this.txn.payeeName = value;
        return;
      case 'CURRENCY':
      case 'ORIGCURRENCY':
        if (name === 'CURRATE' && this.txn) {
          this.txn.rate = value;
          this.txn.foreign = parent === 'CURRENCY';
        }
        return;
      case 'STATUS': {
        const owner = this.stack[this.stack.length - 2];
        const status = owner === 'SONRS' ? this.signon : owner === 'STMTTRNRS' || owner === 'CCSTMTTRNRS' ? this.rsStatus : null;
        if (!status) return;
        if (name === 'CODE') status.code = value;
        else if (name === 'SEVERITY') status.severity = value.toUpperCase();
        else if (name === 'MESSAGE') status.message = value;
        return;
      }
      case 'FI':
        if (name === 'ORG') this.org = value;
        else if (name === 'FID') this.fid = value;
        return;
      case 'STMTRS':
      case 'CCSTMTRS':
        if (name === 'CURDEF' && this.stmt) this.stmt.currency = value.toUpperCase();
        return;
      case 'BANKACCTFROM':
      case 'CCACCTFROM': {
        const s = this.stmt;
        if (!s) return;
        if (name === 'ACCTID') s.acctId = value;
        else if (name === 'BANKID') s.bankId = value;
        else if (name === 'BRANCHID') s.branchId = value;
        else if (name === 'ACCTTYPE') s.acctType = value.toUpperCase();
        return;
      }
      case 'BANKTRANLIST':
        if (!this.stmt) return;
        if (name === 'DTSTART') this.stmt.start = value;
        else if (name === 'DTEND') this.stmt.end = value;
        return;
      case 'LEDGERBAL':
        if (!this.stmt) return;
        if (name === 'BALAMT') this.stmt.ledgerAmount = value;
        else if (name === 'DTASOF') this.stmt.ledgerDate = value;
        return;
    }
  }

  /** An element written with no value. The ones that change what is imported say how. */
  private emptyElement(parent: string | undefined, name: string): void {
    const s = this.stmt;
    if (!s || parent === undefined) return;
    const key = `${parent}/${name}`;
    const what = key in EMPTY_CONSEQUENCES ? EMPTY_CONSEQUENCES[key] : READ_PARENTS.has(parent) && READ_ELEMENTS.has(name) ? 'unknown' : null;
    if (what) s.warnings.add(`<${name}> is empty: ${what}`, () => this.position(this.at));
  }

  private position(index: number) {
    const p = this.cursor.at(this.buf, Math.min(index, this.buf.length));
    return { ...p, offset: p.offset + this.source.bomLength };
  }

  private finishTransaction(t: TxnDraft, s: StmtDraft): void {
    const date = t.posted || t.user;
    if (!date) {
      const text = t.postedText ?? t.userText;
      if (text !== undefined) throw this.fail(`transaction date "${text}" is not a valid OFX date`, this.at);
      s.warnings.add('a transaction without a date (DTPOSTED empty or absent) is skipped', () => this.position(this.at));
      return;
    }
    if (t.cents === undefined) {
      s.warnings.add('a transaction without an amount (TRNAMT empty or absent) is skipped', () => this.position(this.at));
      return;
    }
    let amountCents = t.cents;
    if (t.foreign && t.rate) {
      // TRNAMT is in the transaction's currency; CURRATE converts it to the account's.
      const rate = Number(t.rate.replace(',', '.'));
      if (!(rate > 0) || !Number.isFinite(rate)) throw this.fail(`currency rate "${t.rate}" is not a number`, this.at);
      amountCents = Math.round(amountCents * rate);
    }
    const id = t.fitid ?? '';
    const description = describe(t);
    const reference = t.checknum || t.refnum;
    const code = t.type;
    // Each object is made whole at once (adding a key later allocates a second store for it).
    s.txns.push(
      reference
        ? code ? { id, date, amountCents, description, reference, code } : { id, date, amountCents, description, reference }
        : code ? { id, date, amountCents, description, code } : { id, date, amountCents, description },
    );
  }

  private finishStatement(s: StmtDraft): Statement {
    const acctId = s.acctId ?? '';
    if (!s.acctId) s.warnings.add(`${s.credit ? 'credit-card' : 'bank'} statement without an account number (ACCTID empty or absent): the number is unknown`, () => this.position(this.at));
    if (s.currency === undefined) s.warnings.add('no currency (CURDEF empty or absent): CAD is assumed', () => this.position(this.at));
    // Some exports write every amount without its sign; the transaction types still say which are debits.
    if (s.txns.length && s.txns.every((x) => x.amountCents >= 0) && s.txns.some((x) => x.code && OUTFLOW_TYPES.has(x.code))) {
      for (const x of s.txns) if (x.code && OUTFLOW_TYPES.has(x.code)) x.amountCents = -x.amountCents || 0;
    }
    const drafts = s.txns;
    const statement: Statement = {
      format: 'ofx',
      account: {
        number: acctId,
        kind: s.credit ? 'creditCard' : (ACCOUNT_KINDS[s.acctType ?? ''] ?? 'other'),
        currency: s.currency || 'CAD',
      },
      balances: {},
      transactions: finishTransactions(acctId, drafts),
    };
    const institution = this.org || this.fid || s.bankId;
    if (institution) statement.account.institution = institution;
    if (s.branchId) statement.account.transit = s.branchId;
    const start = s.start ? compactDate(s.start) : null;
    const end = s.end ? compactDate(s.end) : null;
    if (start && end) statement.period = { start, end };
    if (s.ledgerAmount !== undefined) {
      const amountCents = amountToCents(s.ledgerAmount, 0, s.ledgerAmount.length);
      const date = (s.ledgerDate && compactDate(s.ledgerDate)) || end || statement.transactions[statement.transactions.length - 1]?.date;
      // An optional balance some banks fill with a word ("None", https://github.com/csingley/ofxtools/issues/2):
      // the transactions stand without it.
      if (Number.isNaN(amountCents)) s.warnings.add(`ledger balance (LEDGERBAL/BALAMT) "${s.ledgerAmount.slice(0, 40)}" is not a number: the closing balance is unknown`, () => this.position(this.at));
      else if (date) statement.balances.closing = { amountCents, date };
    }
    if (s.warnings.size) statement.warnings = s.warnings.list();
    return statement;
  }
}

function resetTxn(t: TxnDraft): TxnDraft {
  t.type = undefined;
  t.posted = undefined;
  t.postedText = undefined;
  t.user = undefined;
  t.userText = undefined;
  t.cents = undefined;
  t.fitid = undefined;
  t.checknum = undefined;
  t.refnum = undefined;
  t.name = undefined;
  t.payeeName = undefined;
  t.extdName = undefined;
  t.memo = undefined;
  t.rate = undefined;
  t.foreign = undefined;
  return t;
}

/** OFX amounts in s[from, to) use '.', but some exports write a decimal comma. */
function amountToCents(s: string, from: number, to: number): number {
  // Looked for within the value only (s may be the whole buffer).
  let comma = false;
  let point = false;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === 44) comma = true;
    else if (c === 46) point = true;
  }
  if (!comma) return decimalToCents(s, 46, 0, from, to);
  return point ? decimalToCents(s, 46, 44, from, to) : decimalToCents(s, 44, 0, from, to);
}

/**
 * Words grouped by their first letter, so that one found in the text is recognised in place
 * (without cutting it out and hashing it: a statement is mostly tags) and answered as one shared
 * string object (the switches then compare by identity).
 */
function byFirstLetter(words: Iterable<string>): string[][] {
  const table: string[][] = [];
  for (const w of words) (table[w.charCodeAt(0)] ??= []).push(w);
  return table;
}

/** The word of `table` that buf[from, to) is exactly, or null. */
function known(table: string[][], buf: string, from: number, to: number): string | null {
  const candidates = table[buf.charCodeAt(from)];
  if (candidates === undefined) return null;
  const length = to - from;
  for (let k = 0; k < candidates.length; k++) {
    const w = candidates[k]!;
    if (w.length === length && buf.startsWith(w, from)) return w;
  }
  return null;
}

/** What an empty element means for the statement (others that are read: "unknown"). */
const EMPTY_CONSEQUENCES: Record<string, string | null> = {
  'STMTTRN/FITID': "the transaction's id is computed from its date, amount and description",
  'STMTTRN/NAME': 'the description is the MEMO, else the check number or type',
  'LEDGERBAL/BALAMT': 'the closing balance is unknown',
  // Reported when the transaction or statement ends, as if absent:
  'STMTTRN/TRNAMT': null,
  'STMTTRN/DTPOSTED': null,
  'STMTRS/CURDEF': null,
  'CCSTMTRS/CURDEF': null,
  'BANKACCTFROM/ACCTID': null,
  'CCACCTFROM/ACCTID': null,
};

/** Elements whose value is read, in the aggregates read (an empty one is reported). */
const READ_PARENTS = new Set(['STMTTRN', 'STMTRS', 'CCSTMTRS', 'BANKACCTFROM', 'CCACCTFROM', 'BANKTRANLIST', 'LEDGERBAL']);
const READ_ELEMENTS = new Set(['TRNTYPE', 'DTPOSTED', 'DTUSER', 'MEMO', 'CHECKNUM', 'REFNUM', 'EXTDNAME', 'CURRATE', 'BANKID', 'BRANCHID', 'ACCTTYPE', 'DTSTART', 'DTEND', 'DTASOF']);

/** OFX transaction types (TRNTYPE). */
const TYPES_BY_FIRST = byFirstLetter(['CREDIT', 'DEBIT', 'INT', 'DIV', 'FEE', 'SRVCHG', 'DEP', 'ATM', 'POS', 'XFER', 'CHECK', 'PAYMENT', 'CASH', 'DIRECTDEP', 'DIRECTDEBIT', 'REPEATPMT', 'HOLD', 'OTHER']);

/** The leaves of a transaction that transactionLeaf reads: most tags of a statement. */
const TRANSACTION_LEAVES = byFirstLetter(['TRNTYPE', 'DTPOSTED', 'DTUSER', 'TRNAMT', 'FITID', 'NAME', 'MEMO', 'CHECKNUM', 'REFNUM', 'EXTDNAME']);

/** Every element name read here. */
const KNOWN_TAGS = byFirstLetter([
  ...AGGREGATES,
  ...['TRNTYPE', 'DTPOSTED', 'DTUSER', 'DTAVAIL', 'TRNAMT', 'FITID', 'CHECKNUM', 'REFNUM', 'NAME', 'EXTDNAME', 'MEMO', 'SIC', 'PAYEEID', 'CURRATE', 'CURSYM'],
  ...['CODE', 'SEVERITY', 'MESSAGE', 'ORG', 'FID', 'TRNUID', 'DTSERVER', 'LANGUAGE', 'CURDEF', 'ACCTID', 'BANKID', 'BRANCHID', 'ACCTTYPE', 'DTSTART', 'DTEND', 'BALAMT', 'DTASOF'],
]);

/** The element name in buf[from, to): up to the first blank, upper case (OFX names are; some files are not). */
function tagName(buf: string, from: number, to: number): string {
  const exact = known(KNOWN_TAGS, buf, from, to);
  if (exact !== null) return exact;
  let a = from;
  while (a < to && buf.charCodeAt(a) <= 32) a++;
  let b = a;
  let lower = false;
  for (; b < to; b++) {
    const c = buf.charCodeAt(b);
    if (c <= 32) break;
    if (c >= 97 && c <= 122) lower = true;
  }
  const raw = buf.slice(a, b);
  return lower ? raw.toUpperCase() : raw;
}

/** NAME (or PAYEE's NAME) and MEMO, without repeating one inside the other. */
function describe(t: TxnDraft): string {
  const name = cleanText(t.name || t.payeeName || t.extdName || '');
  const memo = cleanText(t.memo || '');
  // A cheque often carries neither (https://github.com/jseutter/ofxparse/issues/162, OCA/bank-statement-import#54).
  if (!memo && !name) return t.checknum ? `${t.type ?? 'CHECK'} ${t.checknum}` : (t.type ?? '');
  if (!memo) return name;
  if (!name || memo.startsWith(name)) return memo;
  if (name.startsWith(memo)) return name;
  return `${name} ${memo}`;
}

function isError(s: Status): boolean {
  return s.code !== undefined && s.code !== '0' && s.severity !== 'INFO' && s.severity !== 'WARN';
}

function describeStatus(s: Status): string {
  const name = STATUS_NAMES[s.code ?? ''];
  return `OFX status ${s.code}${name ? ` (${name})` : ''}${s.message ? `: ${s.message}` : ''}`;
}

/** Parses a whole OFX/QFX file. */
export function parseOfx(bytes: Uint8Array, options: OfxOptions = {}): Statement[] {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 4096)).toString('latin1');
  const decoder = new StatementDecoder({ encoding: options.encoding, declared: ofxDeclaredCharset(head) });
  return feedBytes(bytes, decoder, new OfxParser(decoder), options.onProgress);
}
