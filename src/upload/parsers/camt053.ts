/**
 * ISO 20022 CAMT.053 bank-to-customer statements, versions 001.02 to 001.08 (later versions are
 * read with the same rules), streamed through a SAX parser: no document tree is built.
 *
 * - Every `Stmt` is one Statement: account from `Acct` (IBAN or other id, currency, owner, servicer
 *   BIC), opening balance OPBD (or PRCD), closing balance CLBD, period from `FrToDt`.
 * - Every booked `Ntry` is a transaction (status BOOK, or no status; PDNG and INFO entries are
 *   left out: they are not on the statement). Its booking date is `BookgDt`, else `ValDt`.
 * - A batched entry (`NtryDtls` with several `TxDtls`) is split into one transaction per `TxDtls`
 *   when each gives its amount and they add up to the entry's amount; otherwise it stays one.
 * - Version differences handled: `Sts` as a code (up to .05) or `Sts/Cd` (.06+), `BIC` or `BICFI`,
 *   `Dt` or `DtTm`, party names directly or under `Pty` (.08), `TxDtls/Amt` or `AmtDtls`.
 * - Description: the counterparty's name and the unstructured remittance (`Ustrd`, else the
 *   structured creditor reference), else `AddtlTxInf`, else `AddtlNtryInf`, else the bank's code.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { StatementDecoder } from './encoding.ts';
import { feedBytes, type TextParser, type TextSource } from './drive.ts';
import { finishTransactions, type DraftTransaction } from './finish.ts';
import { Warnings } from './warnings.ts';
import { StatementParseError, type AccountKind, type Balance, type Position, type Statement } from './model.ts';
import { cleanText, compactDate, decimalToCents } from './values.ts';

export interface Camt053Options {
  encoding?: string;
  onProgress?: (fraction: number) => void;
}

const KINDS: Record<string, AccountKind> = {
  CACC: 'chequing',
  TRAN: 'chequing',
  CASH: 'chequing',
  SVGS: 'savings',
  MOMA: 'savings',
  CARD: 'creditCard',
  LOAN: 'loan',
  ODFT: 'lineOfCredit',
};

interface Party {
  name?: string;
  account?: string;
  institution?: string;
}

interface TxDraft {
  ref?: string;
  endToEnd?: string;
  txId?: string;
  cheque?: string;
  amount?: string;
  amountDetail?: string;
  mark?: string;
  debtor: Party;
  creditor: Party;
  remittance: string[];
  creditorRef?: string;
  additional?: string;
  code?: string;
}

interface EntryDraft {
  ref?: string;
  svcrRef?: string;
  amount?: string;
  currency?: string;
  mark?: string;
  status?: string;
  booking?: string;
  value?: string;
  domain?: string;
  family?: string;
  subFamily?: string;
  proprietary?: string;
  additional?: string;
  txs: TxDraft[];
}

interface StmtDraft {
  id?: string;
  iban?: string;
  other?: string;
  type?: string;
  currency?: string;
  owner?: string;
  bic?: string;
  servicerName?: string;
  clearing?: string;
  from?: string;
  to?: string;
  balances: BalDraft[];
  opening?: Balance;
  previousClosing?: Balance;
  closing?: Balance;
  drafts: DraftTransaction[];
  warnings: Warnings;
}

interface BalDraft {
  code?: string;
  amount?: string;
  currency?: string;
  mark?: string;
  date?: string;
}

/** Charset named by an XML declaration. */
export function xmlDeclaredCharset(head: string): string | null {
  return /<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/i.exec(head)?.[1] ?? null;
}

export class Camt053Parser implements TextParser {
  private readonly sax = new SaxesParser<{ xmlns: false; position: true }>({ xmlns: false, position: true });
  private readonly path: string[] = [];
  private text = '';
  private hadChild = false;
  private rootSeen = false;
  private version: string | null = null;
  private stmt: StmtDraft | null = null;
  private stmtDepth = -1;
  private bal: BalDraft | null = null;
  private balDepth = -1;
  private entry: EntryDraft | null = null;
  private entryDepth = -1;
  private tx: TxDraft | null = null;
  private txDepth = -1;
  private amountCurrency: string | undefined;
  private readonly statements: Statement[] = [];
  /** The text given to the last write, where it starts (in characters and bytes), for error positions. */
  private chunk = '';
  private chunkChar = 0;
  private chunkByte = 0;
  private charsFed = 0;
  private bytesFed = 0;

