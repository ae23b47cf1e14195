/**
 * The simulated Interac request-for-money (docs.flinks.com/api/pay/endpoints/e-transfer): once
 * sent, it waits for the payor at their bank, who accepts it, declines it or
 * lets it expire; an accepted request is processed, then settled to the client.
 * Pure: `nextStep(rfm, now)` says which one transition is due at `now` (the
 * service applies it and asks again), so the same rules serve the pg-boss job,
 * the sandbox controls and a clock moved forward by days.
 *
 *   Sent ─ payor accepts ─→ Accepted ─→ Processed ─ settlement delay ─→ Settled
 *     ├─ payor accepts, holder name differs ─→ Failed
 *     ├─ payor declines ─────────────────────→ Declined
 *     ├─ expiry reached ─────────────────────→ Expired
 *     └─ session or request cancelled ───────→ Cancelled
 *
 * The payment request mirrors these statuses (Sent is its Processing).
 */
import { nameMatchScore, namesMatch } from '../identity.ts';

export type RfmStatus = 'Sent' | 'Accepted' | 'Processed' | 'Settled' | 'Declined' | 'Expired' | 'Cancelled' | 'Failed';
export type PayorAction = 'accept' | 'decline' | 'expire';

export interface Rfm {
  status: RfmStatus;
  sentAt: Date;
  expiresAt: Date;
  /** What the payor will do at their bank (sandbox control), and when. */
  action: PayorAction | null;
  actionAt: Date | null;
  /** The name on the account the payor accepts from (null: the payor's own). */
  holderName: string | null;
  processedAt: Date | null;
}

export interface RfmPolicy {
  /** How long a processed payment takes to reach the client's account. */
  settlementMs: number;
  /** The payor's name as the client gave it, matched against the accepting account's holder. */
  payorName: { firstName: string; lastName: string };
}

export interface RfmStep {
  status: RfmStatus;
  /** statusDetails of the payment request. */
  details: string;
}

export const TERMINAL_RFM: ReadonlySet<RfmStatus> = new Set(['Settled', 'Declined', 'Expired', 'Cancelled', 'Failed']);

/** The payment request status of an RFM status. */
export function paymentStatusOf(s: RfmStatus): 'Processing' | Exclude<RfmStatus, 'Sent'> {
  return s === 'Sent' ? 'Processing' : s;
}

export function nextStep(r: Rfm, now: Date, policy: RfmPolicy): RfmStep | null {
  const t = now.getTime();
  switch (r.status) {
    case 'Sent': {
      const acted = r.action !== null && r.actionAt !== null && r.actionAt.getTime() <= t;
      // The payor acting before the expiry wins over it; an expiry that came first wins over a late action.
      if (acted && (r.action === 'expire' || r.actionAt!.getTime() < r.expiresAt.getTime())) {
        if (r.action === 'decline') return { status: 'Declined', details: 'The payor declined the request at their financial institution' };
        if (r.action === 'expire') return { status: 'Expired', details: 'The payor did not act on the request before it expired' };
        if (r.holderName !== null && !namesMatch(nameMatchScore(policy.payorName, r.holderName))) {
          return { status: 'Failed', details: 'The account holder name does not match the payor name' };
        }
        return { status: 'Accepted', details: 'The payor accepted the request at their financial institution' };
      }
      if (r.expiresAt.getTime() <= t) return { status: 'Expired', details: 'The payor did not act on the request before it expired' };
      return null;
    }
    case 'Accepted':
      return { status: 'Processed', details: 'Funds received; awaiting settlement' };
    case 'Processed':
      return r.processedAt !== null && r.processedAt.getTime() + policy.settlementMs <= t ? { status: 'Settled', details: 'Funds transferred to the client' } : null;
    default:
      return null;
  }
}
