/**
 * Settlement: a filed payment is Settled once its value date is
 * `settlementDays` behind us without a return (the funds have moved and the
 * usual return window is over). A later return can still fail it (a PAD
 * dispute may come months later).
 */
import type { Platform } from '../../platform/platform.ts';
import type { PayConfig } from '../config.ts';
import { setPaymentRequestsStatus } from '../payment-requests.ts';
import { addDays, dateIn } from '../eft/dates.ts';

/** The latest value date whose payments are settled today. */
export function settledThrough(config: PayConfig, now: Date): string {
  return addDays(dateIn(config.timezone, now), -config.settlementDays);
}

/** Settles every customer's payments that are due for it (or only `paymentIds` of one customer). Answers how many moved. */
export async function settle(p: Platform, config: PayConfig, only?: { customerId: string; paymentIds?: string[] }): Promise<number> {
  const through = settledThrough(config, p.clock.now());
  const rows = await p.db.query<{ customer_id: string; id: string }>(
    `select e.customer_id, e.id from pay_eft_payments e
     join pay_files f on f.id = e.file_id
     join pay_payment_requests r on r.id = e.id
     where r.status = 'Processed' and f.value_date <= $1 and ($2::uuid is null or e.customer_id = $2) and ($3::uuid[] is null or e.id = any($3::uuid[]))`,
    [through, only?.customerId ?? null, only?.paymentIds ?? null],
  );
  const byCustomer = new Map<string, string[]>();
  for (const r of rows) byCustomer.set(r.customer_id, [...(byCustomer.get(r.customer_id) ?? []), r.id]);
  let moved = 0;
  for (const [customerId, ids] of byCustomer) {
    // One transaction per slice: a settlement run of a large day does not hold every lock at once.
    for (let i = 0; i < ids.length; i += 5000) {
      const slice = ids.slice(i, i + 5000);
      moved += await p.db.tx(async (q) => {
        const done = await setPaymentRequestsStatus(q, customerId, slice, ['Processed'], 'Settled', `Settled (value date on or before ${through})`, p);
        if (done.length) await q.query('update pay_eft_payments set settled_at = $2 where id = any($1::uuid[])', [done.map((d) => d.id), p.clock.now()]);
        return done.length;
      });
    }
  }
  return moved;
}
