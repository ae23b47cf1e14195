/**
 * Secrets at rest. Envelope encryption: every value gets its own data key
 * (AES-256-GCM); the data key is wrapped by the master key, whose id travels
 * with the value so the master key can be rotated (old keys stay readable).
 * API secrets are never stored: only their SHA-256 digest, compared in constant time.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface MasterKey {
  id: string;
  key: Buffer;
}

function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

function parseKey(text: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32) throw new Error('a master key must be 32 bytes, given as 64 hex digits or base64');
  return key;
}

export class Keyring {
  private readonly byId = new Map<string, Buffer>();
  readonly active: MasterKey;
  /** keys[0] encrypts; every key decrypts (rotation: put the new key first, keep the old after it). */
  constructor(keys: Buffer[]) {
    if (keys.length === 0) throw new Error('at least one master key is needed');
    for (const k of keys) this.byId.set(keyId(k), k);
    this.active = { id: keyId(keys[0]!), key: keys[0]! };
  }

  encrypt(plain: string): string {
    const dataKey = randomBytes(32);
    const sealed = seal(dataKey, Buffer.from(plain, 'utf8'));
    const wrapped = seal(this.active.key, dataKey);
    return `v1.${this.active.id}.${wrapped}.${sealed}`;
  }

  decrypt(token: string): string {
    const parts = token.split('.');
    if (parts.length !== 8 || parts[0] !== 'v1') throw new Error('not an encrypted value');
    const master = this.byId.get(parts[1]!);
    if (!master) throw new Error(`master key ${parts[1]} is not configured`);
    const dataKey = open(master, parts.slice(2, 5).join('.'));
    return open(dataKey, parts.slice(5, 8).join('.')).toString('utf8');
  }

  encryptJson(value: unknown): string {
    return this.encrypt(JSON.stringify(value));
  }
  decryptJson<T>(token: string): T {
    return JSON.parse(this.decrypt(token)) as T;
  }
}

function seal(key: Buffer, plain: Buffer): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([c.update(plain), c.final()]);
  return `${iv.toString('base64url')}.${c.getAuthTag().toString('base64url')}.${body.toString('base64url')}`;
}

function open(key: Buffer, sealed: string): Buffer {
  const [iv, tag, body] = sealed.split('.');
  const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv!, 'base64url'));
  d.setAuthTag(Buffer.from(tag!, 'base64url'));
  return Buffer.concat([d.update(Buffer.from(body!, 'base64url')), d.final()]);
}

/**
 * The keyring from MAPLELINK_MASTER_KEY (comma-separated, newest first), or from a
 * key file generated in the data directory with owner-only permissions.
 */
export function loadKeyring(opts: { masterKey: string | null; dataDir: string; warn: (msg: string) => void }): Keyring {
  if (opts.masterKey) return new Keyring(opts.masterKey.split(',').map(parseKey));
  if (opts.dataDir === 'memory://') return new Keyring([randomBytes(32)]);
  const file = join(opts.dataDir, 'master.key');
  if (!existsSync(file)) {
    mkdirSync(opts.dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600 });
    opts.warn(`MAPLELINK_MASTER_KEY is not set: generated a master key in ${file} (owner-only). Back it up; without it saved credentials cannot be read.`);
  }
  chmodSync(file, 0o600);
  return new Keyring([parseKey(readFileSync(file, 'utf8'))]);
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/**
 * Digests of recently presented secrets. Every authenticated request presents the
 * same few keys; hashing each time was a tenth of a trivial request. The
 * plaintext stays in process memory only, as it does in every request.
 */
const recentDigests = new Map<string, Buffer>();
const storedDigests = new Map<string, Buffer>();

function digestOf(presented: string): Buffer {
  let d = recentDigests.get(presented);
  if (!d) {
    d = createHash('sha256').update(presented, 'utf8').digest();
    if (recentDigests.size >= 1000) recentDigests.delete(recentDigests.keys().next().value!);
    recentDigests.set(presented, d);
  }
  return d;
}

/** Constant-time comparison of a presented secret with a stored digest. */
export function secretMatches(presented: string, storedHash: string): boolean {
  let b = storedDigests.get(storedHash);
  if (!b) {
    b = Buffer.from(storedHash, 'hex');
    if (storedDigests.size >= 1000) storedDigests.delete(storedDigests.keys().next().value!);
    storedDigests.set(storedHash, b);
  }
  const a = digestOf(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}
