/**
 * The drift check itself (test/support/openapi-drift.ts): it passes an answer as documented, and
 * fails an undocumented member, an undocumented status, a wrong media type and a body that breaks
 * the schema, naming the operation and the status. It holds Pay's problem+json and the /v3
 * envelope alike, and matches paths as the router does (any case, a trailing slash).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../support/app.ts';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkAnswer, checkedCount, contractOfDocument, watchAnswers } from '../../support/openapi-drift.ts';
import { CID } from '../../support/flinks.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t.stop());

const JSON_TYPE = 'application/json; charset=utf-8';
const settings = () => `${t.url}/v3/${CID}/settings`;
const answer = { HttpStatusCode: 200, CustomerId: CID, WebhookUrl: null, HasWebhookSecret: false, AllowedOrigins: [], RequireAuthorizeToken: false, RequireApiKey: false, RequireBearerSecret: false };

test('an answer as documented passes, whatever the case of its path', async () => {
  await checkAnswer(settings(), 'GET', 200, JSON_TYPE, JSON.stringify(answer));
  await checkAnswer(`${t.url}/V3/${CID}/SETTINGS/`, 'GET', 200, JSON_TYPE, JSON.stringify(answer));
  await checkAnswer(settings(), 'GET', 401, JSON_TYPE, JSON.stringify({ HttpStatusCode: 401, Message: 'You must provide a valid auth key', FlinksCode: 'UNAUTHORIZED' }));
});

test('an undocumented member fails, naming the operation, the status and the member', async () => {
  await assert.rejects(checkAnswer(settings(), 'GET', 200, JSON_TYPE, JSON.stringify({ ...answer, WebhookSecret: 'leaked' })),
    /openapi drift: GET \/v3\/\{customerId\}\/settings \(getV3Settings\) answered 200[\s\S]*additional properties: WebhookSecret/);
  await assert.rejects(checkAnswer(settings(), 'GET', 400, JSON_TYPE, JSON.stringify({ HttpStatusCode: 400, Message: 'x', FlinksCode: 'INVALID_REQUEST', Detail: 'x' })), /additional properties: Detail/);
});

test('a missing member, a wrong type, an undocumented status or media type fail', async () => {
  const { HasWebhookSecret: _, ...missing } = answer;
  await assert.rejects(checkAnswer(settings(), 'GET', 200, JSON_TYPE, JSON.stringify(missing)), /must have required property 'HasWebhookSecret'/);
  await assert.rejects(checkAnswer(settings(), 'GET', 200, JSON_TYPE, JSON.stringify({ ...answer, RequireApiKey: 'yes' })), /RequireApiKey must be boolean/);
  await assert.rejects(checkAnswer(settings(), 'GET', 302, JSON_TYPE, ''), /answered 302, a status the document does not give/);
  await assert.rejects(checkAnswer(settings(), 'GET', 200, 'text/html', '<p>'), /as text\/html, which the document does not give/);
});

test("Pay's errors are held to problem+json", async () => {
  const url = `${t.url}/pay/api/v1/paymentrequests/6f5a3c5e-2f7b-4f8e-9d1a-3b2c1d0e9f8a`;
  const problem = { type: 'https://tools.ietf.org/html/rfc7231#section-6.5.4', title: 'Not Found', status: 404, detail: 'not found' };
  await checkAnswer(url, 'GET', 404, 'application/problem+json; charset=utf-8', JSON.stringify(problem));
  await assert.rejects(checkAnswer(url, 'GET', 404, JSON_TYPE, JSON.stringify(problem)), /as application\/json, which the document does not give/);
  await assert.rejects(checkAnswer(url, 'GET', 404, 'application/problem+json', JSON.stringify({ ...problem, code: 'PAY_X' })), /additional properties: code/);
});

test('an answer fetched directly, outside call(), is checked on the server side too', async () => {
  const before = checkedCount();
  const res = await fetch(settings(), { headers: { 'flinks-auth-key': 'wrong' } });
  await res.text();
  // The watcher checks once the answer is sent ('finish'), a moment after the client has it.
  for (let i = 0; i < 50 && checkedCount() === before; i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(checkedCount() > before, 'the server-side watcher checked the answer');
  assert.deepEqual(t.drift, []);
});

test('the server-side watcher reports an undocumented member, status or media type, whatever wrote the body', async () => {
  const contract = contractOfDocument(t.app.http.swagger());
  const answers: Record<string, (res: http.ServerResponse) => void> = {
    '/documented': (res) => res.writeHead(200, { 'content-type': JSON_TYPE }).end(JSON.stringify(answer)),
    // In pieces, as a stream is written, with the content type set beforehand.
    '/leaked': (res) => {
      res.setHeader('content-type', JSON_TYPE);
      const body = JSON.stringify({ ...answer, WebhookSecret: 'leaked' });
      res.write(body.slice(0, 10));
      res.end(Buffer.from(body.slice(10)));
    },
    '/redirect': (res) => res.writeHead(302, { location: '/' }).end(),
    '/html': (res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<p>'),
  };
  const reported: string[] = [];
  const server = http.createServer((req, res) => {
    const which = new URL(req.url!, 'http://x').searchParams.get('answer')!;
    answers[which]!(res);
  });
  watchAnswers(server, () => contract, (m) => reported.push(m));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v3/${CID}/settings`;
    for (const which of Object.keys(answers)) await (await fetch(`${base}?answer=${encodeURIComponent(which)}`, { redirect: 'manual' })).arrayBuffer();
    await new Promise((r) => setTimeout(r, 100));
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  assert.equal(reported.length, 3, reported.join('\n'));
  assert.match(reported[0]!, /getV3Settings\) answered 200[\s\S]*additional properties: WebhookSecret/);
  assert.match(reported[1]!, /answered 302, a status the document does not give/);
  assert.match(reported[2]!, /as text\/html, which the document does not give/);
});
