/**
 * The JSON of sessions as Flinks answers it (docs.flinks.com/api/pay/endpoints/geft/
 * sessions-status and sessions-details):
 * status, details, and the hosted app's own view. Money leaves as numbers with
 * at most two decimals; nullable fields are null, never omitted.
 */
import type { PaymentRequest } from '../payment-requests.ts';
import type { InteracRow, SessionRow } from './store.ts';
import type { BankAccount } from './validate.ts';
import type { z } from 'zod';
import type { SessionDetailsAnswer, SessionStatusAnswer } from '../schemas.ts';

/** The request for money as the client sees it: canceled with its payment request, even before the sweep records it. */
export function interacStatus(interac: InteracRow, pr: PaymentRequest | null): string {
  return interac.status === 'Sent' && pr?.status === 'Cancelled' ? 'Cancelled' : interac.status;
}

const dollars = (cents: number | null | undefined) => (cents === null || cents === undefined ? null : cents / 100);

export function statusJson(s: SessionRow): z.infer<typeof SessionStatusAnswer> {
  return { sessionId: s.id, referenceId: s.reference_id, amount: dollars(s.amount_cents), status: s.status, statusDetails: s.status_details };
}

export interface DetailsExtras {
  payee: BankAccount | null;
  paymentRequest: PaymentRequest | null;
  interac: InteracRow | null;
}

export function detailsJson(s: SessionRow, x: DetailsExtras): z.infer<typeof SessionDetailsAnswer> {
  const interac = s.kind === 'e-Transfer';
  const started = s.status !== 'Initiated';
  const body: z.infer<typeof SessionDetailsAnswer> = {
    sessionId: s.id,
    status: s.status,
    statusDetails: s.status_details,
    step: { current: s.step, aggregationRequestId: s.request_id, padId: s.pad_id },
    referenceId: s.reference_id,
    amount: dollars(s.amount_cents),
    type: interac ? 'e-Transfer' : 'EFT',
    direction: 'DEBIT',
    currency: 'CAD',
    options: {
      guarantee: { enable: s.kind === 'GEFT' },
      notificationPreferences: { language: s.language ?? 'EN', ...(interac ? { sendInteracLink: s.send_interac_link } : {}) },
      showConsentScreen: s.show_consent,
      limits: { minimumAmount: s.minimum_cents / 100, maximumAmount: s.maximum_cents / 100 },
      amountModification: !s.amount_locked,
      redirectPreferences: { mode: s.redirect.mode, urlSuccess: s.redirect.urlSuccess, urlExit: s.redirect.urlExit },
    },
    payor: {
      email: s.payor.email,
      firstName: s.payor.firstName,
      lastName: s.payor.lastName,
      middleName: s.payor.middleName,
      phone: s.payor.phone,
      // Empty until the session passes Initiated (docs.flinks.com/api/pay/endpoints/geft/sessions-details), then the chosen account, masked.
      account: started && s.payor_account
        ? { institutionCode: s.payor_account.institutionCode, transitNumber: s.payor_account.transitNumber, accountNumber: s.payor_account.accountNumber, accountLabel: s.payor_account.accountLabel, availableBalance: dollars(s.payor_account.availableBalanceCents) }
        : null,
      address: s.payor.address,
    },
    // Regular EFT always answers payee null (funds settle to the client's account).
    payee: s.kind === 'EFT' || !x.payee ? null : { account: { institutionCode: x.payee.institutionCode, transitNumber: x.payee.transitNumber, accountNumber: `****${x.payee.accountNumber.slice(-4)}`, accountLabel: x.payee.accountLabel } },
    userDetails: s.user_details ? { matchingPerformed: s.user_details.matchingPerformed, nameMatch: s.user_details.nameMatch } : { matchingPerformed: false, nameMatch: null },
    createdAt: s.created_at.toISOString(),
  };
  if (s.kind === 'GEFT') {
    const g = s.guarantee;
    body.guaranteeDetails = {
      guaranteeOffered: g ? g.offered : false,
      guaranteeAccepted: g ? g.accepted === true : false,
      highestDebitAmountToGuarantee: g ? dollars(g.highestDebitAmountToGuaranteeCents) : null,
      overallRiskLevel: g?.overallRiskLevel ?? 'Unknown',
      transactionRiskLevel: g?.transactionRiskLevel ?? 'Unknown',
      userRiskLevel: g?.userRiskLevel ?? 'Unknown',
      otherRiskLevel: g?.otherRiskLevel ?? 'Unknown',
      requestedAmount: g ? dollars(g.requestedCents) : null,
      offeredAmount: g ? dollars(g.offeredCents) : null,
      nextBestOffer: g ? g.nextBestOffer : false,
    };
  }
  if (interac || x.paymentRequest) {
    body.schedule = { transactions: x.paymentRequest ? [{ id: x.paymentRequest.id, status: x.paymentRequest.status }] : [] };
  }
  if (interac) {
    body.interacRequest = x.interac ? { status: interacStatus(x.interac, x.paymentRequest), sentAt: x.interac.sent_at.toISOString(), expiresAt: x.interac.expires_at.toISOString() } : null;
    body.notification = s.notification;
  }
  return body;
}
