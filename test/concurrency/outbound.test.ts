/**
 * Outbound under concurrency, two replicas on one PostgreSQL: a recipient created and
 * registered with requests sent together, and one authorization code exchanged at once on
 * both replicas (single use, RFC 6749 §4.1.2: one token response, the others invalid_grant).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { call, onPostgres, type JsonResponse } from '../support/app.ts';
import { waitFor } from '../support/wait.ts';
import { NEEDS_POSTGRES, race, startReplicas, statusCounts, type Replicas } from '../support/replicas.ts';
import { Browser, activate, consent, createRecipient, partnerToken } from '../integration/outbound/helpers.ts';
import { REGISTRATION_QUEUE } from '../../src/outbound/management/service.ts';

const N = 12;

/**
 * POSTs JSON to `url` as if it came to `host`: behind a load balancer every replica is reached
 * at one public host, and OAuth's issuer is derived from it.
 */
function postAs(url: string, host: string, json: unknown): Promise<JsonResponse> {
  const body = JSON.stringify(json);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { host, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, timeout: 60_000 }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = undefined;
        }
        resolve({ status: res.statusCode!, headers: new Headers(), body: parsed, text });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url}`)));
    req.on('error', reject);
    req.end(body);
  });
}

describe('Outbound between two replicas', () => {
  let r: Replicas;
  let token: string;
  before(async () => {
    if (!onPostgres) return;
    r = await startReplicas();
    token = await partnerToken(r.urls[0]);
  });
  after(async () => r?.stop());

  const texts = (rs: JsonResponse[]) => rs.map((x) => `${x.status} ${x.text}`).join('\n');
  const auth = () => ({ authorization: `Bearer ${token}` });

  test('a recipient created N times at once: N recipients, each with its own working secret', NEEDS_POSTGRES, async () => {
    const rs = await race(N, (_i, base) => call(`${base}/outbound/api/v1/recipients`, { headers: auth(), json: { name: 'Race Budget', redirect_uris: ['https://race.example.com/cb'] } }), r.urls);
    assert.deepEqual(statusCounts(rs), { 200: N }, texts(rs));
    assert.equal(new Set(rs.map((x) => x.body.client_id)).size, N);
    const rows = await r.sql('select client_id from outbound_recipients where name = $1', ['Race Budget']);
    assert.equal(rows.length, N);
  });

  test('the same registrations requested N times at once, recipients listed in either order: one registration each, stepped once to ACTIVE', NEEDS_POSTGRES, async () => {
    const a = (await createRecipient(r.urls[0], token)).client_id;
    const b = (await createRecipient(r.urls[0], token)).client_id;
    const rs = await race(N, (i, base) => call(`${base}/outbound/api/v1/recipients/providers/requests/${i % 4 < 2 ? `${a},${b}` : `${b},${a}`}/1000`, { method: 'POST', headers: auth() }), r.urls);
    assert.deepEqual(statusCounts(rs), { 200: N }, texts(rs));
    for (const clientId of [a, b]) {
      const rows = await r.sql('select provider_id from outbound_registrations where client_id = $1', [clientId]);
      assert.deepEqual(rows, [{ provider_id: 1000 }]);
      await waitFor('ACTIVE', async () => (await r.sql('select 1 from outbound_registrations where client_id = $1 and status = $2', [clientId, 'ACTIVE'])).length === 1, 20_000, 200);
      // One chain of steps: the request's job (approval) and the one it sent (activation).
      const jobs = await r.sql(`select id from pgboss.job where name = $1 and data->>'clientId' = $2`, [REGISTRATION_QUEUE, clientId]);
      assert.equal(jobs.length, 2);
    }
  });

  test('one authorization code exchanged N times at once: one token response, the others invalid_grant, the grant revoked', NEEDS_POSTGRES, async () => {
    const recipient = await createRecipient(r.urls[0], token);
    await activate(r.urls[0], token, recipient.client_id);
    const redirectUri = recipient.redirect_uris[0]!;
    const q = new URLSearchParams({ response_type: 'code', client_id: recipient.client_id, redirect_uri: redirectUri, scope: recipient.scope, state: 'st', provider_id: '1000' });
    const { redirect } = await consent(new Browser(r.urls[0]), `${r.urls[0]}/outbound/api/v1/authorize?${q}`, { username: 'greatday_nomfa' });
    const code = redirect.searchParams.get('code');
    assert.ok(code);
    const host = new URL(r.urls[0]).host;
    const exchange = { grant_type: 'authorization_code', client_id: recipient.client_id, client_secret: recipient.client_secret, code, redirect_uri: redirectUri };
    const rs = await race(N, (_i, base) => postAs(`${base}/outbound/api/v1/token`, host, exchange), r.urls);
    assert.deepEqual(statusCounts(rs), { 200: 1, 400: N - 1 }, texts(rs));
    for (const x of rs.filter((y) => y.status === 400)) assert.equal(x.body.error, 'invalid_grant', x.text);
    const won = rs.find((x) => x.status === 200)!.body;
    // A code used twice revokes what it gave (as a replay after the fact does): the refresh token no longer works.
    const refresh = await postAs(`${r.urls[1]}/outbound/api/v1/token`, host, { grant_type: 'refresh_token', client_id: recipient.client_id, client_secret: recipient.client_secret, refresh_token: won.refresh_token });
    assert.equal(refresh.status, 400, refresh.text);
    assert.equal(refresh.body.error, 'invalid_grant');
    const consents = await r.sql<{ status: string }>('select status from outbound_consents where client_id = $1', [recipient.client_id]);
    assert.deepEqual(consents.map((c) => c.status), ['revoked']);
  });
});
