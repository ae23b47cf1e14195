/**
 * maplelink import FILE... [--json | --csv] [--attributes]
 *
 * Reads statement files (OFX/QFX, CSV, CAMT.053, MT940/MT942, PDF) offline - no server, no
 * database - and prints what they hold: a summary (default), the statements as JSON, or as CSV.
 * `--attributes` computes the Enrich attributes on all the files' transactions together.
 *
 * A file that cannot be read is one line on stderr naming the file and the position, and exit 1.
 */
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import {
  CSV_PRESETS, describePosition, formatWarning, normalizeCharset, parseStatementStream, StatementParseError, writeCsv,
  type CsvOptions, type CsvPresetId, type Statement, type StatementFormat,
} from '../upload/index.ts';

export const IMPORT_USAGE = `Usage: maplelink import FILE... [--json | --csv] [--attributes] [options]

Reads bank statement files offline and prints their accounts and transactions.
Formats (detected from the content): OFX/QFX, CSV, CAMT.053, MT940/MT942, PDF with text.

Output:
  (default)            a summary of each statement and its first transactions
  --json               {"statements": [{"account", "balances", "transactions", "warnings"}]} on stdout
  --csv                one CSV row per transaction on stdout
  --attributes         also compute the Enrich attributes over all the transactions
  --business           with --attributes: the business attributes
Reading:
  --format F           ofx | csv | camt053 | mt940 | mt942 | pdf (skip detection)
  --encoding E         force a charset (e.g. windows-1252)
  --preset P           CSV export of a bank: ${CSV_PRESETS.map((p) => p.id).join(', ')}
  --columns MAP        CSV columns, e.g. date=0,description=1,amount=3 (0-based, or header names)
  --date-order O       CSV dates: YMD | MDY | DMY
  --decimal C          CSV decimal mark: . or ,
  --delimiter C        CSV field separator (tab: \\t)
  --sign S             CSV single amount column: inflowPositive | outflowPositive
  --progress, --no-progress
                       progress bar on stderr (default: on a terminal, for inputs over 1 MB)`;

const FORMATS: StatementFormat[] = ['ofx', 'csv', 'camt053', 'mt940', 'mt942', 'pdf'];
const COLUMN_ROLES = new Set(['date', 'description', 'amount', 'debit', 'credit', 'balance', 'reference', 'account', 'accountType', 'currency', 'type']);
const MULTI_COLUMN_ROLES = new Set(['description', 'amount', 'account']);
const PROGRESS_MIN_BYTES = 1 << 20;

class UsageError extends Error {}

function csvOptions(v: Record<string, string | boolean | undefined>): CsvOptions {
  const csv: CsvOptions = {};
  if (typeof v.preset === 'string') {
    if (!CSV_PRESETS.some((p) => p.id === v.preset)) throw new UsageError(`unknown preset "${v.preset}" (one of ${CSV_PRESETS.map((p) => p.id).join(', ')})`);
    csv.preset = v.preset as CsvPresetId;
  }
  if (typeof v['date-order'] === 'string') {
    if (!['YMD', 'MDY', 'DMY'].includes(v['date-order'].toUpperCase())) throw new UsageError('--date-order is YMD, MDY or DMY');
    csv.dateOrder = v['date-order'].toUpperCase() as CsvOptions['dateOrder'];
  }
  if (typeof v.decimal === 'string') {
    if (v.decimal !== '.' && v.decimal !== ',') throw new UsageError('--decimal is . or ,');
    csv.decimal = v.decimal;
  }
  if (typeof v.delimiter === 'string') csv.delimiter = v.delimiter === '\\t' || v.delimiter === 'tab' ? '\t' : v.delimiter;
  if (typeof v.sign === 'string') {
    if (v.sign !== 'inflowPositive' && v.sign !== 'outflowPositive') throw new UsageError('--sign is inflowPositive or outflowPositive');
    csv.sign = v.sign;
  }
  if (typeof v.columns === 'string') {
    const columns: Record<string, string | number | (string | number)[]> = {};
    for (const part of v.columns.split(',')) {
      const [role, ref] = part.split('=').map((s) => s.trim());
      if (!role || !ref || !COLUMN_ROLES.has(role)) throw new UsageError(`--columns: "${part}" is not ROLE=COLUMN (roles: ${[...COLUMN_ROLES].join(', ')})`);
      const value = /^\d+$/.test(ref) ? Number(ref) : ref;
      const previous = columns[role];
      if (previous !== undefined && !MULTI_COLUMN_ROLES.has(role)) throw new UsageError(`--columns: ${role} is given twice (only description, amount and account take several columns)`);
      columns[role] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
    }
    csv.columns = columns;
  }
  return csv;
}

