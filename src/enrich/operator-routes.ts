/**
 * Enrich's operator endpoints (Maplelink's own API, /operator/v1, tag Operator) for the
 * console's login page: charts, categorized transactions and the attribute card. Errors in the
 * operator shape; the customer and login are found (or 404) through Connect.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { operatorErrors } from '../platform/operator/errors.ts';
import { PageQuery } from '../platform/operator/paging.ts';
import { LoginParams } from '../connect/index.ts';
import { PRIMARY_CATEGORIES } from './engine/index.ts';
import type { OperatorEnrich } from './operator.ts';

const tags = ['Operator'];
const security = [{ operator: [] }];
const errors = operatorErrors;
const Money = z.number().describe('in the account\'s currency');

const Charts = z.object({
  loginId: z.string(),
  asOf: z.string().describe('the day the data is as of (its last refresh)'),
  accounts: z.array(z.object({
    accountId: z.string(),
    title: z.string(),
    currency: z.string(),
    balance: z.object({
      source: z.enum(['stored', 'derived']).describe('stored: the institution\'s running balances; derived: worked back from the current balance'),
      points: z.array(z.object({ date: z.string(), balance: Money })).describe('the end-of-day balance, one point a day from the first transaction to asOf'),
    }),
    cashFlow: z.array(z.object({ month: z.string().describe('YYYY-MM'), moneyIn: Money, moneyOut: Money })),
    spending: z.array(z.object({ category: z.string(), amount: Money, transactions: z.number().int() })).describe('debits by the categorizer\'s primary category, largest first (transfers and income left out)'),
  })),
});

const TransactionsQuery = PageQuery.extend({
  accountId: z.string().optional(),
  from: z.string().optional().describe('YYYY-MM-DD, inclusive'),
  to: z.string().optional().describe('YYYY-MM-DD, inclusive'),
  q: z.string().max(200).optional().describe('words of the description or merchant (any case)'),
  category: z.string().max(100).optional().describe('a primary category or subcategory of GET /v3/{customerId}/BankingServices/Categories/CA'),
});

const Transaction = z.object({
  id: z.string(),
  accountId: z.string(),
  date: z.string(),
  description: z.string(),
  debit: z.number().nullable(),
  credit: z.number().nullable(),
  balance: z.number().nullable(),
  category: z.enum(PRIMARY_CATEGORIES),
  subCategory: z.string(),
  merchantName: z.string().nullable(),
});

const AttributesQuery = z.object({ package: z.enum(['income', 'creditRisk', 'userAnalysis', 'lending', 'business']).optional().describe('one use case\'s attributes; every attribute of the login\'s kind when absent') });

const Attributes = z.object({
  loginId: z.string(),
  asOf: z.string(),
  attributes: z.array(z.object({
    name: z.string(),
    value: z.union([z.number(), z.string()]),
    unit: z.string(),
    category: z.string(),
    description: z.string(),
    explanation: z.string().describe('how this value came out: the transactions (subject, window) or balances it was read from'),
    transactionCount: z.number().int(),
    transactionIds: z.array(z.string()).describe('the newest supporting transactions (at most 10); each is in `transactions`'),
  })),
  transactions: z.array(z.object({ id: z.string(), accountId: z.string(), date: z.string(), description: z.string(), debit: z.number().nullable(), credit: z.number().nullable(), category: z.string() })),
});

export async function enrichOperatorRoutes(op: FastifyInstance, service: OperatorEnrich): Promise<void> {
  const r = op.withTypeProvider<ZodTypeProvider>();
  const base = '/customers/:customerId/logins/:loginId';

  r.get(`${base}/charts`, {
    schema: { tags, security, params: LoginParams, summary: 'What the console charts for each account: daily balance, monthly cash flow, spending by category', response: { 200: Charts, ...errors } },
  }, async (req) => service.charts(req.params.customerId, req.params.loginId));

  r.get(`${base}/transactions`, {
    schema: { tags, security, params: LoginParams, querystring: TransactionsQuery, summary: 'The login\'s transactions with their categories, newest first, filtered and keyset-paged', response: { 200: z.object({ transactions: z.array(Transaction), nextCursor: z.string().nullable() }), ...errors } },
  }, async (req) => service.transactions(req.params.customerId, req.params.loginId, { ...req.query, limit: req.query.limit ?? 50 }));

  r.get(`${base}/attributes`, {
    schema: { tags, security, params: LoginParams, querystring: AttributesQuery, summary: 'The attribute card of the login\'s operating accounts: each value with its explanation and supporting transactions', response: { 200: Attributes, ...errors } },
  }, async (req) => service.attributes(req.params.customerId, req.params.loginId, req.query.package));
}
