/**
 * Document Upload under concurrency: the same upload sent at once to two replicas on one
 * PostgreSQL. Upload has no idempotency key (Flinks documents none): each request is its own
 * upload with its own LoginId, and each is read once, by one worker, to the same result.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { onPostgres } from '../support/app.ts';
import { CID } from '../support/flinks.ts';
import { NEEDS_POSTGRES, race, startReplicas, statusCounts, type Replicas } from '../support/replicas.ts';
import { upload, waitForUpload } from '../integration/upload/helpers.ts';
import { UPLOAD_QUEUE } from '../../src/upload/service.ts';

const N = 8;
const CSV = readFileSync(new URL('../fixtures/statements/csv/bmo.csv', import.meta.url));

describe('document Upload between two replicas', () => {
  let r: Replicas;
  before(async () => {
    if (onPostgres) r = await startReplicas();
  });
  after(async () => r?.stop());

  test('the same statement uploaded N times at once: N uploads, each read once to the same data', NEEDS_POSTGRES, async () => {
    const rs = await race(N, (_i, base) => upload(base, [{ name: 'bmo.csv', bytes: CSV, type: 'text/csv' }], { Tag: 'race' }), r.urls);
    assert.deepEqual(statusCounts(rs), { 202: N }, rs.map((x) => x.text).join('\n'));
    const logins = rs.map((x) => x.body.LoginId as string);
    assert.equal(new Set(rs.map((x) => x.body.RequestId)).size, N);
    assert.equal(new Set(logins).size, N);
    const done = await Promise.all(rs.map((x, i) => waitForUpload(r.urls[i % 2]!, x.body.RequestId)));
    for (const d of done) assert.equal(d.body?.Status, 'Completed', d.text);

    const uploads = await r.sql<{ state: string }>('select state from upload_requests where customer_id = $1', [CID]);
    assert.deepEqual(uploads.map((u) => u.state), Array(N).fill('Completed'));
    // Every login holds the statement's transactions once (a second reading would not add rows, but is checked too).
    const counts = await r.sql<{ login_id: string; n: number }>(
      `select a.login_id, count(t.id)::int as n from connect_accounts a left join connect_transactions t on t.account_id = a.id
        where a.login_id = any($1::uuid[]) group by a.login_id`, [logins]);
    assert.equal(counts.length, N);
    assert.ok(counts[0]!.n > 0);
    assert.equal(new Set(counts.map((c) => c.n)).size, 1, 'the same data in every upload');
    const jobs = await r.sql<{ n: number }>(`select count(*)::int as n from pgboss.job where name = $1 and (state <> 'completed' or retry_count > 0)`, [UPLOAD_QUEUE]);
    assert.equal(jobs[0]!.n, 0, 'every upload job ran once and succeeded');
  });
});
