/**
 * CSV (and TSV, semicolon- or pipe-separated) transaction exports.
 *
 * The text is tokenised as a stream (RFC 4180 quoting, CRLF, LF or CR line ends, quoted line breaks).
 * Interpreting the rows needs whole columns (is 03/04 the 3rd of April or the 4th of March? are
 * purchases positive?), so rows are kept as cells until the end, then:
 *
 * 1. delimiter: the candidate (`,` `;` tab `|`) giving the most rows the same number of fields;
 * 2. preset: a known bank export, by its header row or, for headerless exports, the shape of its rows;
 * 3. header: the first row naming at least two known columns (English or French); rows before it
 *    (export banners) are skipped;
 * 4. columns: the explicit mapping, else the preset's, else the header names, else the content
 *    (a date column, a description column, a signed amount column or a debit/credit pair where
 *    exactly one of the two is filled on each row, a balance column);
 * 5. date order: every date must read as a real date; YMD, MDY or DMY, whichever all dates allow;
 *    when several do, the preset's, then the one that keeps the rows in date order, then DMY for
 *    French headers, else MDY;
 * 6. decimal mark: the mark followed by one or two digits at the end of amounts (1.234,56 or 1,234.56);
 * 7. sign: a debit/credit pair or a DEBIT/CREDIT column gives it; a single amount column is signed
 *    money-in-positive unless the balance column says the reverse, or (no balance) payments are
 *    negative while most amounts are positive (the credit-card convention);
 * 8. balances: a running-balance column that decreases when money comes in is money owed (a card):
 *    it is negated so that every balance is the previous one plus the amount.
 *
 * Rows whose date cell holds no digit at all (totals, "Closing balance") are skipped; a row without a
 * date or amount that follows a transaction continues its description.
 */
import { Warnings } from './warnings.ts';
import { StatementDecoder } from './encoding.ts';
import { feedBytes, type TextParser, type TextSource } from './drive.ts';
import { finishTransactions, type DraftTransaction } from './finish.ts';
import { StatementParseError, type AccountKind, type Position, type Statement, type StatementAccount } from './model.ts';
import { cleanText } from './values.ts';
import { normalizeHeader, presetById, presetForHeader, presetForShape, type CsvColumns, type CsvPreset, type CsvPresetId, type DateOrder, type SignConvention } from './csv-presets.ts';
import { dateFromParts, dateOrders, dateParts, decimalVote, ORDER_BITS, parseDateCell, parseMoneyCell, type DateParts } from './csv-values.ts';
import { isHeaderRow, mappingFrom, mappingFromContent, mappingFromHeader, type Mapping } from './csv-columns.ts';

export type { ColumnRef, CsvColumns, CsvPresetId, DateOrder, SignConvention } from './csv-presets.ts';
export { parseDateCell, parseMoneyCell } from './csv-values.ts';

export interface CsvOptions {
  /** A bank export preset (see csv-presets.ts); otherwise recognised or detected. */
  preset?: CsvPresetId;
  /** Field separator; detected among , ; tab | otherwise. */
  delimiter?: string;
  /** Force a charset (otherwise UTF-8 when the bytes are, else windows-1252). */
  encoding?: string;
  /** Whether the file has a header row; detected otherwise. */
  header?: boolean;
  /** Rows to skip before the header or the data. */
  skipRows?: number;
  /** Order of day, month and year in dates; detected otherwise. */
  dateOrder?: DateOrder;
  /** Decimal mark; detected otherwise. */
  decimal?: '.' | ',';
  /** How a single amount column is signed; detected otherwise. */
  sign?: SignConvention;
  /** Explicit column mapping (0-based indexes or header names): wins over presets and detection. */
  columns?: CsvColumns;
  /** What the file does not say about its account (number, kind, currency, institution). */
  account?: Partial<StatementAccount>;
  onProgress?: (fraction: number) => void;
}

interface Row {
  cells: string[];
  position: Position;
}

const DELIMITERS = [',', ';', '\t', '|'];
const SAMPLE_CHARS = 1 << 16;
const MAX_ROW_CHARS = 1 << 20;

/** Tokenises CSV text into rows of cells, as a stream. */
export class CsvParser implements TextParser {
  private buf = '';
  private delimiter: number;
  private readonly rows: Row[] = [];
  /** Bytes, line and column at the start of `buf`. */
  private offset = 0;
  private line = 1;

