/**
 * The document cannot drift: every answer the integration suite receives is held to what
 * /openapi.json documents for its operation and status — on the client side by call() in app.ts
 * (the failure lands in the test that called), and on the server side by watchAnswers, which
 * startTestApp puts on every app it starts, so answers fetched directly (a page, a file download,
 * a browser, the SDK's own requests) are held to it too. The
 * request is matched to an operation by method and path template (case-insensitive, as the router
 * is, with the same cleaning of stray blanks and slashes), then the status to a documented
 * response (exact, then its class such as 4XX, then default), then the body is validated against
 * that response's schema with Ajv's JSON Schema 2020-12 (OpenAPI 3.1's dialect). An undocumented
 * status, media type or member, or a body that does not validate, fails the test that received it.
 *
 * The document is read once per app origin from the app under test; each schema is compiled once
 * per document text, so apps that serve the same document share their validators.
 * MAPLELINK_DRIFT_COUNT_FILE: a file to which each test process appends how many answers it checked.
 */
import { appendFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

interface MediaType { schema?: unknown }
interface ResponseObject { content?: Record<string, MediaType> }
interface Operation { operationId?: string; responses?: Record<string, ResponseObject> }
interface OpenApi { paths: Record<string, Record<string, Operation>> }

interface Route { method: string; pattern: RegExp; literal: number; path: string; op: Operation }

export class Contract {
  readonly routes: Route[] = [];
  private readonly ajv = addFormats(new Ajv2020({ strict: false, allErrors: true, validateFormats: true }));
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(readonly doc: OpenApi) {
    // Refs inside a schema (#/components/...) resolve against the document itself.
    this.ajv.addSchema(doc as object, 'openapi');
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        const source = path.split('/').map((seg) => (/^\{[^}]+\}$/.test(seg) ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/');
        this.routes.push({ method: method.toUpperCase(), pattern: new RegExp(`^${source}/?$`, 'i'), literal: path.replace(/\{[^}]+\}/g, '').length, path, op });
      }
    }
  }

  /** The documented operation of a request: the matching template with the most literal text. */
  match(method: string, pathname: string): Route | undefined {
    let best: Route | undefined;
    for (const r of this.routes) if (r.method === method && r.pattern.test(pathname) && (!best || r.literal > best.literal)) best = r;
    return best;
  }

  validator(route: Route, status: string, mediaType: string): ValidateFunction {
    const pointer = ['paths', route.path, route.method.toLowerCase(), 'responses', status, 'content', mediaType, 'schema'].map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
    let v = this.validators.get(pointer);
    if (!v) {
      v = this.ajv.compile({ $ref: `openapi#/${pointer}` });
      this.validators.set(pointer, v);
    }
    return v;
  }
}

const byOrigin = new Map<string, Promise<Contract>>();
const byText = new Map<string, Contract>();
let checked = 0;

if (process.env.MAPLELINK_DRIFT_COUNT_FILE) {
  const file = process.env.MAPLELINK_DRIFT_COUNT_FILE;
  process.on('exit', () => {
    if (checked > 0) appendFileSync(file, `${checked}\n`);
  });
}

/** How many answers this process has checked so far. */
export function checkedCount(): number {
  return checked;
}

function contractOf(origin: string): Promise<Contract> {
  let c = byOrigin.get(origin);
  if (!c) {
    c = (async () => {
      const res = await fetch(`${origin}/openapi.json`, { signal: AbortSignal.timeout(60_000) });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`openapi drift check: ${origin}/openapi.json answered ${res.status}`);
      return contractOfDocument(JSON.parse(text) as object);
    })();
    // A failed read is tried again by the next answer rather than remembered.
    c.catch(() => byOrigin.delete(origin));
    byOrigin.set(origin, c);
  }
  return c;
}

/** The path as the server routes it (platform/server.ts rewriteUrl, fastify's duplicate slashes). */
function routedPath(pathname: string): string {
  return pathname.replace(/(?:%20)+(?=\/|$)/g, '').replace(/\/{2,}/g, '/');
}

/**
 * Checks one answer against the document of the app that gave it; throws, naming the operation,
 * the status and Ajv's errors, when the answer is not what the document says.
 */
export async function checkAnswer(url: string, method: string, status: number, contentType: string | null, text: string): Promise<void> {
  const u = new URL(url);
  if (u.pathname === '/openapi.json') return;
  const m = method.toUpperCase();
  if (m === 'HEAD' || m === 'OPTIONS') return;
  checkAgainst(await contractOf(u.origin), m, u.pathname, status, contentType, text);
}