  constructor(private readonly source: TextSource) {
    this.sax.on('error', (err) => {
      throw new StatementParseError(`malformed XML: ${err.message.replace(/^\d+:\d+:\s*/, '')}`, this.here());
    });
    this.sax.on('opentag', (tag) => this.open(tag));
    this.sax.on('closetag', () => this.close());
    this.sax.on('text', (t) => {
      this.text += t;
    });
    this.sax.on('cdata', (t) => {
      this.text += t;
    });
  }

  write(text: string): void {
    this.chunk = text;
    this.chunkChar = this.charsFed;
    this.chunkByte = this.bytesFed;
    this.charsFed += text.length;
    this.bytesFed += this.source.measure(text);
    this.sax.write(text);
  }

  end(): Statement[] {
    this.sax.close();
    if (!this.rootSeen) throw new StatementParseError('not a CAMT.053 document: no XML element', { offset: this.source.bomLength, line: 1, column: 1 });
    if (!this.statements.length) throw new StatementParseError('CAMT.053 document without any statement (Stmt)', this.here());
    return this.statements;
  }

  /** Where the SAX parser is: byte offset, line and column. */
  private here(): Position {
    const pos = this.sax.position;
    let offset = this.chunkByte;
    if (pos >= this.chunkChar) offset += this.source.measure(this.chunk.slice(0, pos - this.chunkChar));
    return { offset: offset + this.source.bomLength, line: this.sax.line, column: this.sax.column + 1 };
  }

  /** Errors about an element are found at its closing tag, and name that place. */
  private fail(message: string): never {
    throw new StatementParseError(message, this.here());
  }

  private open(tag: SaxesTagPlain): void {
    const name = localName(tag.name);
    const depth = this.path.length;
    if (!this.rootSeen) {
      this.rootSeen = true;
      const ns = tag.attributes.xmlns ?? Object.entries(tag.attributes).find(([k]) => k.startsWith('xmlns:'))?.[1] ?? '';
      const kind = /camt\.(\d{3})\.001\.(\d{2})/.exec(ns);
      if (kind && kind[1] !== '053') {
        this.fail(`camt.${kind[1]} is not supported: only camt.053 statements are (camt.052 reports and camt.054 notifications are not statements)`);
      }
      if (name !== 'Document' && name !== 'BkToCstmrStmt') this.fail(`not a CAMT.053 document: the root element is <${tag.name}>`);
      this.version = kind?.[2] ?? null;
    }
    this.path.push(name);
    this.text = '';
    this.hadChild = false;
    this.amountCurrency = undefined;
    switch (name) {
      case 'Stmt':
        if (this.path[depth - 1] === 'BkToCstmrStmt') {
          this.stmt = { balances: [], drafts: [], warnings: new Warnings() };
          this.stmtDepth = depth;
        }
        break;
      case 'Bal':
        if (this.stmt && depth === this.stmtDepth + 1) {
          this.bal = {};
          this.balDepth = depth;
        }
        break;
      case 'Ntry':
        if (this.stmt && depth === this.stmtDepth + 1) {
          this.entry = { txs: [] };
          this.entryDepth = depth;
        }
        break;
      case 'TxDtls':
        if (this.entry && this.path[depth - 1] === 'NtryDtls') {
          this.tx = { debtor: {}, creditor: {}, remittance: [] };
          this.entry.txs.push(this.tx);
          this.txDepth = depth;
        }
        break;
      case 'Amt':
        this.amountCurrency = tag.attributes.Ccy;
        break;
    }
  }

  private close(): void {
    const depth = this.path.length - 1;
    const name = this.path[depth]!;
    const leaf = !this.hadChild;
    const value = leaf ? this.text.trim() : '';
    this.text = '';
    if (leaf) this.leaf(depth, value);
    if (depth === this.txDepth && name === 'TxDtls') {
      this.tx = null;
      this.txDepth = -1;
    } else if (depth === this.entryDepth && name === 'Ntry') {
      this.finishEntry(this.entry!);
      this.entry = null;
      this.entryDepth = -1;
    } else if (depth === this.balDepth && name === 'Bal') {
      this.finishBalance(this.bal!, this.stmt!);
      this.bal = null;
      this.balDepth = -1;
    } else if (depth === this.stmtDepth && name === 'Stmt') {
      this.statements.push(this.finishStatement(this.stmt!));
      this.stmt = null;
      this.stmtDepth = -1;
    }
    this.path.pop();
    this.hadChild = true; // for the parent: it has (had) a child element
  }

