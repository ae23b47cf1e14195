/**
 * From parsed statements to the accounts and transactions Connect serves (pure).
 *
 * Statements of the same account (same kind, currency and number, or the same last four digits
 * when one document masks the number) become one account; their transactions are merged in
 * date order, a transaction read twice (the same statement in two files, overlapping periods)
 * kept once. Running balances the document did not print are computed from its opening or
 * closing balance, so every transaction has one as aggregated data does.
 */
import { findByRoutingNumber, findInstitution, listInstitutions, type AccountData, type HolderData, type Institution, type LoginData, type TransactionData } from '../connect/index.ts';
import type { AccountKind, Statement } from './parsers/model.ts';
import { fold } from './parsers/pdf-values.ts';

const TYPES: Record<AccountKind, { type: string; category: string; title: string; owed: boolean }> = {
  chequing: { type: 'Chequing', category: 'Operations', title: 'Chequing', owed: false },
  savings: { type: 'Savings', category: 'Operations', title: 'Savings', owed: false },
  creditCard: { type: 'CreditCard', category: 'Credits', title: 'Credit Card', owed: true },
  lineOfCredit: { type: 'LineOfCredit', category: 'Credits', title: 'Line of Credit', owed: true },
  loan: { type: 'Loan', category: 'Credits', title: 'Loan', owed: true },
  investment: { type: 'Investment', category: 'Products', title: 'Investment', owed: false },
  other: { type: 'Other', category: 'Other', title: 'Account', owed: false },
};

interface Group {
  key: string;
  statements: Statement[];
}

function lastFour(n: string): string {
  return n.replace(/\D/g, '').slice(-4);
}

