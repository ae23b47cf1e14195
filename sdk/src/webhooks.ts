/**
 * Webhook signatures, checked in constant time over the raw body bytes (parse the JSON only after).
 *
 * - Connect (docs.flinks.com/reference/hmac): `flinks-authenticity-key` (newer samples read
 *   `X-Flinks-Signature`; Maplelink sends both) = Base64 of HMAC-SHA256(key = secret as UTF-8, raw body).
 * - Pay's Guaranteed EFT sessions (docs.flinks.com/guides/pay/geft/webhooks/client-setup):
 *   `X-Webhook-Signature: sha256=<HEX>`, the same HMAC in hexadecimal, compared without case.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The signature headers, in the order they are looked for. */
export const SIGNATURE_HEADERS = ['flinks-authenticity-key', 'x-flinks-signature', 'x-webhook-signature'] as const;

function bytesOf(body: string | Uint8Array): Uint8Array {
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
}

/**
 * True when `signatureHeader` signs `rawBody` under `secret`: a Base64 signature (the Connect
 * headers) or `sha256=<hex>` (Pay's). False for a missing, malformed or wrong signature; the
 * comparison takes the same time wherever the signatures differ.
 */
export function verifyWebhookSignature(rawBody: string | Uint8Array, signatureHeader: string | readonly string[] | null | undefined, secret: string): boolean {
  const header: string | null | undefined = typeof signatureHeader === 'string' || signatureHeader == null ? signatureHeader : signatureHeader[0];
  if (typeof header !== 'string' || typeof secret !== 'string' || secret === '') return false;
  const mac = createHmac('sha256', Buffer.from(secret, 'utf8')).update(bytesOf(rawBody)).digest();
  const given = header.trim();
  const hex = /^sha256=([0-9a-fA-F]+)$/.exec(given);
  const expected = Buffer.from(hex ? mac.toString('hex') : mac.toString('base64'), 'utf8');
  const actual = Buffer.from(hex ? hex[1]!.toLowerCase() : given, 'utf8');
  // Lengths are public (the digest's length is fixed); only equal lengths are compared, in constant time.
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** The signature header of a received request, whichever of the documented names it came under. */
export function signatureHeaderOf(headers: Headers | Record<string, string | string[] | undefined>): string | undefined {
  for (const name of SIGNATURE_HEADERS) {
    const v = headers instanceof Headers ? headers.get(name) ?? undefined : lookup(headers, name);
    if (v !== undefined) return Array.isArray(v) ? v[0] : v;
  }
  return undefined;
}

function lookup(headers: Record<string, string | string[] | undefined>, name: string): string | string[] | undefined {
  if (headers[name] !== undefined) return headers[name];
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return v;
  return undefined;
}

/** The Base64 signature Connect's webhooks carry (to sign test fixtures, or to act as a sender). */
export function signWebhookBody(rawBody: string | Uint8Array, secret: string): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(bytesOf(rawBody)).digest('base64');
}
