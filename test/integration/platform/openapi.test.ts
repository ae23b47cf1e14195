/**
 * /openapi.json documents every Connect operation: what it takes (the body, where it takes one)
 * and what it answers (a 2xx body, and the Flinks error envelope). The answer schemas are then
 * held against real answers of the sandbox: each one parses to the very bytes that were sent, so
 * the documentation neither misses a member nor orders them otherwise. The data endpoints send
 * bodies serialised ahead (not checked by the serializer), so this is what keeps their schemas true.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { z } from 'zod';
import { call, startTestApp, type JsonResponse, type TestApp } from '../../support/app.ts';
import { FlinksClient, answerFor } from '../../support/flinks.ts';
import { SANDBOX_TENANT } from '../../../src/platform/tenants.ts';
import * as s from '../../../src/connect/schemas.ts';

let t: TestApp;
let api: FlinksClient;
before(async () => {
  t = await startTestApp();
  api = new FlinksClient(t.url);
});
after(async () => t.stop());

const BS = '/v3/{customerId}/BankingServices';
/** Every Connect operation, and whether it takes a body. */
const OPERATIONS: [method: string, path: string, body: boolean][] = [
  ['post', `${BS}/GenerateAuthorizeToken`, false],
  ['post', `${BS}/Authorize`, true],
  ['get', `${BS}/AuthorizeAsync`, false],
  ['post', `${BS}/AuthorizeAsync`, true],
  ['post', `${BS}/AuthorizeMultiple`, true],
  ...['GetAccountsSummary', 'GetAccountsDetail', 'GetStatements'].flatMap((e): [string, string, boolean][] => [
    ['post', `${BS}/${e}`, true],
    ['get', `${BS}/${e}Async/{requestId}`, false],
    ['post', `${BS}/${e}Async/{requestId}`, false],
  ]),
  ['delete', `${BS}/DeleteCard/{loginId}`, false],
  ['get', `${BS}/DeleteCard/{loginId}`, false],
  ['patch', `${BS}/SetScheduledRefresh`, true],
  ['post', `${BS}/SetScheduledRefresh`, true],
  ['get', `${BS}/GetNightlyRefreshStatus`, false],
  ['get', `${BS}/GetMFAQuestions/{loginId}`, false],
  ['patch', `${BS}/AnswerMFAQuestions`, true],
  ['post', `${BS}/AnswerMFAQuestions`, true],
  ['get', `${BS}/Institutions`, false],
  ['get', `${BS}/Institutions/RoutingNumber/{routingNumber}`, false],
  ['get', '/v3/{customerId}/settings/FdxInstitutions', false],
  ['post', '/v3/{customerId}/settings/FdxInstitutions', true],
  ['post', `${BS}/OAuth/Authorize`, true],
  ['get', `${BS}/OAuth/Callback`, false],
];

interface Operation {
  tags?: string[];
  summary?: string;
  requestBody?: { content?: Record<string, { schema?: { properties?: object } }> };
  responses?: Record<string, { content?: Record<string, { schema?: object }> }>;
}

test('/openapi.json documents what every Connect operation takes and answers', async () => {
  const spec = await call(`${t.url}/openapi.json`);
  assert.equal(spec.status, 200);
  const paths = spec.body.paths as Record<string, Record<string, Operation>>;
  const documented = Object.entries(paths).flatMap(([path, ops]) => Object.entries(ops).filter(([, op]) => op.tags?.some((tag) => tag.startsWith('Connect'))).map(([method]) => `${method} ${path}`));
  assert.deepEqual(documented.sort(), OPERATIONS.map(([m, p]) => `${m} ${p}`).sort(), 'the Connect operations');

  for (const [method, path, takesBody] of OPERATIONS) {
    const op = paths[path]![method]!;
    const name = `${method.toUpperCase()} ${path}`;
    assert.ok(op.summary, `${name}: a summary`);
    if (takesBody) {
      const body = op.requestBody?.content?.['application/json']?.schema;
      assert.ok(body && body.properties && Object.keys(body.properties).length > 0, `${name}: the body's fields`);
    }
    const responses = op.responses ?? {};
    if (path.endsWith('/OAuth/Callback')) {
      assert.ok(responses['303'], `${name}: its redirect`);
    } else {
      const success = Object.keys(responses).filter((code) => /^2\d\d$/.test(code));
      assert.ok(success.length > 0, `${name}: a 2xx answer`);
      for (const code of success) assert.ok(responses[code]!.content?.['application/json']?.schema, `${name}: the ${code} body`);
    }
    const error = responses['4XX']?.content?.['application/json']?.schema as { properties?: Record<string, unknown> } | undefined;
    // The three members of every error, then those a refused login adds.
    assert.deepEqual(Object.keys(error?.properties ?? {}), ['HttpStatusCode', 'Message', 'FlinksCode', 'RequestId', 'Institution'], `${name}: the Flinks error envelope`);
    assert.deepEqual((error as { required?: string[] } | undefined)?.required, ['HttpStatusCode', 'Message', 'FlinksCode'], `${name}: the Flinks error envelope's required members`);
  }
});

/** The schema takes the answer as it is: the same bytes come out (no member lost, none moved). */
function matches(schema: z.ZodType, r: JsonResponse, what: string): void {
  const parsed = schema.safeParse(r.body);
  assert.ok(parsed.success, `${what}: ${parsed.error?.message} in ${r.text.slice(0, 300)}`);
  assert.equal(JSON.stringify(parsed.data), r.text, `${what}: the schema's output is the answer`);
}

