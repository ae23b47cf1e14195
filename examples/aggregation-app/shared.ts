/** What the example's backend answers its front end (types only; shared by server.ts and web/src). */

export interface Transaction {
  id: string;
  date: string;
  description: string;
  debit: number | null;
  credit: number | null;
  balance: number | null;
}

export interface Account {
  id: string;
  title: string;
  type: string | null;
  category: string | null;
  currency: string;
  /** Last four digits only: the page never shows a full account number. */
  accountNumberLast4: string | null;
  balance: { available: number | null; current: number | null; limit: number | null };
  transactions: Transaction[];
}

export interface AccountsData {
  loginId: string;
  requestId: string;
  institution: string | null;
  lastRefresh: string | null;
  accounts: Account[];
}

export interface Config {
  maplelinkUrl: string;
  customerId: string;
}

export type RefreshResult = ({ status: 'ready' } & AccountsData) | { status: 'mfa'; requestId: string; authorizeToken: string };

export interface ApiErrorBody {
  error: string;
  flinksCode?: string;
}