  /** The path below `anchor` (an index into `path`), without the `Pty` level that .08 added. */
  private rel(anchor: number, depth: number): string {
    let out = '';
    for (let i = anchor + 1; i <= depth; i++) {
      const p = this.path[i]!;
      if (p === 'Pty') continue;
      out = out ? `${out}/${p}` : p;
    }
    return out;
  }

  private leaf(depth: number, value: string): void {
    if (this.tx) return this.txLeaf(this.rel(this.txDepth, depth), value);
    if (this.entry) return this.entryLeaf(this.rel(this.entryDepth, depth), value);
    if (this.bal) {
      const b = this.bal;
      switch (this.rel(this.balDepth, depth)) {
        case 'Tp/CdOrPrtry/Cd':
        case 'Tp/Cd':
          b.code = value.toUpperCase();
          break;
        case 'Tp/CdOrPrtry/Prtry':
        case 'Tp/Prtry':
          b.code ??= value.toUpperCase();
          break;
        case 'Amt':
          b.amount = value;
          b.currency = this.amountCurrency;
          break;
        case 'CdtDbtInd':
          b.mark = value;
          break;
        case 'Dt/Dt':
        case 'Dt/DtTm':
          b.date = value;
          break;
      }
      return;
    }
    if (this.stmt) {
      const s = this.stmt;
      switch (this.rel(this.stmtDepth, depth)) {
        case 'Id':
          s.id = value;
          break;
        case 'FrToDt/FrDtTm':
          s.from = value;
          break;
        case 'FrToDt/ToDtTm':
          s.to = value;
          break;
        case 'Acct/Id/IBAN':
          s.iban = value;
          break;
        case 'Acct/Id/Othr/Id':
          s.other = value;
          break;
        case 'Acct/Tp/Cd':
          s.type = value.toUpperCase();
          break;
        case 'Acct/Ccy':
          if (value) s.currency = value.toUpperCase();
          break;
        case 'Acct/Ownr/Nm':
          s.owner = value;
          break;
        case 'Acct/Svcr/FinInstnId/BIC':
        case 'Acct/Svcr/FinInstnId/BICFI':
          s.bic = value;
          break;
        case 'Acct/Svcr/FinInstnId/Nm':
          s.servicerName = value;
          break;
        case 'Acct/Svcr/FinInstnId/ClrSysMmbId/MmbId':
          s.clearing = value;
          break;
      }
    }
  }

  private entryLeaf(rel: string, value: string): void {
    const e = this.entry!;
    switch (rel) {
      case 'NtryRef':
        e.ref = value;
        break;
      case 'Amt':
        e.amount = value;
        e.currency = this.amountCurrency;
        break;
      case 'CdtDbtInd':
        e.mark = value;
        break;
      case 'Sts':
      case 'Sts/Cd':
      case 'Sts/Prtry':
        e.status = value.toUpperCase();
        break;
      case 'BookgDt/Dt':
      case 'BookgDt/DtTm':
        e.booking = value;
        break;
      case 'ValDt/Dt':
      case 'ValDt/DtTm':
        e.value = value;
        break;
      case 'AcctSvcrRef':
        e.svcrRef = value;
        break;
      case 'BkTxCd/Domn/Cd':
        e.domain = value;
        break;
      case 'BkTxCd/Domn/Fmly/Cd':
        e.family = value;
        break;
      case 'BkTxCd/Domn/Fmly/SubFmlyCd':
        e.subFamily = value;
        break;
      case 'BkTxCd/Prtry/Cd':
        e.proprietary = value;
        break;
      case 'AddtlNtryInf':
        e.additional = value;
        break;
    }
  }

