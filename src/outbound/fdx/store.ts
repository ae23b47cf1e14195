/**
 * What the FDX API reads: the accounts, holder and transactions Connect stored
 * for the login behind a consent (read only; Connect owns these tables). Every
 * query names the customer and the login or account.
 */
import type { Db } from '../../platform/db.ts';
import type { AccountRow, HolderData, TransactionRow } from '../../connect/index.ts';

export interface LoginFacts {
  login_type: 'Personal' | 'Business';
  country: 'CA' | 'US';
  language: 'en' | 'fr';
  institution_id: number;
  institution_code: string;
  username: string;
  /** ISO timestamp of the last aggregation (the balances' as-of). */
  last_refresh: string | null;
}

export interface TransactionFilter {
  from: string | null;
  to: string | null;
}

export class FdxStore {
  constructor(private readonly db: Db) {}

  async login(customerId: string, loginId: string): Promise<LoginFacts | null> {
    const rows = await this.db.query<LoginFacts>(
      `select login_type, coalesce(profile->>'country', 'CA') as country, language, institution_id, institution_code, username,
         to_char(last_refresh at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as last_refresh
       from connect_logins where id = $1 and customer_id = $2`,
      [loginId, customerId],
    );
    return rows[0] ?? null;
  }

  async accounts(customerId: string, loginId: string, ids: string[]): Promise<AccountRow[]> {
    if (ids.length === 0) return [];
    return this.db.query<AccountRow>(
      'select * from connect_accounts where customer_id = $1 and login_id = $2 and id = any($3::uuid[]) order by position',
      [customerId, loginId, ids],
    );
  }

  async holder(customerId: string, loginId: string): Promise<HolderData | null> {
    const rows = await this.db.query<{ holder: HolderData }>('select holder from connect_holders where login_id = $1 and customer_id = $2', [loginId, customerId]);
    return rows[0]?.holder ?? null;
  }

  /** Where a cursor (a transaction id of this account) stands in the order, or null. */
  async cursor(customerId: string, accountId: string, transactionId: string): Promise<{ date: string; seq: number; id: string } | null> {
    const rows = await this.db.query<{ date: string; seq: number; id: string }>(
      `select to_char(date, 'YYYY-MM-DD') as date, seq, id from connect_transactions where id = $1 and account_id = $2 and customer_id = $3`,
      [transactionId, accountId, customerId],
    );
    return rows[0] ?? null;
  }

  /**
   * One page, newest first (date, then position, then id: a total order), from
   * the cursor on; `limit + 1` rows so the caller knows the next cursor.
   */
  async transactions(customerId: string, accountId: string, f: TransactionFilter, after: { date: string; seq: number; id: string } | null, limit: number): Promise<TransactionRow[]> {
    return this.db.query<TransactionRow>(
      `select id, account_id, to_char(date, 'YYYY-MM-DD') as date, seq, description, debit_cents, credit_cents, balance_cents
       from connect_transactions
       where customer_id = $1 and account_id = $2
         and ($3::date is null or date >= $3::date) and ($4::date is null or date <= $4::date)
         and ($5::date is null or (date, seq, id) <= ($5::date, $6::int, $7::uuid))
       order by date desc, seq desc, id desc
       limit $8`,
      [customerId, accountId, f.from, f.to, after?.date ?? null, after?.seq ?? null, after?.id ?? null, limit + 1],
    );
  }

  async countTransactions(customerId: string, accountId: string, f: TransactionFilter): Promise<number> {
    const rows = await this.db.query<{ n: number }>(
      `select count(*)::int as n from connect_transactions
       where customer_id = $1 and account_id = $2 and ($3::date is null or date >= $3::date) and ($4::date is null or date <= $4::date)`,
      [customerId, accountId, f.from, f.to],
    );
    return rows[0]!.n;
  }

  /** Transactions of one account between two dates, oldest first (statements). */
  async transactionsBetween(customerId: string, accountId: string, from: string, to: string): Promise<TransactionRow[]> {
    return this.db.query<TransactionRow>(
      `select id, account_id, to_char(date, 'YYYY-MM-DD') as date, seq, description, debit_cents, credit_cents, balance_cents
       from connect_transactions where customer_id = $1 and account_id = $2 and date >= $3::date and date <= $4::date
       order by date, seq`,
      [customerId, accountId, from, to],
    );
  }
}
