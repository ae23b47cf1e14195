/**
 * GEFT webhooks (docs.flinks.com/guides/pay/geft/webhooks/session-status and
 * api/pay/endpoints/geft/guarantee-confirm): the session-status event
 * `SessionSetupStatusChanged` (Completed, Failed, Canceled only) and the
 * guarantee event `GuaranteeIssued` (when the client confirms guarantees).
 * Signed as GEFT signs them: `X-Webhook-Signature: sha256=<HEX>`, uppercase hex
 * of HMAC-SHA256 over the raw body bytes with the webhook secret as UTF-8. The
 * body carries `when` (inside the signed bytes: replay protection) and no event
 * id (receivers dedupe on sessionId). Pure: the outbox stores and sends them.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SESSION_STATUS_EVENT = 'SessionSetupStatusChanged';
export const GUARANTEE_EVENT = 'GuaranteeIssued';
export const SIGNATURE_HEADER = 'X-Webhook-Signature';

/** `sha256=` and the uppercase hex HMAC-SHA256 of the raw body. */
export function geftSignature(secret: string, rawBody: string | Buffer): string {
  const bytes = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
  return `sha256=${createHmac('sha256', Buffer.from(secret, 'utf8')).update(bytes).digest('hex').toUpperCase()}`;
}

/** Checks a received header the way the docs tell receivers to: hex compared without case, in constant time. */
export function verifyGeftSignature(secret: string, rawBody: string | Buffer, header: string | undefined): boolean {
  if (typeof header !== 'string') return false;
  const m = /^\s*sha256=([0-9a-f]+)\s*$/i.exec(header);
  if (!m) return false;
  const expected = Buffer.from(geftSignature(secret, rawBody).slice(7).toLowerCase(), 'utf8');
  const given = Buffer.from(m[1]!.toLowerCase(), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function signHeaders(secret: string, rawBody: string): Record<string, string> {
  return { [SIGNATURE_HEADER]: geftSignature(secret, rawBody) };
}

export interface StatusEventInput {
  sessionId: string;
  referenceId: string | null;
  amountCents: number | null;
  status: string;
  statusDetails: string;
  when: Date;
}

/** The body of SessionSetupStatusChanged: the status endpoint's fields, the event name and `when`. */
export function statusEventBody(e: StatusEventInput): Record<string, unknown> {
  return {
    eventType: SESSION_STATUS_EVENT,
    when: e.when.toISOString(),
    sessionId: e.sessionId,
    referenceId: e.referenceId,
    amount: e.amountCents === null ? null : e.amountCents / 100,
    status: e.status,
    statusDetails: e.statusDetails,
  };
}

export interface GuaranteeEventInput {
  sessionId: string;
  referenceId: string | null;
  amountCents: number;
  highestDebitAmountToGuaranteeCents: number;
  overallRiskLevel: string;
  when: Date;
}

/** The body of GuaranteeIssued: what the client needs to accept or reject it through /guarantees/confirm. */
export function guaranteeEventBody(e: GuaranteeEventInput): Record<string, unknown> {
  return {
    eventType: GUARANTEE_EVENT,
    when: e.when.toISOString(),
    sessionId: e.sessionId,
    referenceId: e.referenceId,
    amount: e.amountCents / 100,
    highestDebitAmountToGuarantee: e.highestDebitAmountToGuaranteeCents / 100,
    overallRiskLevel: e.overallRiskLevel,
  };
}
