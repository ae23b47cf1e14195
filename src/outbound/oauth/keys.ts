/**
 * The authorization server's secrets: the ES256 key that signs access tokens
 * (published at the JWKS endpoint) and the keys that sign its cookies. Made once,
 * stored encrypted with the platform keyring, shared by every process on the
 * database, so tokens survive restarts and any replica verifies them.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { calculateJwkThumbprint, importJWK, type JWK } from 'jose';
import type { Db } from '../../platform/db.ts';
import type { Keyring } from '../../platform/crypto.ts';

export interface OAuthSecrets {
  /** Private JWK with kid, alg and use (for oidc-provider's jwks option). */
  signingJwk: JWK;
  /** The public half, imported once, for verifying our own access tokens. */
  verifyKey: CryptoKey | Uint8Array;
  kid: string;
  cookieKeys: string[];
}

async function loadOrCreate(db: Db, keys: Keyring, name: string, make: () => Promise<string> | string): Promise<string> {
  const existing = await db.query<{ value_enc: string }>('select value_enc from outbound_secrets where name = $1', [name]);
  if (existing[0]) return keys.decrypt(existing[0].value_enc);
  // Two processes starting together: the first insert wins and both read it back.
  await db.query('insert into outbound_secrets (name, value_enc) values ($1, $2) on conflict (name) do nothing', [name, keys.encrypt(await make())]);
  const rows = await db.query<{ value_enc: string }>('select value_enc from outbound_secrets where name = $1', [name]);
  return keys.decrypt(rows[0]!.value_enc);
}

export async function loadSecrets(db: Db, keys: Keyring): Promise<OAuthSecrets> {
  const jwkText = await loadOrCreate(db, keys, 'signing-key', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = privateKey.export({ format: 'jwk' }) as JWK;
    const kid = await calculateJwkThumbprint({ kty: jwk.kty!, crv: jwk.crv!, x: jwk.x!, y: jwk.y! });
    return JSON.stringify({ ...jwk, kid, alg: 'ES256', use: 'sig' });
  });
  const cookieText = await loadOrCreate(db, keys, 'cookie-keys', () => JSON.stringify([randomBytes(32).toString('base64url')]));
  const signingJwk = JSON.parse(jwkText) as JWK;
  const { d: _private, ...publicJwk } = signingJwk;
  return {
    signingJwk,
    verifyKey: await importJWK(publicJwk, 'ES256'),
    kid: signingJwk.kid!,
    cookieKeys: JSON.parse(cookieText) as string[],
  };
}