  constructor(
    private readonly source: TextSource,
    private readonly options: CsvOptions = {},
  ) {
    this.delimiter = options.delimiter ? options.delimiter.charCodeAt(0) : -1;
  }

  write(text: string): void {
    this.buf = this.buf.length ? this.buf + text : text;
    if (this.delimiter < 0) {
      if (this.buf.length < SAMPLE_CHARS) return;
      this.delimiter = detectDelimiter(this.buf.slice(0, SAMPLE_CHARS)).charCodeAt(0);
    }
    this.tokenize(false);
  }

  end(): Statement[] {
    if (this.delimiter < 0) this.delimiter = detectDelimiter(this.buf).charCodeAt(0);
    this.tokenize(true);
    return interpret(this.rows, this.options, String.fromCharCode(this.delimiter), this.source.bomLength);
  }

  private tokenize(final: boolean): void {
    const buf = this.buf;
    const n = buf.length;
    const d = this.delimiter;
    let rowStart = 0;
    let rowLine = this.line;
    let line = this.line;
    let segStart = 0;
    let segBytes = this.offset;
    let i = 0;
    let cells: string[];
    outer: while (i < n) {
      // One row.
      rowStart = i;
      rowLine = line;
      cells = [];
      for (;;) {
        // One cell.
        let c = buf.charCodeAt(i);
        if (c === 34 /* " */) {
          let value = '';
          let from = i + 1;
          let j = from;
          for (;;) {
            const q = buf.indexOf('"', j);
            if (q < 0) {
              if (final) throw this.error('a quoted field is not closed before the end of the file', rowStart, rowLine, segStart, segBytes);
              break outer;
            }
            if (q + 1 >= n && !final) break outer;
            if (buf.charCodeAt(q + 1) === 34) {
              value += buf.slice(from, q + 1);
              j = from = q + 2;
              continue;
            }
            value += buf.slice(from, q);
            i = q + 1;
            break;
          }
          for (let k = value.indexOf('\n'); k >= 0; k = value.indexOf('\n', k + 1)) line++;
          // Text after the closing quote (lenient): kept up to the delimiter or line end.
          let k = i;
          while (k < n) {
            c = buf.charCodeAt(k);
            if (c === d || c === 10 || c === 13) break;
            k++;
          }
          if (k >= n && !final) break outer;
          if (k > i) value += buf.slice(i, k);
          i = k;
          cells.push(value);
        } else {
          let k = i;
          while (k < n) {
            c = buf.charCodeAt(k);
            if (c === d || c === 10 || c === 13) break;
            k++;
          }
          if (k >= n && !final) break outer;
          cells.push(buf.slice(i, k));
          i = k;
        }
        if (i >= n) break;
        c = buf.charCodeAt(i);
        if (c === d) {
          i++;
          if (i >= n) {
            if (!final) break outer;
            cells.push('');
            break;
          }
          continue;
        }
        // Line end: CRLF, LF or CR.
        if (c === 13) {
          if (i + 1 >= n && !final) break outer;
          i += buf.charCodeAt(i + 1) === 10 ? 2 : 1;
        } else i++;
        line++;
        break;
      }
      if (i - rowStart > MAX_ROW_CHARS) throw this.error('a row longer than 1 MB: this is not a CSV statement', rowStart, rowLine, segStart, segBytes);
      if (!(cells.length === 1 && cells[0]!.trim() === '')) {
        segBytes += this.source.measure(buf.slice(segStart, rowStart));
        segStart = rowStart;
        this.rows.push({ cells, position: { offset: segBytes + this.source.bomLength, line: rowLine, column: 1 } });
      }
      rowStart = i;
      rowLine = line;
    }
    // Keep the unfinished row for the next write.
    this.offset = segBytes + this.source.measure(buf.slice(segStart, rowStart));
    this.line = rowLine;
    this.buf = rowStart >= n ? '' : buf.slice(rowStart);
    if (this.buf.length > MAX_ROW_CHARS) throw this.error('a row longer than 1 MB: this is not a CSV statement', 0, this.line, 0, this.offset);
  }

  private error(message: string, at: number, line: number, segStart: number, segBytes: number): StatementParseError {
    const offset = segBytes + this.source.measure(this.buf.slice(segStart, at)) + this.source.bomLength;
    return new StatementParseError(message, { offset, line, column: 1 });
  }
}

/** Counts fields per line for a delimiter, minding quotes. */
function fieldCount(line: string, d: string): number {
  let count = 1;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (c === d && !quoted) count++;
  }
  return count;
}

