/**
 * Statements from a sandbox persona (the generator's GeneratedLogin): one per account, signed from
 * the holder's point of view (a card's balance owed becomes a negative balance), ids from the
 * generator's stable keys. Feed them to the writers to get files a bank could have produced.
 */
import type { GeneratedLogin } from '../../../src/sandbox/generator/index.ts';
import type { AccountKind, Statement } from '../../../src/upload/parsers/model.ts';

const KINDS: Record<string, AccountKind> = { Chequing: 'chequing', Savings: 'savings', CreditCard: 'creditCard', LineOfCredit: 'lineOfCredit' };

export function statementsFromLogin(login: GeneratedLogin, options: { institution?: string } = {}): Statement[] {
  return login.accounts
    .filter((a) => a.transactions.length > 0)
    .map((a) => {
      const owed = a.type === 'CreditCard' || a.type === 'LineOfCredit';
      const sign = owed ? -1 : 1;
      const transactions = a.transactions.map((t) => ({
        id: t.key,
        date: t.date,
        amountCents: (t.creditCents ?? 0) - (t.debitCents ?? 0),
        description: t.description,
        balanceCents: sign * t.balanceCents || 0, // never -0
      }));
      const first = transactions[0]!;
      const last = transactions[transactions.length - 1]!;
      return {
        format: 'csv',
        account: {
          number: a.accountNumber,
          kind: KINDS[a.type] ?? 'other',
          currency: a.currency,
          institution: options.institution ?? a.institutionNumber,
          transit: a.transitNumber,
          holder: login.holder.name,
        },
        balances: {
          opening: { amountCents: first.balanceCents - first.amountCents || 0, date: first.date },
          closing: { amountCents: last.balanceCents, date: last.date },
        },
        period: { start: first.date, end: last.date },
        transactions,
      } satisfies Statement;
    });
}
