/**
 * The PostgreSQL connection pools keep the connections they opened: a replica whose requests
 * had to open a connection waited for the server to fork and start a backend, 100-1,300 ms
 * while a nightly refresh kept it busy (bench/scale.ts), and pg closes an idle connection after
 * 10 s unless told otherwise. Timers are mocked so that the pools' idle time passes at once.
 */
import { after, before, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { openDb, type Db } from '../../../src/platform/db.ts';
import { freshPostgresDatabase, onPostgres } from '../../support/app.ts';

let db: Db;
let drop: () => Promise<void>;

if (onPostgres) {
  before(async () => {
    const fresh = await freshPostgresDatabase();
    drop = fresh.drop;
    // Mocked before the pools exist, so that their idle timers are the mocked ones.
    mock.timers.enable({ apis: ['setTimeout'] });
    db = await openDb({ databaseUrl: fresh.url, dataDir: 'memory://' });
  });
  after(async () => {
    mock.timers.reset();
    await db.close();
    await drop();
  });

  /** The backends serving two statements run at once (each holds its connection for 50 ms). */
  const twoAtOnce = async (run: (sql: string) => Promise<{ pid: number }[]>) =>
    new Set((await Promise.all([0, 1].map(() => run('select pg_backend_pid() as pid from pg_sleep(0.05)')))).map((rows) => rows[0]!.pid));

  test('connections opened for requests and for pg-boss stay open however long they idle', async () => {
    const requests = (sql: string) => db.query<{ pid: number }>(sql);
    const boss = async (sql: string) => (await db.bossOptions().db.executeSql(sql)).rows as { pid: number }[];
    const before = { requests: await twoAtOnce(requests), boss: await twoAtOnce(boss) };
    assert.equal(before.requests.size, 2);
    assert.equal(before.boss.size, 2);
    // An hour of idleness: pg's default would have closed every connection after ten seconds.
    mock.timers.tick(3_600_000);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(await twoAtOnce(requests), before.requests, 'the same two backends serve the requests');
    assert.deepEqual(await twoAtOnce(boss), before.boss, 'the same two backends serve pg-boss');
  });
}
