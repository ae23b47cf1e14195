/**
 * The request feed of the operator API: GET /operator/v1/requests (filtered, keyset-paged newest
 * first), one request by id, and the endpoints the feed can be filtered by. Read from the request
 * log (platform/requests/); registered inside the authenticated /operator/v1 scope.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RequestLog } from '../requests/log.ts';
import { decodeCursor, parseStatus, type FeedFilter } from '../requests/query.ts';
import { OperatorFailure, operatorErrors, operatorSecurity } from './errors.ts';

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export const RecordedRequest = z.object({
  id: z.string().describe('The row in the request log'),
  at: z.string().describe('When the request arrived (ISO 8601, UTC)'),
  customerId: z.string().nullable().describe('The customer in the path (null when the path named none that is a GUID)'),
  product: z.string().describe('The product that declared the route: connect, enrich, upload, sandbox, webhooks, settings'),
  method: z.string(),
  endpoint: z.string().describe('The route template, e.g. /v3/{customerId}/BankingServices/GetAccountsDetail'),
  requestId: z.string().nullable().describe('The RequestId of the request, or of its answer (lower case)'),
  loginId: z.string().nullable().describe('The LoginId of the request, or of its answer (lower case)'),
  status: z.number().int().describe('The HTTP status answered'),
  flinksCode: z.string().nullable().describe('The FlinksCode of an answer other than 200 (an error, OPERATION_PENDING)'),
  durationMs: z.number().describe('From the request arriving to its answer being sent, in milliseconds'),
}).describe('One recorded call of the Flinks surfaces (/v3)');

const FeedQuery = z.object({
  customerId: z.string().regex(GUID, 'customerId must be a GUID').optional(),
  status: z.string().regex(/^\s*(?:[1-5][0-9]{2}|[1-5][xX]{2})\s*$/, 'status must be a status (404) or a class (4xx)').optional().describe('An exact status (404) or a class (2xx, 4xx, 5xx)'),
  flinksCode: z.string().regex(/^[A-Za-z0-9_]{1,64}$/, 'flinksCode must be a FlinksCode (letters, digits, _)').optional(),
  endpoint: z.string().min(1).max(300).optional().describe('A route template as the feed answers it'),
  product: z.string().regex(/^[a-z0-9-]{1,40}$/, 'product must be a product name').optional(),
  from: z.iso.datetime({ offset: true }).optional().describe('From this time (inclusive, ISO 8601)'),
  to: z.iso.datetime({ offset: true }).optional().describe('Before this time (exclusive, ISO 8601)'),
  q: z.string().trim().min(1).max(64).optional().describe('A RequestId or LoginId, matched exactly (case-insensitive)'),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Requests per page (default 50, at most 200)'),
  cursor: z.string().max(200).optional().describe('The nextCursor of the previous page, with the same filters'),
});

const IdParams = z.object({ id: z.string().regex(/^[1-9][0-9]{0,17}$/, 'id must be a request id') });

export async function requestFeedRoutes(op: FastifyInstance, log: RequestLog): Promise<void> {
  const r = op.withTypeProvider<ZodTypeProvider>();
  const tags = ['Operator'];
  const security = operatorSecurity;

  r.get('/requests', {
    schema: {
      tags, security, querystring: FeedQuery,
      summary: 'The request feed: recorded /v3 calls newest first, filtered and keyset-paged',
      description: 'Every filter is optional and they combine. `q` finds a RequestId or LoginId exactly. Pages follow `nextCursor` (null on the last page).',
      response: { 200: z.object({ requests: z.array(RecordedRequest), nextCursor: z.string().nullable() }), ...operatorErrors },
    },
  }, async (req) => {
    const q = req.query;
    const filter: FeedFilter = { limit: q.limit };
    if (q.customerId !== undefined) filter.customerId = q.customerId.toLowerCase();
    if (q.status !== undefined) filter.status = parseStatus(q.status)!;
    if (q.flinksCode !== undefined) filter.flinksCode = q.flinksCode.toUpperCase();
    if (q.endpoint !== undefined) filter.endpoint = q.endpoint;
    if (q.product !== undefined) filter.product = q.product;
    if (q.from !== undefined) filter.from = new Date(q.from);
    if (q.to !== undefined) filter.to = new Date(q.to);
    if (filter.from && filter.to && filter.from >= filter.to) throw new OperatorFailure(400, 'invalid_request', 'from must be before to');
    if (q.q !== undefined) filter.q = q.q.toLowerCase();
    if (q.cursor !== undefined) {
      const cursor = decodeCursor(q.cursor);
      if (!cursor) throw new OperatorFailure(400, 'invalid_request', 'cursor is not one this feed answered');
      filter.cursor = cursor;
    }
    return log.list(filter);
  });

  r.get('/requests/endpoints', {
    schema: {
      tags, security, summary: 'The endpoints the request feed records, with their product (for the feed’s filters)',
      response: { 200: z.object({ recording: z.boolean().describe('Whether this server records requests (REQUEST_LOG)'), endpoints: z.array(z.object({ product: z.string(), endpoint: z.string(), methods: z.array(z.string()) })) }), ...operatorErrors },
    },
  }, async () => ({ recording: log.enabled, endpoints: log.endpoints() }));

  r.get('/requests/:id', {
    schema: { tags, security, params: IdParams, summary: 'One recorded request', response: { 200: RecordedRequest, ...operatorErrors } },
  }, async (req) => {
    const found = await log.get(req.params.id);
    if (!found) throw new OperatorFailure(404, 'not_found', `no recorded request ${req.params.id}`);
    return found;
  });
}
