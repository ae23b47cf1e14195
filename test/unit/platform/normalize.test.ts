import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import fc from 'fast-check';
import { normalizeKeys } from '../../../src/platform/http/normalize.ts';
import { rewriteUrl } from '../../../src/platform/server.ts';

const Body = z.object({
  RequestId: z.string(),
  WithKYC: z.boolean().optional(),
  MostRecentCached: z.boolean().default(false),
  DaysOfTransactions: z.enum(['Days90', 'Days365']).optional(),
  Take: z.number().optional(),
  LoginId: z.string().optional(),
});

test('keys bind without regard to case or underscores; unknown keys are dropped', () => {
  const out = normalizeKeys({ requestid: 'r', withKyc: 'True', MOSTRECENTCACHED: 'false', login_id: 'l', Extra: 1 }, Body);
  assert.deepEqual(out, { RequestId: 'r', WithKYC: true, MostRecentCached: false, LoginId: 'l' });
});

test('DaysOfTransaction (C# SDK spelling) binds to DaysOfTransactions', () => {
  assert.deepEqual(normalizeKeys({ RequestId: 'r', DaysOfTransaction: 'Days365' }, Body), { RequestId: 'r', DaysOfTransactions: 'Days365' });
});

test('numeric strings become numbers where a number is wanted', () => {
  assert.deepEqual(normalizeKeys({ take: '20' }, Body), { Take: 20 });
});

test('the first of two keys folding to the same name wins', () => {
  assert.deepEqual(normalizeKeys({ RequestId: 'a', requestId: 'b' }, Body), { RequestId: 'a' });
});

test('non-objects pass through untouched for validation to report', () => {
  for (const v of [null, 1, 'x', [1, 2]]) assert.deepEqual(normalizeKeys(v, Body), v);
});

test('property: normalising never throws and yields only schema keys', () => {
  fc.assert(
    fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (input) => {
      const out = normalizeKeys(input, Body) as Record<string, unknown>;
      for (const k of Object.keys(out)) assert.ok(k in Body.shape);
    }),
  );
});

test('rewriteUrl trims encoded blanks and doubled slashes in the path only', () => {
  assert.equal(rewriteUrl('/v3/x/BankingServices/GetAccountsDetail%20'), '/v3/x/BankingServices/GetAccountsDetail');
  assert.equal(rewriteUrl('/v3//x/A%20%20/B?q=a%20b'), '/v3/x/A/B?q=a%20b');
  assert.equal(rewriteUrl('/health'), '/health');
});
