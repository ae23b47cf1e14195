/**
 * Writes statements as SWIFT MT940 messages: `:20:` `:25:` `:28C:` `:60F:`, a `:61:` and `:86:` per
 * transaction, `:62F:`. The `:86:` text is plain (wrapped at 65 characters) or in the German DK
 * structure (`?00` posting text, `?20`.. purpose lines of 27 characters, `?32` name). Optionally one
 * message per day, with the SWIFT blocks around each. For the sandbox, tests and benchmarks.
 */
import iconv from 'iconv-lite';
import type { Statement } from '../../../src/upload/parsers/model.ts';
import { centsText } from '../../../src/upload/writers/format.ts';
import { balancesOf } from './format.ts';

export interface Mt940WriteOptions {
  info?: 'plain' | 'dk';
  /** One message per statement (default) or per day of transactions (pages of the statement, 62M/60M between them). */
  split?: 'statement' | 'day';
  /** Wrap each message in {1:}{2:}{4: ... -}. */
  blocks?: boolean;
  /** Sender BIC in the blocks and `:25:` prefix. */
  bic?: string;
  charset?: 'utf-8' | 'windows-1252';
}

function yymmdd(date: string): string {
  return date.slice(2, 4) + date.slice(5, 7) + date.slice(8, 10);
}

function amount(cents: number): string {
  return centsText(Math.abs(cents), ',');
}

function balance(tag: string, cents: number, date: string, ccy: string): string {
  return `:${tag}:${cents < 0 ? 'D' : 'C'}${yymmdd(date)}${ccy}${amount(cents)}`;
}

function chunks(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length ? out : [''];
}

export function writeMt940(statements: Statement[], options: Mt940WriteOptions = {}): Uint8Array {
  const lines: string[] = [];
  let n = 0;
  let statementCount = 0;
  const bic = options.bic ?? 'MPLKCATTXXX';
  for (const s of statements) {
    const ccy = s.account.currency;
    const { opening, closing } = balancesOf(s);
    const groups: { date: string; txs: Statement['transactions'] }[] = [];
    if (options.split === 'day') {
      for (const t of s.transactions) {
        const g = groups[groups.length - 1];
        if (g && g.date === t.date) g.txs.push(t);
        else groups.push({ date: t.date, txs: [t] });
      }
    } else groups.push({ date: closing?.date ?? '', txs: s.transactions });
    let running = opening?.amountCents ?? 0;
    let runningDate = opening?.date ?? s.transactions[0]?.date ?? '2000-01-01';
    const statementNo = ++statementCount;
    groups.forEach((g, page) => {
      n++;
      if (options.blocks) lines.push(`{1:F01${bic.padEnd(12, 'X')}0000000000}{2:O940${bic.padEnd(12, 'X')}N}{4:`);
      lines.push(`:20:ML${String(n).padStart(8, '0')}`);
      lines.push(`:25:${s.account.number}`);
      // Pages of one statement: sequence numbers under one statement number, intermediate balances between them.
      lines.push(`:28C:${statementNo}/${page + 1}`);
      lines.push(balance(page === 0 ? '60F' : '60M', running, runningDate, ccy));
      for (const t of g.txs) {
        const entry = t.date.slice(5, 7) + t.date.slice(8, 10);
        const ref = t.reference ?? 'NONREF';
        lines.push(`:61:${yymmdd(t.valueDate ?? t.date)}${entry}${t.amountCents < 0 ? 'D' : 'C'}${amount(t.amountCents)}NTRF${ref}//${t.id}`);
        if (options.info === 'dk') {
          const code = t.amountCents < 0 ? '105' : '166';
          const purpose = chunks(t.description, 27).map((p, i) => `?${20 + i}${p}`);
          const fields = [`${code}?00${t.amountCents < 0 ? 'LASTSCHRIFT' : 'GUTSCHRIFT'}`, ...purpose];
          const infoLines = chunks(fields.join(''), 65);
          lines.push(`:86:${infoLines[0]}`, ...infoLines.slice(1));
        } else {
          const info = chunks(t.description, 65);
          lines.push(`:86:${info[0]}`, ...info.slice(1));
        }
        running += t.amountCents;
      }
      runningDate = g.txs.length ? g.txs[g.txs.length - 1]!.date : runningDate;
      const last = page === groups.length - 1;
      lines.push(balance(last ? '62F' : '62M', last && closing ? closing.amountCents : running, last && closing ? closing.date : runningDate, ccy));
      lines.push(options.blocks ? '-}' : '-');
    });
  }
  const text = lines.join('\r\n') + '\r\n';
  return options.charset === 'windows-1252' ? new Uint8Array(iconv.encode(text, 'windows-1252')) : new Uint8Array(Buffer.from(text, 'utf8'));
}