/** A progress bar on stderr: redrawn in place on a terminal, a line per 10% otherwise. */
function progressBar(label: string, totalBytes: number, tty: boolean): { update(f: number): void; done(): void } {
  const width = 30;
  let lastDrawn = -1;
  return {
    update(f: number) {
      const pct = Math.floor(f * 100);
      if (tty) {
        if (pct === lastDrawn) return;
        lastDrawn = pct;
        const filled = Math.round((pct / 100) * width);
        process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(pct).padStart(3)}% of ${(totalBytes / 1048576).toFixed(1)} MB`);
      } else {
        const step = Math.floor(pct / 10) * 10;
        if (step <= lastDrawn) return;
        lastDrawn = step;
        process.stderr.write(`${label}: ${step}%\n`);
      }
    },
    done() {
      if (tty && lastDrawn >= 0) process.stderr.write('\r' + ' '.repeat(label.length + width + 24) + '\r');
    },
  };
}

function money(cents: number): number {
  return cents / 100;
}

/** The documented --json shape: amounts as numbers with at most two decimals. */
export function statementJson(s: Statement): unknown {
  const balance = (b: { amountCents: number; date: string } | undefined) => (b ? { amount: money(b.amountCents), date: b.date } : undefined);
  return {
    account: { ...s.account },
    balances: { opening: balance(s.balances.opening), closing: balance(s.balances.closing) },
    transactions: s.transactions.map((t) => ({
      id: t.id,
      date: t.date,
      amount: money(t.amountCents),
      description: t.description,
      ...(t.balanceCents !== undefined ? { balance: money(t.balanceCents) } : {}),
      ...(t.reference !== undefined ? { reference: t.reference } : {}),
      ...(t.valueDate !== undefined ? { valueDate: t.valueDate } : {}),
      ...(t.code !== undefined ? { code: t.code } : {}),
      ...(t.counterparty !== undefined ? { counterparty: t.counterparty } : {}),
      ...(t.details !== undefined ? { details: t.details } : {}),
    })),
    warnings: (s.warnings ?? []).map(formatWarning),
  };
}

function formatMoney(cents: number): string {
  const s = (Math.abs(cents) / 100).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (cents < 0 ? '-' : '') + s;
}

function summary(file: string, s: Statement): string {
  const lines: string[] = [];
  const a = s.account;
  lines.push(`${file}: ${s.format.toUpperCase()} ${a.kind} ${a.number || '(no account number)'} ${a.currency}${a.institution ? `, ${a.institution}` : ''}${a.holder ? `, ${a.holder}` : ''}`);
  const facts: string[] = [];
  if (s.period) facts.push(`period ${s.period.start} to ${s.period.end}`);
  if (s.balances.opening) facts.push(`opening ${formatMoney(s.balances.opening.amountCents)} on ${s.balances.opening.date}`);
  if (s.balances.closing) facts.push(`closing ${formatMoney(s.balances.closing.amountCents)} on ${s.balances.closing.date}`);
  facts.push(`${s.transactions.length} transaction${s.transactions.length === 1 ? '' : 's'}`);
  lines.push(`  ${facts.join(', ')}`);
  for (const w of s.warnings ?? []) lines.push(`  warning: ${formatWarning(w)}`);
  const shown = s.transactions.slice(0, 20);
  for (const t of shown) {
    lines.push(`  ${t.date}  ${formatMoney(t.amountCents).padStart(14)}  ${t.balanceCents !== undefined ? formatMoney(t.balanceCents).padStart(14) + '  ' : ''}${t.description}`);
  }
  if (s.transactions.length > shown.length) lines.push(`  ... ${s.transactions.length - shown.length} more (--json or --csv for all)`);
  return lines.join('\n');
}

async function computeAttributes(statements: Statement[], business: boolean): Promise<Record<string, number | string>> {
  const { attributesOf } = await import('../enrich/index.ts');
  const accounts: { id: string; kind: 'deposit' | 'creditCard' | 'lineOfCredit'; currentCents: number }[] = [];
  const transactions: { id: string; accountId: string; date: string; description: string; debitCents: number | null; creditCents: number | null; balanceCents: number | null }[] = [];
  let asOf = '';
  statements.forEach((s, i) => {
    const kind = s.account.kind === 'creditCard' ? 'creditCard' : s.account.kind === 'lineOfCredit' || s.account.kind === 'loan' ? 'lineOfCredit' : 'deposit';
    // The engine keeps credit products' balances as the amount owed (positive); statements are signed from the holder's side.
    const owedSign = kind === 'deposit' ? 1 : -1;
    const last = s.transactions[s.transactions.length - 1];
    const current = s.balances.closing?.amountCents ?? last?.balanceCents ?? 0;
    const id = `${i}:${s.account.number}`;
    accounts.push({ id, kind, currentCents: owedSign * current });
    for (const t of s.transactions) {
      transactions.push({
        id: `${id}:${t.id}`,
        accountId: id,
        date: t.date,
        description: t.description,
        debitCents: t.amountCents < 0 ? -t.amountCents : null,
        creditCents: t.amountCents > 0 ? t.amountCents : null,
        balanceCents: t.balanceCents === undefined ? null : owedSign * t.balanceCents,
      });
      if (t.date > asOf) asOf = t.date;
    }
    if (s.balances.closing && s.balances.closing.date > asOf) asOf = s.balances.closing.date;
  });
  if (!transactions.length) return {};
  return attributesOf(asOf, accounts, transactions, business);
}

async function readFile(file: string, options: { format?: StatementFormat; encoding?: string; csv: CsvOptions; progress: boolean | undefined }): Promise<Statement[]> {
  const size = statSync(file).size;
  const tty = !!process.stderr.isTTY;
  const show = options.progress ?? (tty && size >= PROGRESS_MIN_BYTES);
  const bar = show ? progressBar(basename(file), size, tty) : null;
  try {
    return await parseStatementStream(createReadStream(file, { highWaterMark: 1 << 18 }), {
      filename: file,
      format: options.format,
      encoding: options.encoding,
      csv: options.csv,
      totalBytes: size,
      onProgress: bar ? (f) => bar.update(f) : undefined,
    });
  } finally {
    bar?.done();
  }
}

function write(text: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(text, (err) => (err ? reject(err) : resolve())));
}

/** Runs the command; answers the exit code. */
export async function runImport(args: string[]): Promise<number> {
  // A reader that stops early (`| head`) is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  let values: Record<string, string | boolean | undefined>;
  let files: string[];
  try {
    const parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        csv: { type: 'boolean' },
        attributes: { type: 'boolean' },
        business: { type: 'boolean' },
        format: { type: 'string' },
        encoding: { type: 'string' },
        preset: { type: 'string' },
        columns: { type: 'string' },
        'date-order': { type: 'string' },
        decimal: { type: 'string' },
        delimiter: { type: 'string' },
        sign: { type: 'string' },
        progress: { type: 'boolean' },
        'no-progress': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    values = parsed.values;
    files = parsed.positionals;
    if (values.help) {
      process.stdout.write(IMPORT_USAGE + '\n');
      return 0;
    }
    if (!files.length) throw new UsageError('no file given');
    if (values.json && values.csv) throw new UsageError('--json and --csv cannot be used together');
    if (typeof values.format === 'string' && !FORMATS.includes(values.format as StatementFormat)) throw new UsageError(`--format is one of ${FORMATS.join(', ')}`);
    if (typeof values.encoding === 'string' && !normalizeCharset(values.encoding) && !/^(us-?)?ascii$/i.test(values.encoding)) throw new UsageError(`unknown encoding "${values.encoding}"`);
  } catch (err) {
    process.stderr.write(`maplelink import: ${err instanceof Error ? err.message : String(err)}\n\n${IMPORT_USAGE}\n`);
    return 2;
  }
  let csv: CsvOptions;
  try {
    csv = csvOptions(values);
  } catch (err) {
    process.stderr.write(`maplelink import: ${(err as Error).message}\n`);
    return 2;
  }
  const progress = values['no-progress'] ? false : values.progress ? true : undefined;
  const results: { file: string; statements: Statement[] }[] = [];
  let failed = false;
  for (const file of files) {
    try {
      results.push({ file, statements: await readFile(file, { format: values.format as StatementFormat | undefined, encoding: values.encoding as string | undefined, csv, progress }) });
    } catch (err) {
      failed = true;
      if (err instanceof StatementParseError) process.stderr.write(`maplelink import: ${file}: ${describePosition(err.position)}: ${err.message}\n`);
      else if ((err as NodeJS.ErrnoException)?.code === 'ENOENT') process.stderr.write(`maplelink import: ${file}: no such file\n`);
      else if ((err as NodeJS.ErrnoException)?.code === 'EISDIR') process.stderr.write(`maplelink import: ${file}: is a directory\n`);
      else if ((err as NodeJS.ErrnoException)?.code === 'EACCES') process.stderr.write(`maplelink import: ${file}: permission denied\n`);
      else process.stderr.write(`maplelink import: ${file}: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  }
  if (failed) return 1;
  const statements = results.flatMap((r) => r.statements);
  const attributes = values.attributes ? await computeAttributes(statements, !!values.business) : null;
  if (values.json) {
    const body: Record<string, unknown> = { statements: statements.map(statementJson) };
    if (attributes) body.attributes = attributes;
    await write(JSON.stringify(body) + '\n');
  } else if (values.csv) {
    await write(writeCsv(statements, { columns: ['account', 'currency', 'date', 'description', 'amount', 'balance', 'id'], lineEnding: '\n' }));
  } else {
    const parts = results.flatMap((r) => r.statements.map((s) => summary(r.file, s)));
    if (attributes) parts.push(['attributes:', ...Object.entries(attributes).map(([k, v]) => `  ${k}: ${v}`)].join('\n'));
    await write(parts.join('\n\n') + '\n');
  }
  return 0;
}
