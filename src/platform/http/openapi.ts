/**
 * How /openapi.json is built from the route schemas (OpenAPI 3.1, whose schemas are JSON Schema
 * 2020-12): the zod type provider's transform, plus what every operation needs and no route
 * should have to repeat —
 * - a stable operationId, derived from the method and the path (never from registration order),
 *   unless the route names its own;
 * - response schemas closed where the answer is closed: the zod transform writes a loose object
 *   (z.looseObject, kept loose so that serialising never drops a member) as
 *   `additionalProperties: {}`; the document says `false`, and the test suite's drift check
 *   (test/support/openapi-drift.ts) fails on any member an answer carries beyond it. A schema
 *   that is open on purpose says so with `.meta(openAnswer)`; a loose object naming no member
 *   (a placeholder whose answer the summary describes) stays open;
 * - error answers in the shape of their surface: each surface adds them to its routes with
 *   `documentErrors` (an onRoute hook), and a response may name its media type
 *   (`application/problem+json` for Pay) with `.meta({ [MEDIA_TYPE]: ... })`.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SwaggerTransformObject } from '@fastify/swagger';

/** Meta key: the media type of a documented response (the default is application/json). */
export const MEDIA_TYPE = 'x-media-type';
/** Meta key: response headers of a documented response, name → { description, schema }. */
export const RESPONSE_HEADERS = 'x-response-headers';
/** Meta key: a response object whose members are open on purpose (a map keyed by data). */
const OPEN = 'x-open';
export const openAnswer = { [OPEN]: true } as const;

type Json = Record<string, unknown>;

/**
 * A response documented by a zod schema and sent as the handler builds it: the schema is written
 * into /openapi.json but serialising leaves the answer untouched (no member dropped or reordered),
 * so documenting an answer never changes it. The drift check holds the answers to the schema.
 */
export function documented(shape: z.ZodType, meta: Json = {}): z.ZodUnknown {
  const { $schema: _, ...json } = z.toJSONSchema(shape, { io: 'output', unrepresentable: 'any' });
  return z.unknown().meta({ ...json, ...meta });
}

/**
 * A request body documented by a zod schema and read by its handler (which gives the surface's own
 * messages for what it refuses): any value passes validation as sent.
 */
export function documentedBody(shape: z.ZodType, meta: Json = {}): z.ZodUnknown {
  const { $schema: _, ...json } = z.toJSONSchema(shape, { io: 'input', unrepresentable: 'any' });
  return z.unknown().meta({ ...json, ...meta });
}

/** A response without a body (204, or a redirect), with its headers. */
export function noBody(description: string, headers: Json = {}): z.ZodUndefined {
  return z.undefined().meta({ description, ...(Object.keys(headers).length > 0 ? { [RESPONSE_HEADERS]: headers } : {}) });
}

/** An OpenAPI security requirement list: any one entry admits (`{}`: no credential). */
export type Security = Record<string, string[]>[];

const SECURITY = Symbol.for('maplelink.openapi.security');

/** Marks a hook (a preHandler that checks a credential) with the credentials it accepts. */
export function accepts<T extends object>(hook: T, security: Security): T {
  return Object.assign(hook, { [SECURITY]: security });
}

function securityOf(hooks: unknown): Security | undefined {
  for (const h of [hooks ?? []].flat()) {
    const s = (h as { [SECURITY]?: Security })[SECURITY];
    if (s) return s;
  }
  return undefined;
}

/**
 * Documents a surface on every documented route registered after it in `scope`, keeping whatever
 * a route declares itself: its error answers (status or status class → schema; they come from
 * the surface's error handler, so they are declared beside it), and the credentials it takes
 * (those its preHandler is marked with by `accepts`, else `security`).
 */
export function documentSurface(scope: FastifyInstance, surface: { errors: Record<string, z.ZodType>; security?: Security | ((route: RouteOptions) => Security) }): void {
  scope.addHook('onRoute', (route: RouteOptions) => {
    const schema = route.schema as { hide?: boolean; response?: Record<string, unknown>; security?: Security } | undefined;
    if (!schema || schema.hide) return;
    schema.response = { ...surface.errors, ...schema.response };
    const security = securityOf(route.preHandler) ?? (typeof surface.security === 'function' ? surface.security(route) : surface.security);
    if (schema.security === undefined && security) schema.security = security;
  });
}

