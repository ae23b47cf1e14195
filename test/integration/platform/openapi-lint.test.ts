/**
 * /openapi.json is a complete OpenAPI 3.1 document, and Redocly's linter passes it at its
 * recommended rules (redocly.yaml says why a rule is off). The linter runs offline: its telemetry
 * and update check are turned off, and a preload ends it on any connection or DNS lookup, so the
 * test fails rather than reach the network.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { servedDocument } from '../../../scripts/sdk/openapi.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface Operation { operationId?: string; tags?: string[]; security?: unknown[]; requestBody?: unknown; responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }
interface Document { openapi: string; tags: { name: string; description?: string }[]; paths: Record<string, Record<string, Operation>> }

let doc: Document;
const ops: { method: string; path: string; op: Operation }[] = [];
before(async () => {
  doc = (await servedDocument()) as Document;
  for (const [path, item] of Object.entries(doc.paths)) for (const method of METHODS) if (item[method]) ops.push({ method, path, op: item[method] });
});

/** Runs the linter on a document written to a temp file; answers its JSON report. */
async function lint(document: unknown): Promise<{ totals: { errors: number; warnings: number }; problems: { ruleId: string; message: string; location: { pointer: string }[] }[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'maplelink-openapi-'));
  try {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(document));
    const cli = join(ROOT, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
    const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NODE_OPTIONS: `--require ${join(ROOT, 'test', 'support', 'no-network.cjs')}` };
    const { stdout, stderr, code } = await new Promise<{ stdout: string; stderr: string; code: number | null }>((resolve) => {
      execFile(process.execPath, [cli, 'lint', file, '--config', join(ROOT, 'redocly.yaml'), '--format', 'json', '--max-problems', '1000'], { env, cwd: dir, timeout: 120_000 }, (err, stdout, stderr) =>
        resolve({ stdout, stderr, code: err ? ((err as { code?: number }).code ?? 1) : 0 }));
    });
    assert.ok(!stderr.includes('no-network:'), `the linter tried to reach the network: ${stderr}`);
    const start = stdout.indexOf('{');
    assert.ok(start >= 0, `no report from the linter (exit ${code}): ${stderr}`);
    return JSON.parse(stdout.slice(start)) as Awaited<ReturnType<typeof lint>>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('Redocly lint passes /openapi.json at its recommended rules: no error, no warning', { timeout: 180_000 }, async () => {
  const report = await lint(doc);
  const problems = report.problems.map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? '?'}`);
  assert.deepEqual(problems, []);
  assert.equal(report.totals.errors, 0);
  assert.equal(report.totals.warnings, 0);
});

test('the linter fails a document that breaks a recommended rule (the test can fail)', { timeout: 180_000 }, async () => {
  const broken = structuredClone(doc);
  const first = Object.values(broken.paths)[0]!;
  for (const m of METHODS) if (first[m]) delete first[m].operationId;
  const report = await lint(broken);
  assert.ok(report.problems.some((p) => p.ruleId === 'operation-operationId'), JSON.stringify(report.problems.slice(0, 3)));
});

test('the document is OpenAPI 3.1, its tags are described and Connect comes first', () => {
  assert.match(doc.openapi, /^3\.1\./);
  assert.equal(doc.tags[0]!.name, 'Connect');
  for (const t of doc.tags) assert.ok(t.description && t.description.length > 20, `tag ${t.name} has no description`);
  const declared = new Set(doc.tags.map((t) => t.name));
  for (const { method, path, op } of ops) for (const tag of op.tags ?? []) assert.ok(declared.has(tag), `${method} ${path}: tag ${tag} is not declared`);
});

test('every operation has a stable operationId: derived from its method and path unless named', () => {
  const ids = new Map<string, string>();
  for (const { method, path, op } of ops) {
    assert.ok(op.operationId, `${method} ${path} has no operationId`);
    assert.equal(ids.get(op.operationId), undefined, `${op.operationId} is used twice`);
    ids.set(op.operationId, `${method} ${path}`);
  }
  assert.equal(ids.get('postV3BankingServicesGetAccountsDetail'), 'post /v3/{customerId}/BankingServices/GetAccountsDetail');
  assert.equal(ids.get('getPayApiV1PaymentrequestsByRequestId'), 'get /pay/api/v1/paymentrequests/{requestId}');
});

/** Operations that answer no body on success, and why. */
const NO_BODY: Record<string, string> = {
  'get /v3/{customerId}/BankingServices/OAuth/Callback': 'a redirect back to the app (303, Location)',
  'post /pay/api/v1/schedules/{scheduleId}/cancel': 'an empty 200, as Flinks answers',
  'delete /outbound/api/v1/revoke': '204',
};
/** POST, PUT and PATCH operations that take no body (their path says it all). */
const NO_REQUEST_BODY = [
  'post /v3/{customerId}/webhooks/events/{eventId}/replay',
  'post /v3/{customerId}/BankingServices/GenerateAuthorizeToken',
  'post /v3/{customerId}/BankingServices/GetAccountsSummaryAsync/{requestId}',
  'post /v3/{customerId}/BankingServices/GetAccountsDetailAsync/{requestId}',
  'post /v3/{customerId}/BankingServices/GetStatementsAsync/{requestId}',
  'post /v3/{customerId}/sandbox/logins/{loginId}/reset',
  'post /pay/api/v1/paymentrequests/{requestId}/cancel',
  'post /pay/api/v1/schedules/{scheduleId}/cancel',
  'post /pay/api/v1/schedules/{scheduleId}/resume',
  'post /pay/api/v1/settlements',
  'post /pay/api/v2/sessions/{sessionId}/cancel',
  'post /pay/api/v2/sandbox/sweep',
  'post /outbound/api/v1/recipients/providers/requests/{recipientIds}/{providerIds}',
  'post /outbound/api/v1/recipients/{client_id}/secret',
  'post /operator/v1/customers/{customerId}/logins/{loginId}/refresh',
  'post /operator/v1/customers/{customerId}/logins/{loginId}/sandbox-reset',
  'post /operator/v1/customers/{customerId}/webhooks/events/{eventId}/replay',
  'post /operator/v1/customers/{customerId}/pay/settlements',
  'post /operator/v1/customers/{customerId}/outbound/consents/{consentId}/revoke',
];

test('every operation documents its success answer with a body, its request body, its errors and its credentials', () => {
  let withBody = 0;
  for (const { method, path, op } of ops) {
    const key = `${method} ${path}`;
    const success = Object.entries(op.responses).filter(([s]) => /^[23]/.test(s));
    assert.ok(success.length > 0, `${key} documents no success answer`);
    const hasBody = success.some(([s, r]) => s.startsWith('2') && Object.values(r.content ?? {}).some((m) => m.schema !== undefined));
    if (hasBody) withBody++;
    else assert.ok(NO_BODY[key], `${key} documents no 2xx body`);
    if (['post', 'put', 'patch'].includes(method)) assert.equal(op.requestBody === undefined, NO_REQUEST_BODY.includes(key), `${key}: request body ${op.requestBody ? 'documented' : 'missing'}`);
    assert.ok(Object.keys(op.responses).some((s) => s.startsWith('4')), `${key} documents no 4xx answer`);
    assert.ok(Object.keys(op.responses).some((s) => s.startsWith('5')), `${key} documents no 5xx answer`);
    assert.ok(Array.isArray(op.security), `${key} says nothing of its credentials`);
  }
  assert.ok(withBody / ops.length >= 0.95, `${withBody} of ${ops.length} operations document a 2xx body`);
});

/**
 * operationIds are a contract: a client generated from the document (the SDK's types among them)
 * names operations by them. test/fixtures/operation-ids.txt pins each one to its method and path,
 * so renaming, moving or removing an operation fails here. A new operation passes once its id is
 * unique (above); append its line to the file when it lands.
 */
test('every pinned operationId still names the same method and path', async () => {
  const { readFileSync } = await import('node:fs');
  const pinned = readFileSync(join(ROOT, 'test', 'fixtures', 'operation-ids.txt'), 'utf8').split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
  assert.ok(pinned.length >= 100, `only ${pinned.length} pinned operations`);
  const byId = new Map(ops.map(({ method, path, op }) => [op.operationId, `${method.toUpperCase()} ${path}`]));
  const problems: string[] = [];
  for (const line of pinned) {
    const [id, method, path] = line.split(' ');
    const now = byId.get(id);
    if (now !== `${method} ${path}`) problems.push(`${id} (${method} ${path}) is ${now ? `now ${now}` : 'gone or renamed'}`);
  }
  assert.deepEqual(problems, []);
});

/**
 * Every example in the document (a schema's `examples`, a media type's `example`) validates against
 * the schema it illustrates (Ajv, JSON Schema 2020-12: OpenAPI 3.1's dialect), so an example taken
 * from the Flinks documentation cannot contradict what the document says of the same answer.
 */
test('every example in the document validates against its own schema', async () => {
  const { Ajv2020 } = await import('ajv/dist/2020.js');
  const addFormats = (await import('ajv-formats')).default as unknown as (a: InstanceType<typeof Ajv2020>) => void;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(doc as object, 'openapi');
  const found: { pointer: string; schemaPointer: string; example: unknown }[] = [];
  const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
  const walk = (node: unknown, pointer: string) => {
    if (Array.isArray(node)) return node.forEach((x, i) => walk(x, `${pointer}/${i}`));
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    // A schema's own examples (JSON Schema), outside a properties map where "examples" would be a member's name.
    if (Array.isArray(o.examples) && !pointer.endsWith('/properties')) o.examples.forEach((example, i) => found.push({ pointer: `${pointer}/examples/${i}`, schemaPointer: pointer, example }));
    // A media type's example (OpenAPI).
    if ('example' in o && 'schema' in o) found.push({ pointer: `${pointer}/example`, schemaPointer: `${pointer}/schema`, example: o.example });
    for (const [k, v] of Object.entries(o)) walk(v, `${pointer}/${escape(k)}`);
  };
  walk(doc.paths, '/paths');
  assert.ok(found.length >= 20, `only ${found.length} examples in the document`);
  const failures: string[] = [];
  for (const { pointer, schemaPointer, example } of found) {
    const validate = ajv.compile({ $ref: `openapi#${schemaPointer}` });
    if (!validate(example)) failures.push(`${pointer}: ${ajv.errorsText(validate.errors)}`);
  }
  assert.deepEqual(failures, []);
});
