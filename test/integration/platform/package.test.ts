/**
 * The server as another project installs it: `npm pack` at the root, `npm install ./maplelink-<v>.tgz`
 * into an empty folder, `npx maplelink serve`. The package carries the compiled server and both built
 * front ends (nothing builds at install time), and the installed server answers /health, the Connect API
 * (a whole Greatday login with its security question) and serves the widget and the Pay app.
 * The install needs the registry for the runtime dependencies (`--prefer-offline` takes them from
 * npm's cache when they are there).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, healthy } from '../../support/processes.ts';
import { waitFor } from '../../support/wait.ts';
import { FlinksClient } from '../../support/flinks.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** npm's and npx's own scripts beside the npm running the tests (so `npm test` on another node uses its npm), else the ones on PATH. */
function npmCommand(tool: 'npm' | 'npx'): [string, string[]] {
  const cli = process.env.npm_execpath;
  if (cli && /npm-cli\.js$/.test(cli)) {
    const script = join(dirname(cli), `${tool}-cli.js`);
    if (existsSync(script)) return [process.execPath, [script]];
  }
  return [tool, []];
}

/**
 * What the child processes inherit: no coverage collection (the packed dist/ is not src/), and none of
 * the variables `npm test` sets for this checkout (npm_config_local_prefix would make npm install here).
 */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const k of Object.keys(env)) {
    if (/^npm_(package_|lifecycle_|command$|config_local_prefix$)/i.test(k) || k === 'NODE_V8_COVERAGE' || k === 'INIT_CWD') delete env[k];
  }
  delete env.DATABASE_URL;
  delete env.MAPLELINK_URL;
  delete env.MAPLELINK_OPERATOR_KEY;
  return env;
}

/** Runs a command to its end within `timeoutMs` (then kills its process group); rejects unless it exits 0. */
function run(tool: 'npm' | 'npx', args: string[], cwd: string, timeoutMs: number): Promise<{ stdout: string; ms: number }> {
  const [cmd, pre] = npmCommand(tool);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, [...pre, ...args], { cwd, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (err += String(d)));
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve({ stdout: out, ms: Date.now() - started });
      else reject(new Error(`${tool} ${args.join(' ')} exited ${code ?? signal} after ${Date.now() - started} ms:\n${err.slice(-3000)}`));
    });
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

test('npm pack gives a package that installs into an empty folder and serves with npx maplelink serve', { timeout: 540_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'maplelink-package-'));
  let server: ChildProcess | undefined;
  try {
    const packed = await run('npm', ['pack', '--pack-destination', dir, '--json'], ROOT, 300_000);
    const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
    const files = info!.files.map((f) => f.path);
    // The compiled server and the built front ends are inside; the sources, tests and source maps are not.
    for (const f of ['bin/maplelink.js', 'dist/cli/main.js', 'dist/enrich/engine/model.json', 'web/widget/dist/index.html', 'web/pay-app/dist/index.html', 'web/console/dist/index.html']) {
      assert.ok(files.includes(f), `${f} is in the package`);
    }
    assert.deepEqual(files.filter((f) => /^(src|test|scripts|docs|bench|examples)\//.test(f) || f.endsWith('.map')), []);

    const project = join(dir, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'uses-maplelink', version: '1.0.0', private: true }));
    const installed = await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(dir, info!.filename)], project, 300_000);
    t.diagnostic(`npm pack ${packed.ms} ms, npm install of the tarball ${installed.ms} ms`);
    const manifest = JSON.parse(readFileSync(join(project, 'node_modules', 'maplelink', 'package.json'), 'utf8')) as { private?: boolean; scripts?: Record<string, string> };
    assert.equal(manifest.private, undefined);
    // Nothing builds at install time: no install hooks in the published manifest.
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) assert.equal(manifest.scripts?.[hook], undefined, hook);
    assert.deepEqual(readdirSync(join(project, 'node_modules', 'maplelink')).sort(), ['README.md', 'bin', 'dist', 'package.json', 'web']);

    const port = await freePort();
    const [npx, pre] = npmCommand('npx');
    let err = '';
    server = spawn(npx, [...pre, 'maplelink', 'serve'], {
      cwd: project,
      env: childEnv({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'warn' }),
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
    });
    server.stderr!.on('data', (d) => (err += String(d)));
    const child = server;
    const starting = Date.now();
    await waitFor('the installed server to answer /health', async () => {
      if (child.exitCode !== null) throw new Error(`npx maplelink serve exited ${child.exitCode}: ${err.slice(-2000)}`);
      return healthy(port);
    }, 120_000, 250);
    t.diagnostic(`npx maplelink serve answered /health in ${Date.now() - starting} ms`);
    const base = `http://127.0.0.1:${port}`;
    assert.deepEqual(await (await fetch(`${base}/health`)).json(), { status: 'ok' });

    const apiStarted = Date.now();
    const api = new FlinksClient(base);
    const token = await api.post('GenerateAuthorizeToken', {}, { 'flinks-auth-key': 'c4569c54-e167-4d34-8de6-f4113bc82414' });
    assert.equal(token.status, 200, token.text);
    assert.match(token.body.Token, /^[0-9a-f-]{36}$/);
    const first = await api.post('Authorize', { Institution: 'FlinksCapital', Username: 'Greatday', Password: 'Everyday', Save: true, MostRecentCached: false });
    assert.equal(first.status, 203, first.text);
    const { loginId, requestId } = await api.connect('Greatday');
    const detail = await api.poll('GetAccountsDetail', requestId, 60_000);
    assert.equal(detail.status, 200, detail.text);
    assert.equal(detail.body.Login.Id, loginId);
    assert.ok(detail.body.Accounts.length > 0);

    // The front ends are served from the package, built (a missing build answers 503).
    for (const path of ['/v2/', '/pay/app/', '/console/']) {
      const page = await fetch(`${base}${path}`);
      assert.equal(page.status, 200, path);
      assert.match(await page.text(), /<script[^>]+src="[^"]*assets\//, path);
    }

    const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
    const stopping = Date.now();
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
    t.diagnostic(`the API calls took ${stopping - apiStarted} ms, stopping ${Date.now() - stopping} ms`);
  } finally {
    if (server && server.exitCode === null && server.signalCode === null) killGroup(server, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