  private txLeaf(rel: string, value: string): void {
    const t = this.tx!;
    switch (rel) {
      case 'Refs/AcctSvcrRef':
        t.ref = value;
        break;
      case 'Refs/EndToEndId':
        t.endToEnd = value;
        break;
      case 'Refs/TxId':
        t.txId = value;
        break;
      case 'Refs/ChqNb':
        t.cheque = value;
        break;
      case 'Amt':
        t.amount = value;
        break;
      case 'AmtDtls/TxAmt/Amt':
        t.amountDetail = value;
        break;
      case 'AmtDtls/InstdAmt/Amt':
        t.amountDetail ??= value;
        break;
      case 'CdtDbtInd':
        t.mark = value;
        break;
      case 'RltdPties/Dbtr/Nm':
        t.debtor.name = value;
        break;
      case 'RltdPties/Cdtr/Nm':
        t.creditor.name = value;
        break;
      case 'RltdPties/DbtrAcct/Id/IBAN':
      case 'RltdPties/DbtrAcct/Id/Othr/Id':
        t.debtor.account ??= value;
        break;
      case 'RltdPties/CdtrAcct/Id/IBAN':
      case 'RltdPties/CdtrAcct/Id/Othr/Id':
        t.creditor.account ??= value;
        break;
      case 'RltdAgts/DbtrAgt/FinInstnId/BIC':
      case 'RltdAgts/DbtrAgt/FinInstnId/BICFI':
        t.debtor.institution = value;
        break;
      case 'RltdAgts/CdtrAgt/FinInstnId/BIC':
      case 'RltdAgts/CdtrAgt/FinInstnId/BICFI':
        t.creditor.institution = value;
        break;
      case 'RmtInf/Ustrd':
        t.remittance.push(value);
        break;
      case 'RmtInf/Strd/CdtrRefInf/Ref':
        t.creditorRef = value;
        break;
      case 'AddtlTxInf':
        t.additional = value;
        break;
      case 'BkTxCd/Domn/Cd':
      case 'BkTxCd/Prtry/Cd':
        t.code ??= value;
        break;
    }
  }

  private finishEntry(e: EntryDraft): void {
    if (e.status && e.status !== 'BOOK') return;
    const s = this.stmt!;
    // Blank or absent, a value the entry cannot do without makes it unknown: skipped, and said.
    const dateText = e.booking || e.value;
    if (!dateText) return s.warnings.add('an entry (Ntry) without a booking or value date is skipped', this.here());
    const date = compactDate(dateText);
    if (!date) this.fail(`entry booking date "${dateText}" is not a valid ISO date`);
    const valueDate = e.value ? compactDate(e.value) : null;
    if (!e.amount) return s.warnings.add('an entry (Ntry) without an amount (Amt) is skipped', this.here());
    const cents = this.amountCents(e.amount, 'entry amount (Amt)');
    if (!e.mark) return s.warnings.add('an entry (Ntry) without a credit/debit indicator (CdtDbtInd) is skipped', this.here());
    const sign = this.markSign(e.mark, 'entry');
    const total = sign * cents || 0; // never -0
    const code = [e.domain, e.family, e.subFamily].filter(Boolean).join('/') || e.proprietary;
    if (e.currency) s.currency ??= e.currency.toUpperCase();
    const parts = this.splitBatch(e, sign, total);
    if (parts) {
      parts.forEach(({ tx, cents: c }, i) => {
        const d = this.draft(tx.ref ?? (e.svcrRef ? `${e.svcrRef}/${i + 1}` : e.ref ? `${e.ref}/${i + 1}` : ''), date, c, describeTx(tx, c, e), tx, code);
        if (valueDate && valueDate !== date) d.valueDate = valueDate;
        s.drafts.push(d);
      });
      return;
    }
    const only = e.txs.length === 1 ? e.txs[0]! : undefined;
    let description = only ? describeTx(only, total, e) : cleanText(e.additional ?? '') || code || '';
    if (e.txs.length > 1 && !e.additional) description = `${description || 'Batch'} (${e.txs.length} transactions)`.trim();
    const d = this.draft(e.svcrRef ?? e.ref ?? only?.ref ?? '', date, total, description, only, code);
    if (valueDate && valueDate !== date) d.valueDate = valueDate;
    s.drafts.push(d);
  }

  /** The batch's own transactions, when each has an amount and together they make the entry's. */
  private splitBatch(e: EntryDraft, sign: number, total: number): { tx: TxDraft; cents: number }[] | null {
    if (e.txs.length < 2) return null;
    const parts: { tx: TxDraft; cents: number }[] = [];
    let sum = 0;
    for (const tx of e.txs) {
      const text = tx.amount ?? tx.amountDetail;
      if (!text) return null;
      const c = decimalToCents(text);
      if (Number.isNaN(c)) return null;
      const s = tx.mark === 'CRDT' ? 1 : tx.mark === 'DBIT' ? -1 : sign;
      parts.push({ tx, cents: s * c || 0 });
      sum += s * c;
    }
    return sum === total ? parts : null;
  }

  private draft(ownId: string, date: string, cents: number, description: string, tx: TxDraft | undefined, code: string | undefined): DraftTransaction {
    const d: DraftTransaction = { id: ownId, date, amountCents: cents, description };
    if (tx) {
      const reference = tx.cheque ?? usefulRef(tx.endToEnd) ?? usefulRef(tx.txId);
      if (reference && reference !== ownId) d.reference = reference;
      const party = cents >= 0 ? tx.debtor : tx.creditor;
      if (party.name || party.account || party.institution) d.counterparty = { ...party };
    }
    const c = tx?.code ?? code;
    if (c) d.code = c;
    return d;
  }

