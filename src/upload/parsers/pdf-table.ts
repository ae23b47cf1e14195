/**
 * Rebuilds statements from the lines of a PDF's text layer (pure).
 *
 * 1. Facts outside the table: institution (the largest text of the first page), account
 *    number, transit, currency, title, holder, period, opening and closing balances, each found
 *    by its label (English or French) with its value to the right or just below.
 * 2. The table: a header line naming a date column and amount columns (debit/credit, or one
 *    signed amount column) and a balance column, found again on every page. Each value cell goes
 *    to the column it lines up with; a line with a date starts a transaction, a line with only
 *    text continues the description above it, a line with amounts and no date is another
 *    transaction of the same day (or the amounts of a description that began above).
 * 3. The balance chain: opening + each amount must give the printed running balance. It decides
 *    what the page leaves open (a credit card's balance grows with purchases; an unsigned amount
 *    column is signed by the balance's move) and what does not reconcile is reported, never
 *    silently corrected: a misread and an edited amount look the same from here.
 */
import { createHash } from 'node:crypto';
import type { AccountKind, Statement, StatementTransaction } from './model.ts';
import { StatementParseError } from './model.ts';
import type { Cell, Line } from './pdf-layout.ts';
import { datesInText, fold, isoOf, numericOrderOf, parseAmount, parseDate, signedCents, type LooseDate, type NumericOrder, type ParsedAmount } from './pdf-values.ts';

type Role = 'date' | 'date2' | 'description' | 'debit' | 'credit' | 'amount' | 'balance';

interface Column {
  role: Role;
  x0: number;
  x1: number;
}

/** Where each value of a transaction was printed (for the fraud signals). */
export interface RowSource {
  page: number;
  y: number;
  date: Cell | null;
  description: Cell[];
  amount: Cell | null;
  balance: Cell | null;
}

export interface ChainBreak {
  /** Index in the statement's transactions (chronological order). */
  index: number;
  page: number;
  date: string;
  expectedCents: number;
  printedCents: number;
}

/** A statement with what the parser saw on the way, for the consistency and fraud checks. */
export interface PdfStatementReading {
  statement: Statement;
  /** Parallel to statement.transactions. */
  sources: RowSource[];
  /** Rows where the printed running balance does not follow from the one before. */
  breaks: ChainBreak[];
  /** Opening + transactions does not give the printed closing balance (difference in cents). */
  closingMismatchCents: number | null;
  /** Dated rows without any amount, or rows without a balance where the others have one. */
  incompleteRows: { page: number; text: string }[];
  /** The document says the period had no transactions ("No transactions this period"). */
  statedNoTransactions: boolean;
  /** Pages on which this statement's table appears. */
  pages: number[];
  /** Header cells of account facts (account number, holder...), for the font checks. */
  factCells: Cell[];
}

// ------------------------------------------------------------------------------ vocabulary

