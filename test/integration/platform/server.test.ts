import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, startTestApp, type TestApp } from '../../support/app.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t.stop());

test('/health answers ok once storage and jobs are ready', async () => {
  const r = await call(`${t.url}/health`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, { status: 'ok' });
});

test('/health answers 503 while not ready', async () => {
  t.app.readiness.ready = false;
  try {
    const r = await call(`${t.url}/health`);
    assert.equal(r.status, 503);
  } finally {
    t.app.readiness.ready = true;
  }
});

test('/metrics is Prometheus text with request histograms', async () => {
  await call(`${t.url}/health`);
  const r = await call(`${t.url}/metrics`);
  assert.equal(r.status, 200);
  assert.match(r.text, /http_request_duration_seconds_bucket\{.*route="\/health"/);
  assert.match(r.text, /jobs_completed/);
});

test('/openapi.json documents the API and /docs serves the reference page', async () => {
  const spec = await call(`${t.url}/openapi.json`);
  assert.equal(spec.status, 200);
  assert.equal(spec.body.openapi, '3.1.0');
  const docs = await fetch(`${t.url}/docs`);
  assert.equal(docs.status, 200);
  assert.match(await docs.text(), /<html/i);
});

test('an unknown /v3 route is a 404 in the Flinks envelope', async () => {
  const r = await call(`${t.url}/v3/43387ca6-0391-4c82-857d-70d95f087ecb/BankingServices/NoSuchThing`);
  assert.equal(r.status, 404);
  assert.equal(r.body.HttpStatusCode, 404);
  assert.equal(r.body.FlinksCode, 'INVALID_REQUEST');
  assert.equal(typeof r.body.Message, 'string');
});