test('the answer schemas describe the real answers, member for member, in order', async () => {
  const secret = { 'flinks-auth-key': SANDBOX_TENANT.secretKey };
  const token = await api.post('GenerateAuthorizeToken', {}, secret);
  matches(s.TokenAnswer[200], token, 'GenerateAuthorizeToken');

  // A live login: security challenges (203), then authorized (200).
  let r = await api.post('Authorize', { Institution: 'FlinksCapital', Username: 'Greatday', Password: 'Everyday', MostRecentCached: false, Save: true, Tag: 'openapi' });
  assert.equal(r.status, 203, r.text);
  matches(s.AuthorizeAnswer[203], r, 'Authorize 203');
  for (let round = 0; r.status === 203 && round < 5; round++) {
    const responses: Record<string, string[]> = {};
    for (const c of r.body.SecurityChallenges as { Prompt: string }[]) responses[c.Prompt] = [answerFor(c.Prompt)];
    r = await api.post('Authorize', { RequestId: r.body.RequestId, SecurityResponses: responses });
  }
  assert.equal(r.status, 200, r.text);
  matches(s.AuthorizeAnswer[200], r, 'Authorize 200 (with a Tag)');
  const loginId = r.body.Login.Id as string;
  const requestId = r.body.RequestId as string;

  const summary = await api.poll('GetAccountsSummary', requestId);
  assert.equal(summary.status, 200, summary.text);
  matches(s.DataAnswers.GetAccountsSummary[200], summary, 'GetAccountsSummary');
  const detail = await api.post('GetAccountsDetail', { RequestId: requestId, WithAccountIdentity: true, WithTransactions: true });
  assert.equal(detail.status, 200, detail.text);
  assert.ok(detail.body.Accounts.some((a: { Transactions: unknown[] }) => a.Transactions.length > 0), 'transactions');
  matches(s.DataAnswers.GetAccountsDetail[200], detail, 'GetAccountsDetail');
  const masked = await api.post('GetAccountsDetail', { RequestId: requestId, WithBalance: false, WithTransactions: false });
  matches(s.DataAnswers.GetAccountsDetail[200], masked, 'GetAccountsDetail without identity, balance or transactions');
  const statements = await api.post('GetStatements', { RequestId: requestId });
  assert.equal(statements.status, 200, statements.text);
  matches(s.DataAnswers.GetStatements[200], statements, 'GetStatements');

  // A cached session without a Tag, and the Async forms.
  const cached = await api.post('Authorize', { LoginId: loginId, MostRecentCached: true });
  assert.equal(cached.status, 200, cached.text);
  matches(s.AuthorizeAnswer[200], cached, 'Authorize (cached)');
  const pending = await api.post('AuthorizeAsync', { LoginId: loginId, MostRecentCached: true });
  assert.equal(pending.status, 202, pending.text);
  matches(s.AuthorizeAsyncAnswer[202], pending, 'AuthorizeAsync 202');
  const polled = await api.get(`AuthorizeAsync?RequestId=${pending.body.RequestId}`);
  assert.equal(polled.status, 200, polled.text);
  matches(s.AuthorizeAsyncAnswer[200], polled, 'AuthorizeAsync poll');

  const multiple = await api.post('AuthorizeMultiple', { LoginIds: [loginId, 'bb8b8569-3bfc-43c1-ae31-08d6de7f1675'] });
  assert.equal(multiple.body.InvalidLoginIds.length, 1, multiple.text);
  matches(s.AuthorizeMultipleAnswer[200], multiple, 'AuthorizeMultiple');

  const bearer = { authorization: `Bearer ${SANDBOX_TENANT.secretKey}` };
  matches(s.NightlyRefreshAnswer[200], await api.get('GetNightlyRefreshStatus', bearer), 'GetNightlyRefreshStatus');
  matches(s.MfaQuestionsAnswer[200], await api.get(`GetMFAQuestions/${loginId}`), 'GetMFAQuestions');
  matches(s.MfaAnswersAnswer[200], await api.post('AnswerMFAQuestions', { LoginId: loginId, Questions: [{ Question: 'What city were you born in?', Answer: 'Montreal' }] }), 'AnswerMFAQuestions');
  const scheduled = await api.post('SetScheduledRefresh', { LoginId: loginId, IsActivated: true });
  assert.equal(scheduled.status, 200, scheduled.text);
  matches(s.ScheduledRefreshAnswer[200], scheduled, 'SetScheduledRefresh');

  const institutions = await api.get('Institutions?take=5');
  matches(s.InstitutionsAnswer[200], institutions, 'Institutions');
  const routing = await api.get('Institutions/RoutingNumber/021000021');
  assert.equal(routing.status, 200, routing.text);
  matches(s.RoutingAnswer[200], routing, 'Institutions/RoutingNumber');

  // Errors: the envelope, with the members some codes add.
  const refused = await api.post('Authorize', { Institution: 'FlinksCapital', Username: 'Greatday', Password: 'wrong', MostRecentCached: false });
  assert.equal(refused.status, 401, refused.text);
  assert.ok('RequestId' in refused.body, refused.text);
  matches(s.AuthorizeAnswer['4xx'], refused, 'Authorize refused');
  const missing = await api.post('GetAccountsSummary', {});
  assert.equal(missing.status, 400, missing.text);
  matches(s.DataAnswers.GetAccountsSummary['4xx'], missing, 'GetAccountsSummary without RequestId');

  const deleted = await api.get(`DeleteCard/${loginId}`);
  assert.equal(deleted.status, 200, deleted.text);
  matches(s.DeleteCardAnswer[200], deleted, 'DeleteCard');
});