/** The check of one answer against a document already read (see checkAnswer). */
export function checkAgainst(contract: Contract, method: string, pathname: string, status: number, contentType: string | null, text: string): void {
  const m = method.toUpperCase();
  const route = contract.match(m, routedPath(pathname));
  // Not an operation of the document (health, metrics, pages, the reference, a path that routes
  // nowhere): nothing documented to hold it to.
  if (!route) return;
  const where = `${m} ${route.path} (${route.op.operationId ?? 'no operationId'}) answered ${status}`;
  const responses = route.op.responses ?? {};
  const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => responses[k] !== undefined);
  if (key === undefined) throw new Error(`openapi drift: ${where}, a status the document does not give (documented: ${Object.keys(responses).join(', ')})\nbody: ${text.slice(0, 500)}`);
  checked++;
  const content = responses[key]!.content;
  if (!content || Object.keys(content).length === 0) {
    if (text !== '') throw new Error(`openapi drift: ${where} with a body, where the document gives none\nbody: ${text.slice(0, 500)}`);
    return;
  }
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const mediaType = Object.keys(content).find((k) => k.toLowerCase() === type);
  if (mediaType === undefined) throw new Error(`openapi drift: ${where} as ${type || 'no content type'}, which the document does not give (documented: ${Object.keys(content).join(', ')})\nbody: ${text.slice(0, 500)}`);
  // HTML pages and files (a CPA-005 file, a PDF): their status and media type are what is documented.
  if (!/[/+]json$/.test(mediaType)) return;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`openapi drift: ${where} as ${mediaType}, with a body that is not JSON: ${text.slice(0, 200)}`);
  }
  const validate = contract.validator(route, key, mediaType);
  if (!validate(body)) {
    const errors = (validate.errors ?? []).slice(0, 8).map((e) => `  ${e.instancePath || '(body)'} ${e.message ?? ''}${e.keyword === 'additionalProperties' ? `: ${String((e.params as { additionalProperty?: string }).additionalProperty)}` : ''}`);
    throw new Error(`openapi drift: ${where}, a body that does not match the documented ${key} ${mediaType} schema:\n${errors.join('\n')}\nbody: ${text.slice(0, 500)}`);
  }
}

/** The contract of a document object (the app's own, app.http.swagger()), shared by equal documents. */
export function contractOfDocument(doc: object): Contract {
  const text = JSON.stringify(doc);
  const key = createHash('sha256').update(text).digest('hex');
  let contract = byText.get(key);
  if (!contract) {
    contract = new Contract(JSON.parse(text) as OpenApi);
    byText.set(key, contract);
  }
  return contract;
}

/** Bytes of a body kept per answer to validate it: JSON answers in tests are far smaller. */
const KEEP_BYTES = 16 * 1024 * 1024;

/**
 * Holds every answer an HTTP server gives to the document, whoever asked (call(), a plain fetch, a
 * browser, the SDK): a listener placed before the server's own wraps each response's writeHead,
 * write and end, and once the answer is sent checks its status, media type and (JSON) body with
 * checkAgainst. A mismatch is handed to `report` (the test helper collects them and fails the file
 * when the app stops), since it cannot be thrown into the test that caused it.
 */
export function watchAnswers(server: Server, contract: () => Contract, report: (message: string) => void): void {
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    const method = (req.method ?? 'GET').toUpperCase();
    if (method === 'HEAD' || method === 'OPTIONS') return;
    const pathname = new URL(req.url ?? '/', 'http://answer.invalid').pathname;
    if (pathname === '/openapi.json') return;
    const chunks: Buffer[] = [];
    let kept = 0;
    let headContentType: string | undefined;
    const keep = (chunk: unknown, encoding?: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function' || kept > KEEP_BYTES) return;
      const b = typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8') : Buffer.from(chunk as Uint8Array);
      kept += b.length;
      chunks.push(b);
    };
    const writeHead = res.writeHead;
    res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
      const headers = args.find((a) => a !== null && typeof a === 'object');
      if (headers && !Array.isArray(headers)) {
        for (const [k, v] of Object.entries(headers as Record<string, unknown>)) if (k.toLowerCase() === 'content-type') headContentType = String(v);
      }
      return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
    } as typeof res.writeHead;
    const write = res.write;
    res.write = function (this: ServerResponse, chunk: unknown, encoding?: unknown, cb?: unknown) {
      keep(chunk, encoding);
      return (write as (...a: unknown[]) => boolean).call(this, chunk, encoding, cb);
    } as typeof res.write;
    const end = res.end;
    res.end = function (this: ServerResponse, chunk?: unknown, encoding?: unknown, cb?: unknown) {
      keep(chunk, encoding);
      return (end as (...a: unknown[]) => ServerResponse).call(this, chunk, encoding, cb);
    } as typeof res.end;
    res.once('finish', () => {
      if (kept > KEEP_BYTES) return;
      const header = res.getHeader('content-type');
      const contentType = header !== undefined ? String(header) : (headContentType ?? null);
      try {
        checkAgainst(contract(), method, pathname, res.statusCode, contentType, Buffer.concat(chunks).toString('utf8'));
      } catch (err) {
        report((err as Error).message);
      }
    });
  });
}
