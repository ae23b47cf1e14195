import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EnrichService, type LoginData } from '../../../src/enrich/service.ts';
import { CustomerRules } from '../../../src/enrich/engine/index.ts';
import type { AccountRow, LoginRow, TransactionRow } from '../../../src/connect/index.ts';
import type { Platform } from '../../../src/platform/platform.ts';

/**
 * The card over a login as the Connect store hands it over: each account's transactions newest first
 * (date descending, then posting order descending). Written by hand, not by the sandbox generator, so a
 * last day with several postings is there every time (a generated login has one only by chance).
 */
const LOGIN_ID = '5d6e8f21-3a4b-4c5d-8e9f-0a1b2c3d4e5f';
const CHEQUING = '0b8c2e4f-6a1d-4e3b-9c5f-7d2a4b6c8e01';

const login: LoginRow = {
  id: LOGIN_ID, customer_id: '43387ca6-0391-4c82-857d-70d95f087ecb', institution_id: 14, institution_code: 'FlinksCapital', connector: 'sandbox',
  sandbox_user: 'Greatday', username: 'Greatday', language: 'en', login_type: 'Personal', tag: null, saved: true, credentials_enc: null, answers_enc: null,
  pending_questions: [], is_scheduled_refresh: false, data_start: '2026-01-01', profile: {} as LoginRow['profile'], aggregation_state: 'Completed' as LoginRow['aggregation_state'],
  aggregation_started_at: null, last_refresh_text: '2026-03-10T18:00:00.000000', last_refresh: new Date('2026-03-10T18:00:00Z'), last_refresh_state: null,
  last_refresh_error: null, last_cached_call: null,
};

const chequing: AccountRow = {
  id: CHEQUING, login_id: LOGIN_ID, ref: 'chq', position: 0, title: 'Chequing', type: 'Chequing', category: 'Operations', currency: 'CAD', account_type: null,
  transit_number: '00021', institution_number: '777', account_number: '4410207', overdraft_limit_cents: 0, limit_cents: null, current_cents: 70_000,
  available_cents: 70_000, eft_eligible_ratio: 1, etransfer_eligible_ratio: 1,
};

let n = 0;
function tx(date: string, seq: number, description: string, debit: number | null, credit: number | null, balance: number): TransactionRow {
  n++;
  return { id: `9f0e1d2c-3b4a-4596-8877-${String(n).padStart(12, '0')}`, account_id: CHEQUING, date, seq, description, debit_cents: debit, credit_cents: credit, balance_cents: balance };
}

// Newest first, as the store reads them. On 2026-03-10 the day opens at 1,200.00 and ends at 700.00.
const transactions = [
  tx('2026-03-10', 3, 'INTERAC E-TRANSFER SENT', 30_000, null, 70_000),
  tx('2026-03-10', 2, 'RENT PAYMENT', 80_000, null, 100_000),
  tx('2026-03-10', 1, 'PAYROLL DEPOSIT ACME LOGISTICS', null, 60_000, 180_000),
  tx('2026-03-09', 1, 'TIM HORTONS #4412', 1_000, null, 120_000),
  tx('2026-03-08', 1, 'PHARMAPRIX #0231', 500, null, 121_000),
];

function card(names: string[]) {
  // The card reads the platform's clock only when the login was never refreshed; this one was.
  const service = new EnrichService({} as Platform, () => { throw new Error('the card needs no Connect'); });
  const data: LoginData = { login, requestId: 'a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d', accounts: [chequing], transactions, rules: new CustomerRules([]) };
  return service.card(data, { names, details: [] }).Card as Record<string, unknown>;
}

describe('The card over a login read from the store (newest first)', () => {
  test('balance_current is the last posting of a busy last day, the account\'s current balance', () => {
    assert.equal(card(['balance_current']).balance_current, 700);
  });

  test('balance_min reads each day at its close, not at its first posting', () => {
    // Opening 1,215.00; closing balances 1,210.00, 1,200.00, 700.00. The intraday 1,800.00 after the pay is not a close.
    assert.equal(card(['balance_min']).balance_min, 700);
  });
});
