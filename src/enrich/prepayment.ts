/**
 * Prepayment (payment optimization): repayment dates chosen from the borrower's pay cycle, so
 * each payment lands the business day after a pay deposit. Path and body follow the only
 * public client (docs.flinks.com/api/enrich/endpoints/payment-attributes/pre-payment
 * names the endpoint without them, so they are our reading; docs/compatibility.md): LoanFrequency Weekly/BiWeekly/BiMonthly/Monthly,
 * ExpectedRepaymentTotal, FundingDate (YYYY-MM-DD), Duration (number of payments).
 */
import { pickKey } from '../platform/http/normalize.ts';
import { flinksErrors } from '../platform/http/flinks-errors.ts';
import type { EnrichService, LoginData } from './service.ts';
import { addDays, dayNumber } from './engine/dates.ts';
import { rhythmOf } from './engine/recurring.ts';

/** Days between payments by LoanFrequency (a Map: a name such as "constructor" is not a frequency). */
const FREQUENCIES = new Map([['weekly', 7], ['biweekly', 14], ['bimonthly', 15], ['monthly', 30]]);

/** A field's text; any other JSON value is no text (and fails the field's check). */
const textOf = (v: unknown): string => (typeof v === 'string' ? v : '');

export function prepayment(service: EnrichService, data: LoginData, body: Record<string, unknown>) {
  const period = FREQUENCIES.get(textOf(pickKey(body, 'LoanFrequency')).toLowerCase());
  if (!period) throw flinksErrors.invalidRequest({ detail: 'LoanFrequency must be Weekly, BiWeekly, BiMonthly or Monthly.' });
  const total = Number(pickKey(body, 'ExpectedRepaymentTotal'));
  if (!Number.isFinite(total) || total <= 0) throw flinksErrors.invalidRequest({ detail: 'ExpectedRepaymentTotal must be a positive amount.' });
  const funding = textOf(pickKey(body, 'FundingDate'));
  if (!/^\d{4}-\d{2}-\d{2}$/.test(funding) || Number.isNaN(Date.parse(funding))) throw flinksErrors.invalidRequest({ detail: 'FundingDate must be a date YYYY-MM-DD.' });
  const duration = Number(pickKey(body, 'Duration'));
  if (!Number.isInteger(duration) || duration < 1 || duration > 120) throw flinksErrors.invalidRequest({ detail: 'Duration must be a number of payments from 1 to 120.' });

  // The pay cycle: the employer deposits (the supporting transactions of next_pay_date_1).
  const card = service.card(data, { names: ['employer_income_frequency', 'next_pay_date_1'], details: ['next_pay_date_1'] }) as { Card: Record<string, unknown> & { AttributesDetail?: { Transactions: { Date: string }[] }[] } };
  const payDates = (card.Card.AttributesDetail?.[0]?.Transactions ?? []).map((t) => t.Date.replaceAll('/', '-')).sort();
  const rhythm = payDates.length >= 3 ? rhythmOf(payDates) : null;
  const amountCents = Math.round((total * 100) / duration);
  const dates: string[] = [];
  if (rhythm) {
    // Walk the pay series forward from the funding date; take a pay date at the loan's rhythm.
    let series = [...payDates];
    let next = rhythm.next;
    while (dayNumber(next) <= dayNumber(funding)) {
      series.push(next);
      next = rhythmOf(series)!.next;
    }
    let lastTaken: string | null = null;
    for (let guard = 0; dates.length < duration && guard < 2000; guard++) {
      if (lastTaken === null || dayNumber(next) - dayNumber(lastTaken) >= period - 3) {
        dates.push(addDays(next, 1));
        lastTaken = next;
      }
      series.push(next);
      series = series.slice(-12);
      next = rhythmOf(series)!.next;
    }
  } else {
    for (let i = 1; i <= duration; i++) dates.push(addDays(funding, i * period));
  }
  const schedule = dates.map((d, i) => ({ Date: d, Amount: (i === duration - 1 ? Math.round(total * 100) - amountCents * (duration - 1) : amountCents) / 100 }));
  return {
    HttpStatusCode: 200 as const,
    LoginId: data.login.id,
    RequestId: data.requestId,
    PayFrequency: card.Card.employer_income_frequency,
    NextPayDate: card.Card.next_pay_date_1,
    BasedOnPayCycle: rhythm !== null,
    Payments: schedule,
  };
}
