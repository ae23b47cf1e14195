/**
 * Outbound's error registry: every entry has one stable code and status, no code is
 * registered twice on a surface, and an error made by an entry carries what the entry says.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OUTBOUND_ERRORS, fdxBody, managementBody, oauthBody } from '../../../src/outbound/errors.ts';

test('each Outbound surface registers each code once, and its errors carry the registered code and status', () => {
  for (const [surface, registry] of Object.entries(OUTBOUND_ERRORS)) {
    const seen = new Map<string, string>();
    for (const [name, entry] of Object.entries(registry)) {
      assert.ok(!seen.has(entry.code), `${surface}: ${name} and ${seen.get(entry.code)} share the code ${entry.code}`);
      seen.set(entry.code, name);
      const err = (entry as (m: string) => { status: number; code: string })('detail');
      assert.equal(err.status, entry.status, `${surface}.${name}`);
      assert.equal(err.code, entry.code, `${surface}.${name}`);
    }
  }
});

test('each surface writes its own shape', () => {
  assert.deepEqual(oauthBody(OUTBOUND_ERRORS.oauth.invalidScope('no such scope')), { error: 'invalid_scope', error_description: 'no such scope' });
  assert.deepEqual(managementBody(OUTBOUND_ERRORS.management.invalidBearerToken()), { message: 'Invalid Bearer Token' });
  assert.deepEqual(fdxBody(OUTBOUND_ERRORS.fdx.accountNotFound('Account x is not shared')), { code: 701, message: 'Account not found', debugMessage: 'Account x is not shared' });
  // FDX codes are numbers on the wire, each registered as its string.
  for (const entry of Object.values(OUTBOUND_ERRORS.fdx)) assert.match(entry.code, /^\d+$/);
});