/** Groups statements by account: full numbers match exactly, a masked number matches on its last four digits. */
function groupByAccount(statements: Statement[]): Group[] {
  const groups: Group[] = [];
  for (const s of statements) {
    const kind = s.account.kind;
    const currency = s.account.currency.toUpperCase();
    const number = s.account.number.replace(/\s+/g, '');
    // A statement that shows no account number is its own account: nothing says two of them are one.
    const anonymous = number === '' || number === 'unknown';
    const match = anonymous ? undefined : groups.find((g) => {
      const a = g.statements[0]!.account;
      if (a.kind !== kind || a.currency.toUpperCase() !== currency) return false;
      const other = a.number.replace(/\s+/g, '');
      if (other === number) return true;
      const masked = /[*x•X]/.test(other) || /[*x•X]/.test(number);
      return masked && lastFour(other) !== '' && lastFour(other) === lastFour(number);
    });
    if (match) match.statements.push(s);
    else groups.push({ key: `${kind}:${currency}:${anonymous ? `#${groups.length}` : number}`, statements: [s] });
  }
  return groups;
}

export function toLoginData(statements: Statement[]): LoginData {
  const groups = groupByAccount(statements);
  const accounts = groups.map((g) => toAccount(g));
  const holderName = statements.map((s) => s.account.holder).find((h) => h && h.trim() !== '') ?? null;
  // Statements give a name at most: what they do not say is null on the wire, as Flinks shows unknown KYC fields.
  const holder = {
    Name: holderName,
    Address: { CivicAddress: null, City: null, Province: null, PostalCode: null, POBox: null, Country: null },
    Email: null,
    PhoneNumber: null,
  } as unknown as HolderData;
  return { loginType: 'Personal', holder, accounts, replace: true };
}

function toAccount(g: Group): AccountData {
  const first = g.statements[0]!;
  const t = TYPES[first.account.kind];
  // The fullest number any statement printed (an unmasked one beats "****1234").
  const number = g.statements.map((s) => s.account.number).sort((a, b) => maskedCount(a) - maskedCount(b) || b.length - a.length)[0]!;
  const ordered = [...g.statements].sort((a, b) => (startOf(a) ?? '').localeCompare(startOf(b) ?? ''));
  const seen = new Set<string>();
  const content = new Set<string>();
  const rows: TransactionData[] = [];
  // The model keeps balances from the holder's side (owed is negative); Connect shows credit products' balances as the amount owed.
  const connectBalance = (b: number | null) => (b === null ? null : t.owed ? -b : b);
  for (const s of ordered) {
    const balances = runningBalances(s).map(connectBalance);
    s.transactions.forEach((tx, i) => {
      // The same statement read from two files gives the same ids; overlapping periods the same rows.
      const key = `${tx.date}|${tx.amountCents}|${tx.description}|${balances[i] ?? ''}`;
      if (seen.has(tx.id) || content.has(key)) return;
      seen.add(tx.id);
      content.add(key);
      rows.push({
        ref: tx.id,
        date: tx.date,
        description: tx.description,
        debitCents: tx.amountCents < 0 ? -tx.amountCents : null,
        creditCents: tx.amountCents >= 0 ? tx.amountCents : null,
        balanceCents: balances[i] ?? null,
      });
    });
  }
  rows.sort((a, b) => a.date.localeCompare(b.date)); // stable: same-day rows keep the document's order
  const latest = [...g.statements].sort((a, b) => (endOf(a) ?? '').localeCompare(endOf(b) ?? '')).pop()!;
  const current = connectBalance(latest.balances.closing?.amountCents ?? null) ?? rows.filter((r) => r.balanceCents !== null).pop()?.balanceCents ?? 0;
  const transit = g.statements.map((s) => s.account.transit).find((x) => x);
  const institution = institutionOf(g.statements.map((s) => s.account.institution).find((x) => x));
  return {
    ref: g.key,
    title: t.title,
    type: t.type,
    category: t.category,
    currency: first.account.currency.toUpperCase() as 'CAD',
    accountType: 'Personal',
    transitNumber: transit ?? null,
    institutionNumber: institution?.institutionNumber ?? null,
    accountNumber: number,
    overdraftLimitCents: 0,
    limitCents: null,
    currentCents: current,
    availableCents: t.owed ? null : current,
    transactions: rows,
  };
}

function maskedCount(n: string): number {
  return (n.match(/[*x•X]/g) ?? []).length;
}

function startOf(s: Statement): string | undefined {
  return s.period?.start ?? s.balances.opening?.date ?? s.transactions[0]?.date;
}

function endOf(s: Statement): string | undefined {
  return s.period?.end ?? s.balances.closing?.date ?? s.transactions[s.transactions.length - 1]?.date;
}

/**
 * Printed running balances, or computed ones from the opening (or closing) balance when the
 * document has none. Holder's side, as the model has them: each balance is the previous plus the amount.
 */
function runningBalances(s: Statement): (number | null)[] {
  const printed = s.transactions.map((t) => t.balanceCents ?? null);
  if (printed.every((b) => b !== null)) return printed;
  let running: number | null = s.balances.opening?.amountCents ?? null;
  if (running === null && s.balances.closing) {
    running = s.transactions.reduce((b, t) => b - t.amountCents, s.balances.closing.amountCents);
  }
  return s.transactions.map((t, i) => {
    if (running === null) return printed[i] ?? null;
    running = printed[i] ?? running + t.amountCents;
    return running;
  });
}

/**
 * The catalog institution a statement names: by name ("Flinks Capital", "RBC Royal Bank", "Banque
 * Nationale") or code, by Canadian institution number ("0003", an OFX BANKID) when only one
 * institution has it, or by US routing number.
 */
export function institutionOf(name: string | undefined, opts: { sandbox?: boolean } = {}): Institution | undefined {
  if (!name || name.trim() === '') return undefined;
  const all = listInstitutions({ includeSandbox: opts.sandbox ?? true });
  const digits = name.trim();
  if (/^\d+$/.test(digits)) {
    if (digits.length === 9) return findByRoutingNumber(digits);
    const number = digits.replace(/^0+(?=\d{3})/, '').padStart(3, '0');
    const owners = all.filter((i) => i.institutionNumber === number);
    return owners.length === 1 ? owners[0] : undefined;
  }
  const direct = findInstitution(name);
  if (direct && ((opts.sandbox ?? true) || !direct.sandbox)) return direct;
  const wanted = fold(name);
  return all.find((i) => fold(i.names.en) === wanted || fold(i.names.fr) === wanted) ?? all.find((i) => {
    const en = fold(i.names.en);
    return en.length >= 4 && (wanted.startsWith(`${en} `) || wanted.includes(` ${en} `));
  });
}
