/**
 * Data survives a restart: a saved login, its data and its customer are there when
 * the same storage (a PGlite directory, or the same PostgreSQL database) is opened again.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../../src/app.ts';
import { loadConfig } from '../../../src/platform/config.ts';
import { freshPostgresDatabase, onPostgres, watchDrift } from '../../support/app.ts';
import { FlinksClient } from '../../support/flinks.ts';

/** An app on `env`'s storage; stop() also fails on any answer /openapi.json does not document. */
async function start(env: Record<string, string>): Promise<{ app: App; url: string; stop(): Promise<void> }> {
  const app = await createApp(loadConfig({ NODE_ENV: 'test', PORT: '0', JOBS_MAINTENANCE_SECONDS: '1', JOBS_POLL_SECONDS: '0.5', RATE_LIMIT_PER_MINUTE: '0', ...env }));
  const drift = watchDrift(app);
  const url = await app.http.listen({ port: 0, host: '127.0.0.1' });
  await app.start();
  return { app, url, stop: async () => { await app.stop(); drift.assertNone(url); } };
}

test('a restart keeps customers, logins and their data', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'maplelink-restart-'));
  const pg = onPostgres ? await freshPostgresDatabase() : null;
  const env: Record<string, string> = pg ? { DATABASE_URL: pg.url, DATA_DIR: dir } : { DATA_DIR: dir };
  try {
    const first = await start(env);
    const api = new FlinksClient(first.url);
    const { loginId, requestId } = await api.connect('greatday_nomfa');
    const before = await api.poll('GetAccountsDetail', requestId);
    assert.equal(before.status, 200);
    const created = await first.app.platform.tenants.create({ name: 'kept' });
    await first.stop();

    const second = await start(env);
    try {
      const again = new FlinksClient(second.url);
      const cached = await again.post('Authorize', { LoginId: loginId, MostRecentCached: true });
      assert.equal(cached.status, 200);
      const after = await again.post('GetAccountsDetail', { RequestId: cached.body.RequestId });
      assert.equal(after.status, 200);
      assert.deepEqual(after.body.Accounts.map((a: any) => a.Id), before.body.Accounts.map((a: any) => a.Id));
      assert.deepEqual(after.body.Accounts[0].Transactions, before.body.Accounts[0].Transactions);
      assert.ok(await second.app.platform.tenants.find(created.tenant.id), 'the customer is still there');
      // Saved credentials are still readable: the master key file was kept in the data directory.
      const live = await again.post('Authorize', { LoginId: loginId, MostRecentCached: false });
      assert.equal(live.status, 200);
    } finally {
      await second.stop();
    }
  } finally {
    await pg?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
});