/** The delimiter that gives the most lines the same number (at least 2) of fields. */
export function detectDelimiter(sample: string): string {
  const lines = sample.split(/\r\n|\n|\r/).filter((l) => l.trim() !== '').slice(0, 50);
  if (lines.length > 1 && sample.length >= SAMPLE_CHARS) lines.pop(); // possibly cut mid-line
  let best = ',';
  let bestScore = 0;
  for (const d of DELIMITERS) {
    const counts = new Map<number, number>();
    for (const l of lines) {
      const c = fieldCount(l, d);
      if (c > 1) counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    let score = 0;
    for (const [fields, n] of counts) if (n * 100 + fields > score) score = n * 100 + fields;
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best;
}

interface Txn {
  draft: DraftTransaction;
  row: Row;
  accountKey: string;
  accountType: string;
  currency?: string;
}

function interpret(allRows: Row[], options: CsvOptions, delimiter: string, bomLength: number): Statement[] {
  const start: Position = allRows[0]?.position ?? { offset: bomLength, line: 1, column: 1 };
  let rows = allRows.slice(Math.max(0, options.skipRows ?? 0));
  if (!rows.length) throw new StatementParseError('the CSV file has no rows', start);

  let preset: CsvPreset | undefined;
  if (options.preset) {
    preset = presetById(options.preset);
    if (!preset) throw new StatementParseError(`unknown CSV preset "${options.preset}"`, start);
  }

  // Header: the preset's, or the first row (of the first 20) that names known columns.
  let header: string[] | null = null;
  const headerAt = (() => {
    if (options.header === false) return -1;
    for (let i = 0; i < Math.min(rows.length, 20); i++) {
      const cells = rows[i]!.cells;
      const known = presetForHeader(cells);
      if (known && (!preset || preset === known)) {
        preset ??= known;
        return i;
      }
      if (!(preset?.header === null) && (options.header === true ? i === 0 : isHeaderRow(cells))) return i;
    }
    return -1;
  })();
  const presetNamed = !!preset;
  if (headerAt >= 0) {
    header = rows[headerAt]!.cells;
    rows = rows.slice(headerAt + 1);
  } else if (options.header === true) {
    throw new StatementParseError('no header row found', start);
  }
  // Banner lines before the data of a headerless export: start at the first row with the modal width.
  if (!header) {
    const width = modalWidth(rows.map((r) => r.cells));
    const first = rows.findIndex((r) => r.cells.length === width && r.cells.some((c) => dateOrders(c)));
    if (first > 0) rows = rows.slice(first);
    if (!preset && !options.columns) preset = presetForShape(rows.map((r) => r.cells));
  }
  if (!rows.length) throw new StatementParseError('the CSV file has a header but no transactions', start);
  const cells = rows.map((r) => r.cells);
  const width = Math.max(...cells.slice(0, 200).map((c) => c.length));
  const at = rows[0]!.position;

  let mapping: Mapping;
  if (options.columns) mapping = mappingFrom(options.columns, header, at);
  else if (preset) mapping = mappingFrom(preset.columns, header, at);
  else if (header) {
    mapping = mappingFromHeader(header);
    if (mapping.date < 0 || (!mapping.amount.length && mapping.debit < 0 && mapping.credit < 0)) {
      // The header names are unknown: fall back to the content for what is missing.
      const guess = mappingFromContent(cells, width);
      if (mapping.date < 0) mapping.date = guess.date;
      if (!mapping.amount.length && mapping.debit < 0 && mapping.credit < 0) {
        mapping.amount = guess.amount;
        mapping.debit = guess.debit;
        mapping.credit = guess.credit;
        if (mapping.balance < 0) mapping.balance = guess.balance;
      }
      if (!mapping.description.length) mapping.description = guess.description;
    }
  } else mapping = mappingFromContent(cells, width);

  if (mapping.date < 0) throw new StatementParseError('could not tell which column holds the dates (pass a column mapping)', at);
  if (!mapping.amount.length && mapping.debit < 0 && mapping.credit < 0) {
    throw new StatementParseError('could not tell which column holds the amounts (pass a column mapping)', at);
  }

  const dateOrder = chooseDateOrder(rows, mapping.date, options.dateOrder ?? preset?.dateOrder, header);
  const decimal = options.decimal ?? chooseDecimal(cells, mapping, delimiter);

  // Rows into transactions (amounts as written; signs settled per account below).
  const txns: Txn[] = [];
  const warnings = new Warnings();
  /** Balance rows (a date and a balance, no amount: "Opening balance"), by account. */
  const balanceRows: { accountKey: string; date: string; cents: number; before: number }[] = [];
  const typeSigned = mapping.type >= 0;
  for (const row of rows) {
    const c = row.cells;
    const cell = (j: number) => (j >= 0 ? (c[j] ?? '').trim() : '');
    const dateText = cell(mapping.date);
    const description = cleanText(mapping.description.map(cell).filter(Boolean).join(' '));
    let amount: number | null = null;
    let currency: string | undefined;
    if (mapping.amount.length) {
      for (let k = 0; k < mapping.amount.length; k++) {
        const v = parseMoneyCell(cell(mapping.amount[k]!), decimal);
        if (v === null) continue;
        if (Number.isNaN(v)) throw cellError(row, mapping.amount[k]!, `"${cell(mapping.amount[k]!)}" is not an amount`);
        amount = v;
        currency = preset?.amountCurrencies?.[k];
        break;
      }
    } else {
      const debit = parseMoneyCell(cell(mapping.debit), decimal);
      const credit = parseMoneyCell(cell(mapping.credit), decimal);
      if (debit !== null && Number.isNaN(debit)) throw cellError(row, mapping.debit, `"${cell(mapping.debit)}" is not an amount`);
      if (credit !== null && Number.isNaN(credit)) throw cellError(row, mapping.credit, `"${cell(mapping.credit)}" is not an amount`);
      if (debit !== null || credit !== null) amount = Math.abs(credit ?? 0) - Math.abs(debit ?? 0);
    }
    if (!dateText) {
      if (amount === null) {
        // A continuation line of the previous transaction's description, or an empty line.
        const prev = txns[txns.length - 1];
        if (prev && description) prev.draft.description = cleanText(`${prev.draft.description} ${description}`);
        continue;
      }
      // An amount without a date (a total, a pending line): unknown when it happened, so not a transaction.
      warnings.add('a row with an amount and no date is skipped', row.position);
      continue;
    }
    const date = parseDateCell(dateText, dateOrder);
    if (!date) {
      if (!/\d/.test(dateText)) continue; // "Total", "Closing balance": not a transaction
      throw cellError(row, mapping.date, `"${dateText}" is not a date (${dateOrder.split('').join('/')})`);
    }
    if (amount === null) {
      // A dated row without an amount: a bank's balance row ("Opening balance", "Solde reporté") when it
      // gives a balance, else a transaction whose amount is unknown. Neither is a transaction.
      const b = mapping.balance >= 0 ? parseMoneyCell(cell(mapping.balance), decimal) : null;
      if (b !== null && !Number.isNaN(b)) {
        balanceRows.push({ accountKey: mapping.account.map((j) => cell(j).replace(/^'+|'+$/g, '')).filter(Boolean).join('-'), date, cents: b, before: txns.length });
        warnings.add(`a row with a balance and no amount${description ? ` ("${description.slice(0, 40)}")` : ''} is read as a balance, not a transaction`, row.position);
      } else {
        warnings.add('a dated row without an amount is skipped', row.position);
      }
      continue;
    }
    if (typeSigned) {
      const type = normalizeHeader(cell(mapping.type));
      if (/^(debit|dr|d|db|withdrawal|retrait|debit card)$/.test(type)) amount = -Math.abs(amount) || 0;
      else if (/^(credit|cr|c|deposit|depot)$/.test(type)) amount = Math.abs(amount);
    }
    const draft: DraftTransaction = { id: cell(mapping.reference), date, amountCents: amount, description };
    if (mapping.balance >= 0) {
      const b = parseMoneyCell(cell(mapping.balance), decimal);
      if (b !== null && Number.isNaN(b)) throw cellError(row, mapping.balance, `"${cell(mapping.balance)}" is not a balance`);
      if (b !== null) draft.balanceCents = b;
    }
    const curCell = cell(mapping.currency).toUpperCase();
    txns.push({
      draft,
      row,
      accountKey: mapping.account.map((j) => cell(j).replace(/^'+|'+$/g, '')).filter(Boolean).join('-'),
      accountType: cell(mapping.accountType),
      currency: /^[A-Z]{3}$/.test(curCell) ? curCell : currency,
    });
  }
  if (!txns.length) throw new StatementParseError(balanceRows.length ? 'no transactions in the CSV file (only balance rows)' : 'no transactions in the CSV file', at);

  // One statement per account (and currency, for exports with an amount column per currency).
  const groups = new Map<string, Txn[]>();
  for (const t of txns) {
    const key = `${t.accountKey}\u0000${t.currency ?? ''}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(t);
  }
  const statements: Statement[] = [];
  for (const group of groups.values()) {
    const first = group[0]!;
    const kind: AccountKind =
      options.account?.kind ??
      (first.accountType ? preset?.kinds?.[normalizeHeader(first.accountType)] : undefined) ??
      preset?.kind ??
      (mapping.account.length && /^\d{4,6}[*xX•]+\d{3,4}$/.test(first.accountKey) ? 'creditCard' : 'chequing');
    settleSigns(group, {
      sign: options.sign ?? (options.columns ? undefined : preset?.sign),
      singleColumn: mapping.amount.length > 0 && !typeSigned,
      kind,
    });
    const number = options.account?.number ?? first.accountKey;
    const account: StatementAccount = {
      number,
      kind,
      currency: (options.account?.currency ?? first.currency ?? preset?.currency ?? 'CAD').toUpperCase(),
    };
    // A preset recognised only by the shape of its rows is a layout, not proof of the bank.
    const institution = options.account?.institution ?? (presetNamed ? preset?.institution : undefined);
    if (institution) account.institution = institution;
    if (options.account?.transit) account.transit = options.account.transit;
    if (options.account?.holder) account.holder = options.account.holder;
    const firstIndex = txns.indexOf(first);
    const transactions = finishTransactions(number, group.map((t) => t.draft));
    const statement: Statement = { format: 'csv', account, balances: {}, transactions };
    // An opening-balance row before the account's first transaction states the opening balance.
    const openingRow = balanceRows.find((r) => r.accountKey === first.accountKey && r.before <= firstIndex);
    const withBalance = transactions.filter((t) => t.balanceCents !== undefined);
    if (withBalance.length === transactions.length && transactions.length) {
      // The running balance states the balance before the first and after the last transaction.
      const firstT = transactions[0]!;
      const lastT = transactions[transactions.length - 1]!;
      const opening = firstT.balanceCents! - firstT.amountCents;
      statement.balances.opening = { amountCents: opening, date: openingRow?.cents === opening ? openingRow.date : firstT.date };
      statement.balances.closing = { amountCents: lastT.balanceCents!, date: lastT.date };
    } else if (openingRow && kind !== 'creditCard') {
      statement.balances.opening = { amountCents: openingRow.cents, date: openingRow.date };
    }
    if (warnings.size) statement.warnings = warnings.list();
    statements.push(statement);
  }
  return statements;
}

function modalWidth(rows: string[][]): number {
  const counts = new Map<number, number>();
  for (const r of rows.slice(0, 200)) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
  let best = 0;
  let bestN = -1;
  for (const [w, n] of counts) if (n > bestN || (n === bestN && w > best)) [best, bestN] = [w, n];
  return best;
}

function cellError(row: Row, column: number, message: string): StatementParseError {
  return new StatementParseError(`row at line ${row.position.line}, column ${column + 1}: ${message}`, row.position);
}

function chooseDateOrder(rows: Row[], column: number, preferred: DateOrder | undefined, header: string[] | null): DateOrder {
  let bits = 7;
  const parts: DateParts[] = [];
  for (const r of rows) {
    const v = (r.cells[column] ?? '').trim();
    if (!v || !/\d/.test(v)) continue;
    const b = dateOrders(v);
    if (!b) continue; // reported when the row is read
    const next = bits & b;
    if (next === 0) break; // contradictory dates: the row that cannot be read reports it
    bits = next;
    const p = dateParts(v);
    if (p && p.month === undefined) parts.push(p);
  }
  const allowed = (['YMD', 'MDY', 'DMY'] as DateOrder[]).filter((o) => bits & ORDER_BITS[o]);
  if (allowed.length === 1) return allowed[0]!;
  if (preferred && allowed.includes(preferred)) return preferred;
  // Several orders read every date: the one that keeps the rows in date order (either way).
  const score = (o: DateOrder) => {
    const dates = parts.map((p) => dateFromParts(p, o)).filter((d): d is string => !!d);
    let up = 0;
    let down = 0;
    for (let i = 1; i < dates.length; i++) {
      if (dates[i]! > dates[i - 1]!) up++;
      else if (dates[i]! < dates[i - 1]!) down++;
    }
    return Math.min(up, down);
  };
  const candidates = allowed.filter((o) => o !== 'YMD');
  if (candidates.length === 2) {
    const [md, dm] = [score('MDY'), score('DMY')];
    if (md !== dm) return md < dm ? 'MDY' : 'DMY';
    const french = header?.some((h) => /date (de|d)|libelle|montant|solde/.test(normalizeHeader(h)));
    return french ? 'DMY' : 'MDY';
  }
  return allowed[0] ?? preferred ?? 'YMD';
}

function chooseDecimal(cells: string[][], m: Mapping, delimiter: string): '.' | ',' {
  const cols = [...m.amount, m.debit, m.credit, m.balance].filter((j) => j >= 0);
  let vote = 0;
  for (const r of cells) for (const j of cols) if (r[j]) vote += decimalVote(r[j]);
  if (vote > 0) return '.';
  if (vote < 0) return ',';
  return delimiter === ';' ? ',' : '.';
}

const PAYMENT = /\b(payment|paiement|thank you|merci|pymt|pmt|refund|return|remboursement|credit)\b/i;

/**
 * Settles how a group's amounts and balances are signed: money in positive, and each balance the
 * previous one plus the amount.
 */
function settleSigns(group: Txn[], how: { sign?: SignConvention; singleColumn: boolean; kind: AccountKind }): void {
  const drafts = group.map((t) => t.draft);
  const chain = balanceChain(drafts);
  const owed = how.kind === 'creditCard' || how.kind === 'lineOfCredit' || how.kind === 'loan';
  let flipAmounts = false;
  if (how.singleColumn) {
    if (how.sign) flipAmounts = how.sign === 'outflowPositive';
    // The balance moves against the amounts: on a bank account the amounts are the ones written
    // the other way round; on a card, the balance (money owed shown positive).
    else if (chain < 0) flipAmounts = !owed;
    else flipAmounts = cardConvention(drafts, owed);
  }
  const flipBalances = chain * (flipAmounts ? -1 : 1) < 0;
  if (flipAmounts) for (const d of drafts) d.amountCents = d.amountCents === 0 ? 0 : -d.amountCents;
  if (flipBalances) for (const d of drafts) if (d.balanceCents !== undefined && d.balanceCents !== 0) d.balanceCents = -d.balanceCents;
}

/**
 * Purchases positive and payments negative (how card exports often write amounts): most amounts
 * positive and the negative ones payments or refunds. On an account that is not known to be a card,
 * every negative amount must be one.
 */
function cardConvention(drafts: DraftTransaction[], owed: boolean): boolean {
  let positive = 0;
  let negative = 0;
  let paymentsNegative = 0;
  let paymentsPositive = 0;
  for (const d of drafts) {
    const payment = PAYMENT.test(d.description);
    if (d.amountCents > 0) {
      positive++;
      if (payment) paymentsPositive++;
    } else if (d.amountCents < 0) {
      negative++;
      if (payment) paymentsNegative++;
    }
  }
  if (positive <= negative) return false;
  if (owed) return paymentsPositive === 0 || paymentsNegative > paymentsPositive;
  return positive >= 0.6 * drafts.length && negative > 0 && paymentsNegative === negative && paymentsPositive === 0;
}

/**
 * 1 when the running balances follow the amounts (in the document's order, whichever way it runs),
 * -1 when they move against them, 0 when there are no balances to tell.
 */
function balanceChain(d: DraftTransaction[]): number {
  let with_ = 0;
  let against = 0;
  for (let i = 1; i < d.length; i++) {
    const a = d[i - 1]!;
    const b = d[i]!;
    if (a.balanceCents === undefined || b.balanceCents === undefined) continue;
    const up = b.balanceCents - a.balanceCents; // oldest first: b = a + amount(b)
    const down = a.balanceCents - b.balanceCents; // newest first: a = b + amount(a)
    if (up === b.amountCents || down === a.amountCents) with_++;
    if (up === -b.amountCents || down === -a.amountCents) against++;
  }
  if (with_ === against) return 0;
  return with_ > against ? 1 : -1;
}

export function parseCsv(bytes: Uint8Array, options: CsvOptions = {}): Statement[] {
  const decoder = new StatementDecoder({ encoding: options.encoding, declared: options.preset === 'desjardins' ? 'windows-1252' : undefined });
  return feedBytes(bytes, decoder, new CsvParser(decoder, options), options.onProgress);
}
