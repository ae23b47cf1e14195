/**
 * The request log's pure parts: the identifiers read from a request and its answer, the feed's
 * status filter and cursor, and the SQL a filter becomes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { answerText, identifier, idsOfAnswer, idsOfRequest, routeTemplate } from '../../../src/platform/requests/record.ts';
import { decodeCursor, encodeCursor, feedQuery, parseStatus } from '../../../src/platform/requests/query.ts';
import { RequestLog } from '../../../src/platform/requests/log.ts';

const guid = fc.uuid();

test('route templates: fastify parameters become {param}', () => {
  assert.equal(routeTemplate('/v3/:customerId/BankingServices/GetAccountsDetail'), '/v3/{customerId}/BankingServices/GetAccountsDetail');
  assert.equal(routeTemplate('/v3/:customerId/insight/login/:loginId/attributes/:requestId'), '/v3/{customerId}/insight/login/{loginId}/attributes/{requestId}');
});

test('identifiers: trimmed, lower-case, ASCII id characters, at most 64; anything else is none', () => {
  assert.equal(identifier(' 2F0C2D4E-1111-4222-8333-444455556666 '), '2f0c2d4e-1111-4222-8333-444455556666');
  for (const bad of [undefined, null, 42, {}, '', '   ', 'a b', 'x'.repeat(65), 'é', 'a"b']) assert.equal(identifier(bad), null, String(bad));
});

test('ids of a request: the path first, then the body, then the query', () => {
  assert.deepEqual(idsOfRequest({ requestId: 'P', loginId: 'L' }, { RequestId: 'B' }, { RequestId: 'Q' }), { requestId: 'p', loginId: 'l' });
  assert.deepEqual(idsOfRequest({ customerId: 'c' }, { RequestId: 'B', LoginId: 7 }, { LoginId: 'Q' }), { requestId: 'b', loginId: 'q' });
  assert.deepEqual(idsOfRequest(undefined, 'text body', [1, 2]), { requestId: null, loginId: null });
});

test('property: the ids and the FlinksCode of any Flinks-shaped answer are found, in a string or a Buffer, small or large', () => {
  fc.assert(
    fc.property(guid, guid, fc.constantFrom(200, 202, 203, 400, 401, 500), fc.constantFrom('OPERATION_PENDING', 'INVALID_LOGIN', 'SESSION_NONEXISTENT'), fc.integer({ min: 0, max: 3000 }), fc.boolean(), (requestId, loginId, status, code, transactions, asBuffer) => {
      // The order Connect writes: status, the (possibly huge) accounts, then Login, Institution, RequestId.
      const body = {
        HttpStatusCode: status,
        ...(status !== 200 ? { FlinksCode: code, Message: 'x' } : {}),
        Accounts: [{ Transactions: Array.from({ length: transactions }, (_, i) => ({ Id: `t${i}`, Description: 'Coffee "Id":"nope"', Debit: 4.5 })) }],
        Login: { Username: 'user', IsScheduledRefresh: false, LastRefresh: '2026-01-01T00:00:00.000000', Type: 'Personal', Id: loginId },
        Institution: 'FlinksCapital',
        RequestId: requestId,
      };
      const json = JSON.stringify(body);
      const text = answerText(asBuffer ? Buffer.from(json) : json)!;
      assert.ok(text.length <= 16 * 1024 + 1);
      const found = idsOfAnswer(text, status);
      assert.equal(found.requestId, requestId.toLowerCase());
      assert.equal(found.loginId, loginId.toLowerCase());
      assert.equal(found.flinksCode, status === 200 ? null : code);
    }),
    { numRuns: 60 },
  );
});

test('answers: a LoginId member wins over Login.Id; a stream or a bare Id elsewhere is nothing; a code must look like one', () => {
  assert.equal(idsOfAnswer('{"LoginId":"A","Login":{"Id":"B"}}', 200).loginId, 'a');
  assert.equal(idsOfAnswer('{"Login":{"Username":"u"},"Accounts":[{"Id":"acc"}]}', 200).loginId, null);
  assert.equal(idsOfAnswer('{"FlinksCode":"not a code"}', 400).flinksCode, null);
  assert.equal(answerText({ pipe() {} }), null);
  assert.equal(answerText(null), null);
});

test('property: the ids of arbitrary JSON are never thrown on, and are identifiers when found', () => {
  fc.assert(
    fc.property(fc.jsonValue(), fc.integer({ min: 100, max: 599 }), (value, status) => {
      const found = idsOfAnswer(answerText(JSON.stringify(value) ?? '') ?? '', status);
      for (const v of [found.requestId, found.loginId]) assert.ok(v === null || identifier(v) === v);
      assert.ok(found.flinksCode === null || /^[A-Za-z0-9_]{1,64}$/.test(found.flinksCode));
    }),
  );
});

test('status filters: an exact status or a class', () => {
  assert.deepEqual(parseStatus('404'), { exact: 404 });
  assert.deepEqual(parseStatus(' 5XX '), { class: 5 });
  for (const bad of ['', '4x', '600', '40', 'abc', '4xxx']) assert.equal(parseStatus(bad), null, bad);
});

test('property: a cursor decodes to what was encoded, and no other text decodes or throws', () => {
  const at = fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString().replace('Z', '123Z'));
  fc.assert(fc.property(at, fc.bigInt({ min: 1n, max: 999_999_999_999_999_999n }), (a, id) => {
    const c = { at: a, id: String(id) };
    assert.deepEqual(decodeCursor(encodeCursor(c)), c);
  }));
  fc.assert(fc.property(fc.string({ maxLength: 120 }), (s) => {
    const c = decodeCursor(s);
    assert.ok(c === null || (typeof c.at === 'string' && /^\d+$/.test(c.id)));
  }));
  assert.equal(decodeCursor(Buffer.from('2026-01-01T00:00:00.000000Z|0').toString('base64url')), null);
});

test('the SQL of a filter: parameters only, the class as the index expression, the cursor as a row comparison', () => {
  const { sql, params } = feedQuery({ customerId: 'c', status: { class: 4 }, flinksCode: 'F', endpoint: 'e', product: 'p', q: 'x', from: new Date(0), to: new Date(1), cursor: { at: 'a', id: '9' }, limit: 50 });
  assert.match(sql, /\(status \/ 100\) = \$2::integer/);
  assert.match(sql, /\(request_id = \$6 or login_id = \$6\)/);
  assert.match(sql, /\(at, id\) < \(\$9::timestamptz, \$10::bigint\)/);
  assert.match(sql, /order by request_log\.at desc, request_log\.id desc limit \$11::integer$/);
  assert.deepEqual(params, ['c', 4, 'F', 'e', 'p', 'x', '1970-01-01T00:00:00.000Z', '1970-01-01T00:00:00.001Z', 'a', '9', 51]);
  assert.doesNotMatch(feedQuery({ limit: 1 }).sql, /where/);
  assert.match(feedQuery({ status: { exact: 404 }, limit: 1 }).sql, /status = \$1::integer/);
});

test('REQUEST_LOG=off: routes are listed for the filters, but no hook is installed', () => {
  const log = new RequestLog(null as never, null as never, { enabled: false, retentionDays: 30 });
  const route = { url: '/v3/:customerId/BankingServices/Authorize', method: 'POST', handler: () => {} } as never as { onSend?: unknown };
  log.instrument(route as never, 'connect');
  assert.equal(route.onSend, undefined);
  assert.deepEqual(log.endpoints(), [{ product: 'connect', endpoint: '/v3/{customerId}/BankingServices/Authorize', methods: ['POST'] }]);
});