  private finishBalance(b: BalDraft, s: StmtDraft): void {
    if (b.code !== 'OPBD' && b.code !== 'PRCD' && b.code !== 'CLBD') return;
    if (!b.amount || !b.mark || !b.date) {
      const missing = [!b.amount && 'amount (Amt)', !b.mark && 'credit/debit indicator', !b.date && 'date'].filter(Boolean).join(', ');
      return s.warnings.add(`balance ${b.code} without ${missing}: it is unknown`, this.here());
    }
    const cents = this.amountCents(b.amount, `balance ${b.code} amount`);
    const date = b.date ? compactDate(b.date) : null;
    if (!date) this.fail(`balance ${b.code} without a valid date`);
    const balance = { amountCents: this.markSign(b.mark, `balance ${b.code}`) * cents || 0, date };
    if (b.currency) s.currency ??= b.currency.toUpperCase();
    if (b.code === 'OPBD') s.opening = balance;
    else if (b.code === 'PRCD') s.previousClosing = balance;
    else s.closing = balance;
  }

  private amountCents(text: string | undefined, what: string): number {
    if (!text) this.fail(`${what} is missing`);
    const c = decimalToCents(text);
    if (Number.isNaN(c) || c < 0) this.fail(`${what} "${text}" is not an amount`);
    return c;
  }

  private markSign(mark: string | undefined, what: string): 1 | -1 {
    if (mark === 'CRDT') return 1;
    if (mark === 'DBIT') return -1;
    return this.fail(`${what} has no credit/debit indicator (CdtDbtInd CRDT or DBIT)${mark ? `: "${mark}"` : ''}`);
  }

  private finishStatement(s: StmtDraft): Statement {
    const number = s.iban || s.other || '';
    if (!number) s.warnings.add('statement (Stmt) without an account id (Acct/Id/IBAN or Acct/Id/Othr/Id blank or absent): the number is unknown', this.here());
    if (!s.currency) s.warnings.add('no currency (Acct/Ccy, or Ccy on a balance or an entry): CAD is assumed', this.here());
    const { opening, previousClosing, closing } = s;
    const statement: Statement = {
      format: 'camt053',
      account: { number, kind: KINDS[s.type ?? ''] ?? 'chequing', currency: s.currency ?? 'CAD' },
      balances: {},
      transactions: finishTransactions(number, s.drafts),
    };
    const institution = s.bic || s.servicerName || s.clearing;
    if (institution) statement.account.institution = institution;
    if (s.owner) statement.account.holder = s.owner;
    if (opening ?? previousClosing) statement.balances.opening = (opening ?? previousClosing)!;
    if (closing) statement.balances.closing = closing;
    const from = s.from ? compactDate(s.from) : null;
    const to = s.to ? compactDate(s.to) : null;
    if (from && to) statement.period = { start: from, end: to };
    if (s.warnings.size) statement.warnings = s.warnings.list();
    return statement;
  }

  /** Version of the camt.053 namespace ("02" to "08"), when the document names one. */
  get namespaceVersion(): string | null {
    return this.version;
  }
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

function usefulRef(ref: string | undefined): string | undefined {
  return ref && ref !== 'NOTPROVIDED' && ref !== 'NONREF' ? ref : undefined;
}

/** Counterparty and remittance of one transaction, with the entry's texts as fallbacks. */
function describeTx(tx: TxDraft, cents: number, e: EntryDraft): string {
  const party = cents >= 0 ? tx.debtor : tx.creditor;
  const remittance = tx.remittance.length ? tx.remittance.join(' ') : (tx.creditorRef ?? '');
  const text = cleanText([party.name ?? '', remittance].filter(Boolean).join(' '));
  return text || cleanText(tx.additional ?? '') || cleanText(e.additional ?? '') || tx.code || [e.domain, e.family, e.subFamily].filter(Boolean).join('/') || e.proprietary || '';
}

export function parseCamt053(bytes: Uint8Array, options: Camt053Options = {}): Statement[] {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024)).toString('latin1');
  const decoder = new StatementDecoder({ encoding: options.encoding, declared: xmlDeclaredCharset(head) });
  return feedBytes(bytes, decoder, new Camt053Parser(decoder), options.onProgress);
}
