/**
 * Webhook signatures as Flinks computes them (docs.flinks.com/reference/hmac; docs/webhooks.md): the Base64 of
 * HMAC-SHA256 over the raw body bytes, keyed with the customer's webhook secret
 * as UTF-8. Pure functions: no I/O, no clock.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** base64(HMAC-SHA256(secret as UTF-8, raw body bytes)). A string body is taken as UTF-8. */
export function signBody(secret: string, rawBody: string | Buffer): string {
  const bytes = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(bytes).digest('base64');
}

/**
 * True when `signature` is the signature of `rawBody` under `secret`. The
 * comparison runs in constant time over the Base64 text; surrounding blanks
 * (a header folded by a proxy) are ignored.
 */
export function verifySignature(secret: string, rawBody: string | Buffer, signature: string): boolean {
  if (typeof signature !== 'string') return false;
  const expected = Buffer.from(signBody(secret, rawBody), 'utf8');
  const given = Buffer.from(signature.trim(), 'utf8');
  if (given.length !== expected.length) return false;
  return timingSafeEqual(given, expected);
}