const HEADER_WORDS: [Role, RegExp][] = [
  ['balance', /^(?:balance|solde|running balance|daily balance|balance \(\$\)|solde \(\$\))$|\bbalance\b|^solde\b/],
  ['amount', /^(?:amount|montant|amount \(\$\)|montant \(\$\)|transaction amount|montant de l'operation)$/],
  ['date2', /^(?:posting date|posted|post date|date of posting|date d'inscription|date de report|inscription)$/],
  ['date', /^(?:date|transaction date|trans\.? date|date de l'operation|date de transaction|date d'operation|jour)$/],
  ['description', /^(?:description|details|detail|transaction details|particulars|transaction|transactions|libelle|operation|operations|description de l'operation|details de l'operation)$/],
  ['credit', /\b(?:deposits?|credits?|money in|paid in|payments? (?:and|&) credits|depots?|versements?|paiements?)\b/],
  ['debit', /\b(?:withdrawals?|debits?|cheques? (?:and|&) debits|money out|paid out|charges?|purchases?|retraits?|achats?)\b/],
];

function roleOf(text: string): Role | null {
  const t = fold(text).replace(/[:*]+$/, '').trim();
  if (t.length > 40) return null;
  for (const [role, re] of HEADER_WORDS) if (re.test(t)) return role;
  return null;
}

const OPENING = /^(?:opening balance|balance forward|previous balance|beginning balance|starting balance|balance brought forward|balance carried forward|solde d'ouverture|solde precedent|solde anterieur|solde reporte|solde au debut|ancien solde|solde initial|solde d'ouverture)\b/;
const CLOSING = /^(?:closing balance|ending balance|new balance|final balance|balance at end|solde de cloture|nouveau solde|solde final|solde a la fin|solde de fermeture)\b/;
const NO_TRANSACTIONS = /^(?:no transactions?|no activity|aucune (?:operation|transaction|activite))/;
const TOTALS = /^(?:total|totals|totaux|sous-total|subtotal|sub-total)\b/;

const FACT_LABELS: [keyof Facts, RegExp][] = [
  ['accountNumber', /^(?:account number|account no\.?|account #|acct\.? no\.?|card number|numero de compte|no de compte|n° de compte|compte n°|compte no|numero de carte)$/],
  ['transit', /^(?:transit number|transit|branch transit|branch|numero de transit|transit no\.?|succursale)$/],
  ['currency', /^(?:currency|devise)$/],
  ['title', /^(?:account|account type|compte|type de compte|product|produit)$/],
  ['holder', /^(?:account holder|titulaire du compte|titulaire|account owner|name|nom)$/],
  ['opening', OPENING],
  ['closing', CLOSING],
  ['period', /^(?:statement period|period|periode|periode du releve|for the period)$/],
];

interface Facts {
  accountNumber?: string;
  transit?: string;
  currency?: string;
  title?: string;
  holder?: string;
  opening?: string;
  closing?: string;
  period?: string;
}

// ------------------------------------------------------------------------------ entry point

export function readStatementsFromLines(linesByPage: Line[][], opts: { author?: string } = {}): PdfStatementReading[] {
  const all = linesByPage.flat();
  if (all.length === 0) {
    throw new StatementParseError('the PDF has no text layer (a scanned image?); only PDFs with text can be read', { offset: 0 });
  }
  const french = looksFrench(all);
  const order = numericOrderOf(all.flatMap((l) => l.cells.map((c) => c.text)), french);

  const readings: PdfStatementReading[] = [];
  let current: Builder | null = null;
  let sawHeader = false;
  for (const lines of linesByPage) {
    if (lines.length === 0) continue;
    const headerIndex = lines.findIndex((l) => headerColumns(l) !== null);
    const facts = collectFacts(headerIndex >= 0 ? lines.slice(0, headerIndex) : lines, order);
    const newAccount = facts.values.accountNumber !== undefined && current !== null && current.facts.accountNumber !== undefined && normalizeNumber(facts.values.accountNumber) !== normalizeNumber(current.facts.accountNumber);
    if (current === null || newAccount) {
      if (current) readings.push(current.finish());
      current = new Builder(institutionOf(lines, opts.author));
    }
    current.addFacts(facts);
    if (current.headerText === '') current.headerText = (headerIndex >= 0 ? lines.slice(0, headerIndex) : lines).map((l) => l.cells.map((c) => c.text).join(' ')).join(' ');
    if (headerIndex < 0) continue;
    sawHeader = true;
    const columns = headerColumns(lines[headerIndex]!)!;
    current.pages.add(lines[headerIndex]!.page);
    current.readTable(lines.slice(headerIndex + 1), columns, order);
    // Facts printed below the table (a closing summary) still count.
    current.addFacts(collectFacts(lines.slice(headerIndex + 1), order));
  }
  if (!sawHeader || !current) {
    throw new StatementParseError('no transaction table found: no line names a date column and amount or balance columns', { offset: 0 });
  }
  readings.push(current.finish());
  return readings;
}

// ------------------------------------------------------------------------------ table header

function headerColumns(line: Line): Column[] | null {
  if (line.cells.length < 3) return null;
  const cols: Column[] = [];
  for (const c of line.cells) {
    const role = roleOf(c.text);
    if (!role) {
      // A header line has nothing but column names.
      if (c.text.length > 2) return null;
      continue;
    }
    const r = role === 'date' && cols.some((x) => x.role === 'date') ? 'date2' : role;
    cols.push({ role: r, x0: c.x0, x1: c.x1 });
  }
  const has = (r: Role) => cols.some((c) => c.role === r);
  if (!has('date')) return null;
  if (!(has('balance') || has('amount') || has('debit') || has('credit'))) return null;
  if (!(has('amount') || has('debit') || has('credit'))) return null;
  if (cols.length < 3) return null;
  return cols.sort((a, b) => a.x0 - b.x0);
}

const NUMERIC: Role[] = ['debit', 'credit', 'amount', 'balance'];

/** The numeric column a value cell lines up with: right edges for right-aligned, left edges otherwise. */
function numericColumn(cell: Cell, columns: Column[]): Column | null {
  let best: Column | null = null;
  let bestDistance = Infinity;
  for (const col of columns) {
    if (!NUMERIC.includes(col.role)) continue;
    const d = Math.min(Math.abs(cell.x1 - col.x1), Math.abs(cell.x0 - col.x0), Math.abs((cell.x0 + cell.x1) / 2 - (col.x0 + col.x1) / 2));
    if (d < bestDistance) {
      bestDistance = d;
      best = col;
    }
  }
  if (!best) return null;
  const width = Math.max(best.x1 - best.x0, cell.x1 - cell.x0, 30);
  return bestDistance <= width ? best : null;
}

// ------------------------------------------------------------------------------ facts

interface FactHits {
  values: Facts;
  cells: Cell[];
  periodDates: LooseDate[];
}

function collectFacts(lines: Line[], order: NumericOrder): FactHits {
  const values: Facts = {};
  const cells: Cell[] = [];
  let periodDates: LooseDate[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    for (let j = 0; j < line.cells.length; j++) {
      const cell = line.cells[j]!;
      const label = fold(cell.text).replace(/[:*]+$/, '').trim();
      // "Account number: 1234" in one run
      const inline = /^([^:]{3,40}):\s*(.+)$/.exec(cell.text);
      for (const [key, re] of FACT_LABELS) {
        if (values[key] !== undefined) continue;
        let value: Cell | null = null;
        if (re.test(label)) value = line.cells[j + 1] ?? below(lines, i, cell);
        else if (inline && re.test(fold(inline[1]!))) value = { ...cell, text: inline[2]!.trim() };
        if (!value) continue;
        values[key] = value.text;
        cells.push(value);
      }
    }
    if (periodDates.length < 2) {
      const text = line.cells.map((c) => c.text).join(' ');
      const dates = datesInText(text, order);
      const f = fold(text);
      if (dates.length === 2 && (/\b(?:to|au|through|thru|from|du|period|periode)\b|[-–]/.test(f))) periodDates = dates;
    }
  }
  if (values.period && periodDates.length < 2) {
    const d = datesInText(values.period, order);
    if (d.length === 2) periodDates = d;
  }
  return { values, cells, periodDates };
}

/** The value printed under a label (same left edge, next line). */
function below(lines: Line[], i: number, label: Cell): Cell | null {
  for (let k = i + 1; k < lines.length && label.y - lines[k]!.y <= 2.6 * Math.max(label.size, lines[k]!.size); k++) {
    const hit = lines[k]!.cells.find((c) => Math.abs(c.x0 - label.x0) <= 3);
    if (hit) return hit;
  }
  return null;
}

function institutionOf(lines: Line[], author: string | undefined): string | undefined {
  // The largest text near the top of the first page: banks print their name in their letterhead.
  const top = lines.slice(0, 12).flatMap((l) => l.cells);
  if (top.length === 0) return author;
  const sizes = lines.flatMap((l) => l.cells.map((c) => c.size)).sort((a, b) => a - b);
  const median = sizes[Math.floor(sizes.length / 2)]!;
  const biggest = top.reduce((a, b) => (b.size > a.size ? b : a));
  if (biggest.size >= 1.4 * median && /\p{L}/u.test(biggest.text) && roleOf(biggest.text) === null) return biggest.text;
  return author;
}

function looksFrench(lines: Line[]): boolean {
  let fr = 0;
  let en = 0;
  for (const l of lines) {
    for (const c of l.cells) {
      const t = fold(c.text);
      if (/\b(?:solde|releve|compte|depots?|retraits?|titulaire|devise|periode|janvier|fevrier|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)\b/.test(t)) fr++;
      if (/\b(?:balance|statement|account|deposits?|withdrawals?|holder|currency|period|january|february|april|june|july|august|september|october|november|december)\b/.test(t)) en++;
    }
  }
  return fr > en;
}

function normalizeNumber(n: string): string {
  return n.replace(/[\s-]/g, '');
}

// ------------------------------------------------------------------------------ rows

interface RawRow {
  page: number;
  y: number;
  date: LooseDate | null;
  dateCell: Cell | null;
  description: Cell[];
  debit: { cell: Cell; amount: ParsedAmount } | null;
  credit: { cell: Cell; amount: ParsedAmount } | null;
  amount: { cell: Cell; amount: ParsedAmount } | null;
  balance: { cell: Cell; amount: ParsedAmount } | null;
  kind: 'transaction' | 'opening' | 'closing' | 'total' | 'note';
}

const hasMoney = (r: RawRow) => r.debit !== null || r.credit !== null || r.amount !== null;

class Builder {
  facts: Facts = {};
  factCells: Cell[] = [];
  periodDates: LooseDate[] = [];
  rows: RawRow[] = [];
  pages = new Set<number>();
  /** The table said in words that the period had no transactions. */
  statedEmpty = false;
  /** Text above the first table (letterhead, product name). */
  headerText = '';

  constructor(readonly institution: string | undefined) {}

  addFacts(hits: FactHits): void {
    for (const [k, v] of Object.entries(hits.values) as [keyof Facts, string][]) {
      this.facts[k] ??= v;
    }
    this.factCells.push(...hits.cells);
    if (this.periodDates.length < 2 && hits.periodDates.length === 2) this.periodDates = hits.periodDates;
  }

  readTable(lines: Line[], columns: Column[], order: NumericOrder): void {
    const dateCol = columns.find((c) => c.role === 'date')!;
    const date2Col = columns.find((c) => c.role === 'date2');
    const numeric = columns.filter((c) => NUMERIC.includes(c.role));
    const firstNumericX = Math.min(...numeric.map((c) => c.x0));
    const descCol = columns.find((c) => c.role === 'description');
    // Dates start left of the description column (their own header may be narrower than them).
    const dateLimit = descCol && descCol.x0 > dateCol.x0 ? descCol.x0 - 2 : dateCol.x1 + 20;
    let previousY = Number.NaN;
    let previousSize = 0;
    let open: RawRow | null = null;

    for (const line of lines) {
      // A second header (a new table on the same page) is skipped; the columns stay.
      if (headerColumns(line)) continue;
      const row: RawRow = { page: line.page, y: line.y, date: null, dateCell: null, description: [], debit: null, credit: null, amount: null, balance: null, kind: 'transaction' };
      let stray = false;
      for (const cell of splitAmounts(line.cells, firstNumericX)) {
        const money = parseAmount(cell.text);
        const col = money ? numericColumn(cell, columns) : null;
        if (money && col && cell.x1 > firstNumericX - 4) {
          const slot = col.role as 'debit' | 'credit' | 'amount' | 'balance';
          if (row[slot] === null) {
            row[slot] = { cell, amount: money };
            continue;
          }
        }
        if (row.dateCell === null && row.description.length === 0 && cell.x0 < dateLimit) {
          const d = parseDate(cell.text, order);
          if (d) {
            row.date = d;
            row.dateCell = cell;
            continue;
          }
          // "Feb 05 Feb 06": transaction and posting dates written as one run.
          const two = splitTwoDates(cell.text, order);
          if (two) {
            row.date = two;
            row.dateCell = cell;
            continue;
          }
        }
        if (date2Col && cell.x0 >= date2Col.x0 - 6 && cell.x1 <= date2Col.x1 + 30 && parseDate(cell.text, order)) continue;
        if (cell.x1 > firstNumericX + 4 && cell.x0 < firstNumericX - 4) {
          stray = true; // text running across the amount columns: a paragraph, not a row
          continue;
        }
        if (cell.x0 >= firstNumericX - 4) continue; // words in the amount columns (a page number, "CR" alone)
        row.description.push(cell);
      }
      const text = fold(row.description.map((c) => c.text).join(' '));
      const gap = Number.isNaN(previousY) ? 0 : previousY - line.y;
      const empty = row.date === null && !hasMoney(row) && row.balance === null;
      if (stray && !row.date && !hasMoney(row)) break; // the table ended (notice, footer)
      if (empty) {
        if (row.description.length === 0) continue;
        // A continuation must sit close under the line above; farther down is the page's footer.
        if (open === null || gap > 1.9 * Math.max(previousSize, line.size) || gap < 0) {
          if (open === null && NO_TRANSACTIONS.test(text)) {
            this.statedEmpty = true;
            continue;
          }
          if (open !== null) break;
          continue;
        }
        open.description.push(...row.description);
        previousY = line.y;
        previousSize = line.size;
        continue;
      }
      previousY = line.y;
      previousSize = line.size;
      if (OPENING.test(text)) row.kind = 'opening';
      else if (CLOSING.test(text)) row.kind = 'closing';
      else if (TOTALS.test(text)) row.kind = 'total';
      if (row.kind !== 'transaction') {
        this.rows.push(row);
        this.pages.add(line.page);
        open = null;
        continue;
      }
      // Amounts under a description that began on a dated line without them.
      if (row.date === null && open !== null && !hasMoney(open) && open.balance === null) {
        open.description.push(...row.description);
        open.debit = row.debit;
        open.credit = row.credit;
        open.amount = row.amount;
        open.balance = row.balance;
        continue;
      }
      if (row.date === null && !hasMoney(row)) {
        // A balance alone (a daily balance line): it belongs to the transaction above.
        if (open !== null && open.balance === null && row.balance) open.balance = row.balance;
        continue;
      }
      this.rows.push(row);
      this.pages.add(line.page);
      open = row;
    }
  }

  finish(): PdfStatementReading {
    const facts = this.facts;
    const period = this.periodDates.length === 2 ? this.periodDates : null;
    const yearHint = period?.[0]?.year ?? this.rows.find((r) => r.date?.year !== null && r.date?.year !== undefined)?.date?.year ?? null;
    const resolve = (d: LooseDate): string => {
      if (d.year !== null) return isoOf(d, d.year);
      if (period && period[0]!.year !== null && period[1]!.year !== null && period[0]!.year !== period[1]!.year) {
        return isoOf(d, d.month >= period[0]!.month ? period[0]!.year : period[1]!.year);
      }
      if (yearHint === null) throw new StatementParseError('dates are printed without a year and the statement period is not stated', { offset: 0 });
      return isoOf(d, yearHint);
    };

    const title = facts.title;
    let kind = kindOf(`${title ?? ''} ${this.institution ?? ''}`);
    if (kind === 'other') kind = kindOf(this.headerText);
    const incompleteRows: PdfStatementReading['incompleteRows'] = [];
    let lastDate: LooseDate | null = null;
    const dated: { row: RawRow; date: string }[] = [];
    let openingCents: number | undefined;
    let closingCents: number | undefined;
    let openingDate: string | undefined;
    let closingDate: string | undefined;
    for (const row of this.rows) {
      if (row.date) lastDate = row.date;
      if (row.kind === 'opening') {
        if (openingCents === undefined && row.balance) {
          openingCents = signedCents(row.balance.amount);
          if (row.date) openingDate = resolve(row.date);
        }
        continue;
      }
      if (row.kind === 'closing') {
        if (row.balance) {
          closingCents = signedCents(row.balance.amount);
          if (row.date) closingDate = resolve(row.date);
        }
        continue;
      }
      if (row.kind !== 'transaction') continue;
      if (!hasMoney(row)) {
        incompleteRows.push({ page: row.page, text: row.description.map((c) => c.text).join(' ') });
        continue;
      }
      if (!lastDate) {
        incompleteRows.push({ page: row.page, text: row.description.map((c) => c.text).join(' ') });
        continue;
      }
      dated.push({ row, date: resolve(row.date ?? lastDate) });
    }
    if (openingCents === undefined && facts.opening) {
      const a = parseAmount(facts.opening);
      if (a) openingCents = signedCents(a);
    }
    if (closingCents === undefined && facts.closing) {
      const a = parseAmount(facts.closing);
      if (a) closingCents = signedCents(a);
    }

    // Newest-first statements are read bottom up: the chain runs in time order.
    const descending = dated.length > 1 && dated[0]!.date > dated[dated.length - 1]!.date;
    if (descending) dated.reverse();

    const singleColumn = dated.some((d) => d.row.amount !== null);
    const withBalance = dated.filter((d) => d.row.balance !== null).length;
    if (withBalance > 0 && withBalance < dated.length) {
      for (const d of dated) if (!d.row.balance) incompleteRows.push({ page: d.row.page, text: d.row.description.map((c) => c.text).join(' ') });
    }

    // Printed amounts as money in (+) / out (-): debit and credit columns say it; a signed amount column says it with its sign.
    const printed = dated.map(({ row }) => {
      if (row.amount) return signedCents(row.amount.amount);
      const debit = row.debit ? row.debit.amount.cents : 0;
      const credit = row.credit ? row.credit.amount.cents : 0;
      return credit - debit;
    });
    const balances = dated.map(({ row }) => (row.balance ? signedCents(row.balance.amount) : null));
    const unsignedColumn = singleColumn && dated.every((d) => !d.row.amount || (d.row.amount.amount.sign === 'none' && !d.row.amount.amount.marker));

    const liabilityKind = kind === 'creditCard' || kind === 'lineOfCredit' || kind === 'loan';
    let amounts = printed;
    let direction: 1 | -1 = liabilityKind ? -1 : 1;
    if (unsignedColumn && withBalance > 0) {
      // Only the balance tells deposits from withdrawals: each row takes the sign that reconciles.
      amounts = signByChain(printed, balances, openingCents, direction);
    } else if (withBalance > 0) {
      const asAsset = chain(openingCents, printed, balances, 1).breaks.length;
      const asLiability = chain(openingCents, printed, balances, -1).breaks.length;
      if (asAsset !== asLiability) direction = asAsset < asLiability ? 1 : -1;
      if (singleColumn && Math.min(asAsset, asLiability) > 0) {
        // A card statement printing purchases positive: the amounts count the other way.
        const flipped = printed.map((c) => -c);
        const fa = chain(openingCents, flipped, balances, 1).breaks.length;
        const fl = chain(openingCents, flipped, balances, -1).breaks.length;
        if (Math.min(fa, fl) < Math.min(asAsset, asLiability)) {
          amounts = flipped;
          direction = fa <= fl ? 1 : -1;
        }
      }
    } else if (singleColumn && liabilityKind && dated.every((d) => !d.row.amount || d.row.amount.amount.marker === undefined)) {
      amounts = printed.map((c) => -c); // card statements print purchases as positive amounts
    }
    if (kind === 'other') kind = direction === -1 ? 'creditCard' : 'chequing';

    const result = chain(openingCents, amounts, balances, direction);
    if (openingCents === undefined && result.opening !== undefined) openingCents = result.opening;
    const lastBalance = [...balances].reverse().find((b) => b !== null) ?? null;
    const computedClosing = openingCents !== undefined ? amounts.reduce((s, a) => s + direction * a, openingCents) : null;
    if (closingCents === undefined) closingCents = lastBalance ?? computedClosing ?? undefined;
    const closingMismatch = closingCents !== undefined && computedClosing !== null && computedClosing !== closingCents ? closingCents - computedClosing : null;

    const dates = dated.map((d) => d.date);
    const periodIso = period ? { start: isoOf(period[0]!, period[0]!.year!), end: isoOf(period[1]!, period[1]!.year!) } : undefined;
    const first = periodIso?.start ?? openingDate ?? dates[0];
    const last = periodIso?.end ?? closingDate ?? dates[dates.length - 1];

    const number = (facts.accountNumber ?? '').trim() || 'unknown';
    const account: Statement['account'] = { number, kind, currency: currencyOf(facts.currency) };
    if (this.institution) account.institution = this.institution;
    if (facts.transit && /\d/.test(facts.transit)) account.transit = facts.transit.trim();
    if (facts.holder) account.holder = facts.holder.trim();

    // The model's balances are the holder's: a card prints what is owed as positive, the model has it negative.
    const holderView = (cents: number) => (direction === -1 ? -cents : cents);
    const seen = new Map<string, number>();
    const transactions: StatementTransaction[] = dated.map(({ row, date }, i) => {
      const description = row.description.map((c) => c.text).join(' ').replace(/\s+/g, ' ').trim();
      const key = `${date}|${amounts[i]}|${description}`;
      const occurrence = seen.get(key) ?? 0;
      seen.set(key, occurrence + 1);
      const t: StatementTransaction = { id: transactionId(number, date, amounts[i]!, description, occurrence), date, amountCents: amounts[i]!, description };
      if (balances[i] !== null) t.balanceCents = holderView(balances[i]!);
      return t;
    });

    const statement: Statement = { format: 'pdf', account, balances: {}, transactions };
    if (openingCents !== undefined && first) statement.balances.opening = { amountCents: holderView(openingCents), date: first };
    if (closingCents !== undefined && last) statement.balances.closing = { amountCents: holderView(closingCents), date: last };
    if (periodIso) statement.period = periodIso;

    const sources: RowSource[] = dated.map(({ row }) => ({
      page: row.page,
      y: row.y,
      date: row.dateCell,
      description: row.description,
      amount: (row.amount ?? row.debit ?? row.credit)?.cell ?? null,
      balance: row.balance?.cell ?? null,
    }));
    const breaks: ChainBreak[] = result.breaks.map((b) => ({ index: b.index, page: dated[b.index]!.row.page, date: dates[b.index]!, expectedCents: b.expected, printedCents: b.printed }));
    return { statement, sources, breaks, closingMismatchCents: closingMismatch, incompleteRows, statedNoTransactions: this.statedEmpty && transactions.length === 0, pages: [...this.pages].sort((a, b) => a - b), factCells: this.factCells };
  }
}

/**
 * A description that runs right up to an amount can come out of the layout as one cell
 * ("COFFEE SHOP 12.50"): when a cell crosses into the amount columns and ends with amounts,
 * they are cut off as cells of their own, placed by their share of the text's width.
 */
function splitAmounts(cells: Cell[], firstNumericX: number): Cell[] {
  const out: Cell[] = [];
  for (const cell of cells) {
    if (!(cell.x0 < firstNumericX - 4 && cell.x1 > firstNumericX + 4) || parseAmount(cell.text)) {
      out.push(cell);
      continue;
    }
    // Amounts are taken off the end, longest first ("1 234,56" is one amount, not "1" and "234,56").
    const words = cell.text.split(' ');
    let cut = words.length;
    const tail: [number, number][] = [];
    while (cut > 1) {
      let taken = 0;
      for (let k = Math.min(4, cut - 1); k >= 1; k--) {
        if (parseAmount(words.slice(cut - k, cut).join(' '))) {
          taken = k;
          break;
        }
      }
      if (taken === 0) break;
      tail.unshift([cut - taken, cut]);
      cut -= taken;
    }
    if (tail.length === 0) {
      out.push(cell);
      continue;
    }
    const perChar = (cell.x1 - cell.x0) / Math.max(1, cell.text.length);
    const offsetOf = (w: number) => words.slice(0, w).join(' ').length + (w > 0 ? 1 : 0);
    const head = words.slice(0, cut).join(' ');
    out.push({ ...cell, text: head, x1: cell.x0 + head.length * perChar });
    for (const [from, to] of tail) {
      const text = words.slice(from, to).join(' ');
      const x0 = cell.x0 + offsetOf(from) * perChar;
      out.push({ ...cell, text, x0, x1: x0 + text.length * perChar });
    }
  }
  return out;
}

/** "Feb 05 Feb 06" or "05/02 06/02": the first of two dates printed in one run. */
function splitTwoDates(text: string, order: NumericOrder): LooseDate | null {
  const parts = text.trim().split(/\s+/);
  if (parts.length === 4) return parseDate(`${parts[0]} ${parts[1]}`, order) && parseDate(`${parts[2]} ${parts[3]}`, order) ? parseDate(`${parts[0]} ${parts[1]}`, order) : null;
  if (parts.length === 2) return parseDate(parts[0]!, order) && parseDate(parts[1]!, order) ? parseDate(parts[0]!, order) : null;
  return null;
}

/** Follows the running balance: direction +1 for money held (balance = before + amount), -1 for money owed. */
export function chain(opening: number | undefined, amounts: number[], balances: (number | null)[], direction: 1 | -1): { breaks: { index: number; expected: number; printed: number }[]; opening?: number } {
  const breaks: { index: number; expected: number; printed: number }[] = [];
  let start = opening;
  if (start === undefined) {
    const i = balances.findIndex((b) => b !== null);
    if (i < 0) return { breaks };
    start = balances[i]! - direction * amounts.slice(0, i + 1).reduce((s, a) => s + a, 0);
  }
  let running = start;
  for (let i = 0; i < amounts.length; i++) {
    running += direction * amounts[i]!;
    const printed = balances[i];
    if (printed === null || printed === undefined) continue;
    if (printed !== running) breaks.push({ index: i, expected: running, printed });
    running = printed; // one bad row is one break, not a cascade
  }
  return { breaks, opening: start };
}

function signByChain(printed: number[], balances: (number | null)[], opening: number | undefined, direction: 1 | -1): number[] {
  const out = printed.slice();
  let running: number | undefined = opening;
  if (running === undefined) {
    const i = balances.findIndex((b) => b !== null);
    if (i === 0 && out.length > 0) {
      // The first row's own sign is unknowable without an opening balance: take it as printed.
      running = balances[0]! - direction * out[0]!;
    }
  }
  for (let i = 0; i < out.length; i++) {
    const b = balances[i];
    if (running !== undefined && b !== null && b !== undefined) {
      const move = (b - running) * direction;
      if (move === -Math.abs(out[i]!)) out[i] = -Math.abs(out[i]!);
      else if (move === Math.abs(out[i]!)) out[i] = Math.abs(out[i]!);
    }
    running = b ?? (running === undefined ? undefined : running + direction * out[i]!);
  }
  return out;
}

function kindOf(text: string): AccountKind {
  const t = fold(text);
  if (/\b(?:line of credit|marge de credit|credit line|heloc)\b/.test(t)) return 'lineOfCredit';
  if (/\b(?:credit card|visa|mastercard|master card|amex|american express|carte de credit)\b/.test(t)) return 'creditCard';
  if (/\b(?:mortgage|loan|pret|hypotheque)\b/.test(t)) return 'loan';
  if (/\b(?:savings?|epargne|tfsa|celi)\b/.test(t)) return 'savings';
  if (/\b(?:chequing|checking|cheques?|courant|operations|everyday)\b/.test(t)) return 'chequing';
  if (/\b(?:investment|placement|rrsp|reer|brokerage)\b/.test(t)) return 'investment';
  return 'other';
}

function currencyOf(text: string | undefined): string {
  const m = /\b([A-Z]{3})\b/.exec((text ?? '').toUpperCase());
  return m ? m[1]! : 'CAD';
}

/** Same file, same ids: a digest of account, date, amount, description and which occurrence it is. */
export function transactionId(account: string, date: string, amountCents: number, description: string, occurrence: number): string {
  return createHash('sha256').update(JSON.stringify([account, date, amountCents, description, occurrence])).digest('hex').slice(0, 32);
}
