import * as crypto from 'node:crypto';
import { createHash, randomUUID } from 'node:crypto';

export function newId(): string {
  return randomUUID();
}

/**
 * SHA-256 of a string, in hex. `crypto.hash` (Node 20.12+, nodejs.org/api/crypto.html#cryptohashalgorithm-data-outputencoding)
 * computes it without a Hash object: ids of a million transactions a night are derived here.
 */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;
const sha256Hex: (s: string) => string = oneShot ? (s) => oneShot('sha256', s, 'hex') : (s) => createHash('sha256').update(s).digest('hex');

/** A GUID derived from its parts: the same parts always give the same id. */
export function stableId(...parts: string[]): string {
  const h = sha256Hex(parts.join('\u0000'));
  // Shape it as an RFC 4122 version-4/variant-1 GUID so clients that validate ids accept it.
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isGuid(s: unknown): s is string {
  return typeof s === 'string' && GUID.test(s);
}

