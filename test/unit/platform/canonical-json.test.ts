import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { canonicalJson } from '../../../src/platform/canonical-json.ts';

/** The same value with the keys of every object in reverse order. */
function reversed(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reversed);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversed(x)]));
  return v;
}

test('canonical JSON: the same text whatever the key order, and it parses back to the value', () => {
  fc.assert(fc.property(fc.jsonValue(), (v) => {
    const text = canonicalJson(v);
    assert.equal(canonicalJson(reversed(v)), text);
    assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(v)));
  }));
});

test('canonical JSON: options as a client sends them and as jsonb gives them back are the same text', () => {
  const sent = { WithTransactions: true, WithBalance: true, RefreshDelta: [{ TransactionId: 't', AccountId: 'a' }], Skip: undefined };
  const fromJsonb = { WithBalance: true, RefreshDelta: [{ AccountId: 'a', TransactionId: 't' }], WithTransactions: true };
  assert.equal(canonicalJson(sent), canonicalJson(fromJsonb));
  assert.equal(canonicalJson(fromJsonb), '{"RefreshDelta":[{"AccountId":"a","TransactionId":"t"}],"WithBalance":true,"WithTransactions":true}');
  assert.notEqual(canonicalJson({ a: [1, 2] }), canonicalJson({ a: [2, 1] }), 'arrays keep their order');
});
