import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring, hashSecret, loadKeyring, secretMatches } from '../../../src/platform/crypto.ts';

test('envelope encryption round-trips and never contains the plaintext', () => {
  const ring = new Keyring([randomBytes(32)]);
  const token = ring.encrypt('Everyday-password');
  assert.ok(!token.includes('Everyday'));
  assert.equal(ring.decrypt(token), 'Everyday-password');
  assert.notEqual(ring.encrypt('x'), ring.encrypt('x'), 'a fresh data key and IV every time');
});

test('a tampered value is refused', () => {
  const ring = new Keyring([randomBytes(32)]);
  const parts = ring.encrypt('secret answer').split('.');
  const body = Buffer.from(parts[7]!, 'base64url');
  body[0] = body[0]! ^ 1;
  parts[7] = body.toString('base64url');
  assert.throws(() => ring.decrypt(parts.join('.')));
});

test('rotation: values sealed by the old key still open once a new key is first', () => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);
  const sealed = new Keyring([oldKey]).encrypt('saved credential');
  const rotated = new Keyring([newKey, oldKey]);
  assert.equal(rotated.decrypt(sealed), 'saved credential');
  assert.equal(rotated.active.id, new Keyring([newKey]).active.id);
  assert.throws(() => new Keyring([newKey]).decrypt(sealed), /not configured/);
});

test('a generated key file is owner-only and reused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ml-key-'));
  const warnings: string[] = [];
  const a = loadKeyring({ masterKey: null, dataDir: dir, warn: (m) => warnings.push(m) });
  const b = loadKeyring({ masterKey: null, dataDir: dir, warn: (m) => warnings.push(m) });
  assert.equal(a.active.id, b.active.id);
  assert.equal(statSync(join(dir, 'master.key')).mode & 0o777, 0o600);
  assert.equal(warnings.length, 1);
});

test('MAPLELINK_MASTER_KEY must be 32 bytes', () => {
  assert.throws(() => loadKeyring({ masterKey: 'abcd', dataDir: 'memory://', warn: () => {} }), /32 bytes/);
  const hex = randomBytes(32).toString('hex');
  assert.ok(loadKeyring({ masterKey: hex, dataDir: 'memory://', warn: () => {} }).active.id);
});

test('secrets are compared by digest', () => {
  const h = hashSecret('c4569c54-e167-4d34-8de6-f4113bc82414');
  assert.ok(secretMatches('c4569c54-e167-4d34-8de6-f4113bc82414', h));
  assert.ok(!secretMatches('c4569c54-e167-4d34-8de6-f4113bc82415', h));
  assert.ok(!secretMatches('', h));
});