const METHOD_WORD: Record<string, string> = { GET: 'get', POST: 'post', PUT: 'put', PATCH: 'patch', DELETE: 'delete' };

/**
 * The operationId of a method and path: the method, then each literal segment, then `By` and each
 * path parameter (the customer, on every /v3 path, is left out), camel-cased:
 * POST /v3/{customerId}/BankingServices/GetAccountsDetailAsync/{requestId} →
 * postV3BankingServicesGetAccountsDetailAsyncByRequestId. The same route always gets the same id.
 */
export function operationIdOf(method: string, url: string): string {
  const words: string[] = [METHOD_WORD[method.toUpperCase()] ?? method.toLowerCase()];
  const segments = url.split('/').filter(Boolean);
  segments.forEach((segment, i) => {
    const param = /^[:{]([^}]+)}?$/.exec(segment);
    if (!param) words.push(...segment.split(/[^A-Za-z0-9]+/));
    else if (!(i === 1 && segments[0] === 'v3')) words.push('By', ...param[1]!.split(/[_-]/));
  });
  return words
    .filter(Boolean)
    .map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1)))
    .join('');
}

/**
 * The document-wide pass: a route registered for several methods at once shares one schema, so
 * its operations get their ids here, each from its own method and path.
 */
export const openapiTransformObject: SwaggerTransformObject = (input) => {
  if (!('openapiObject' in input)) throw new Error('Swagger 2.0 is not served');
  const doc = input.openapiObject;
  for (const [path, item] of Object.entries(doc.paths ?? {}) as [string, Record<string, Json | undefined>][]) {
    for (const method of Object.keys(METHOD_WORD)) {
      const op = item[method.toLowerCase()];
      if (op && op.operationId === undefined) item[method.toLowerCase()] = { operationId: operationIdOf(method, path), ...op };
    }
  }
  return doc;
};

function isLoose(s: Json): boolean {
  const extra = s.additionalProperties;
  return typeof s.properties === 'object' && s.properties !== null && typeof extra === 'object' && extra !== null && Object.keys(extra).length === 0;
}

/** Turns loose objects into closed ones (see above) and takes the open marker off. */
function closeObjects(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) closeObjects(item);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const s = node as Json;
  if (s[OPEN] === true) delete s[OPEN];
  // A loose object that names no member at all is a placeholder (its answer is described in
  // words): it stays open rather than claim an empty answer.
  else if (isLoose(s) && Object.keys(s.properties as Json).length > 0) s.additionalProperties = false;
  for (const value of Object.values(s)) closeObjects(value);
}

/** A documented response's media type and headers, where @fastify/swagger reads them. */
function responseObject(schema: Json): Json {
  const { [MEDIA_TYPE]: mediaType, [RESPONSE_HEADERS]: headers, ...rest } = schema;
  if (rest.type === 'null') return { ...rest, ...(headers ? { headers: headerSchemas(headers as Json) } : {}) };
  if (mediaType === undefined && headers === undefined) return rest;
  const { description, examples, ...body } = rest;
  const media: Json = { schema: body };
  if (Array.isArray(examples) && examples.length > 0) media.example = examples[0];
  return { description: description ?? 'Default Response', ...(headers ? { headers: headerSchemas(headers as Json) } : {}), content: { [typeof mediaType === 'string' ? mediaType : 'application/json']: media } };
}

function headerSchemas(headers: Json): Json {
  return Object.fromEntries(Object.entries(headers).map(([name, h]) => [name, h]));
}

type TransformInput = Parameters<typeof jsonSchemaTransform>[0] & { route?: { method?: string | string[] } };

/** The swagger transform: the zod one, then operationIds, closed answers and media types. */
export function openapiTransform(input: TransformInput): ReturnType<typeof jsonSchemaTransform> {
  const out = jsonSchemaTransform(input);
  const schema = out.schema as Json & { hide?: boolean; response?: Record<string, Json>; operationId?: string };
  if (!schema || schema.hide) return out;
  const methods = [input.route?.method ?? []].flat().filter((m) => m !== 'HEAD');
  if (schema.operationId === undefined && methods.length === 1) schema.operationId = operationIdOf(methods[0]!, out.url);
  if (schema.response) {
    for (const [status, r] of Object.entries(schema.response)) {
      closeObjects(r);
      schema.response[status] = responseObject(r);
    }
  }
  return out;
}
