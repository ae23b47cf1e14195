/**
 * The operator's side of EFT under /pay/api/v1 (Maplelink's API: Flinks runs
 * this part itself):
 *   POST /files {"valueDate"}      run the cut-off for that date unless it ran -> {files: [...]}
 *   GET  /files[?valueDate=]       the files made
 *   GET  /files/{id}               the file itself (text/plain, CPA-005)
 *   POST /returns                  a returns file from the bank (text body, or JSON {"file"})
 *   POST /settlements              settle what is due now
 *   POST /files/{id}/returns       sandbox: the bank returns some payments of a file
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { documentedBody } from '../../platform/http/openapi.ts';
import type { Platform } from '../../platform/platform.ts';
import { requirePayClientId } from '../auth.ts';
import { invalidField, payErrors } from '../errors.ts';
import { withIdempotency } from '../idempotency.ts';
import type { PayConfig } from '../config.ts';
import { isIsoDate, dateIn } from '../eft/dates.ts';
import { member } from '../eft/validate.ts';
import { sendStored } from '../eft/routes.ts';
import { runCutoffIn } from './cutoff.ts';
import { fileContent, findFile, listFiles, type FileSummary } from './store.ts';
import { fileJson } from './wire.ts';
import { ingestReturns } from './returns.ts';
import { settle } from './settlement.ts';
import { simulatedReturnsFile } from './simulate.ts';
import { FileAnswer, ReturnsAnswer } from '../schemas.ts';

const tags = ['Pay: files and returns'];
/** A CPA-005 file as a download (the Pay API's and the operator API's): its text, named by originator, number and value date. */
export function sendFile(reply: FastifyReply, file: FileSummary, text: string): FastifyReply {
  return reply
    .type('text/plain; charset=us-ascii')
    .header('content-disposition', `attachment; filename="${file.originatorId}-${String(file.fileCreationNumber).padStart(4, '0')}-${file.valueDate}.txt"`)
    .header('x-file-creation-number', String(file.fileCreationNumber))
    .send(text);
}

/** The text of a returns file from a body sent as text/plain, or as JSON {"file": "..."}; null when neither. */
export function returnsTextOf(body: unknown): string | null {
  const text = typeof body === 'string' ? body : body && typeof body === 'object' && typeof member(body as Record<string, unknown>, 'file') === 'string' ? (member(body as Record<string, unknown>, 'file') as string) : null;
  return text === null || text.trim() === '' ? null : text;
}

/** A returns file of a busy day: 100,000 items is about 24 MB. */
export const RETURNS_BODY_LIMIT = 64 * 1024 * 1024;

function valueDateOf(body: unknown, name = 'valueDate'): string {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw invalidField(name, 'is required (YYYY-MM-DD)');
  const v = member(body as Record<string, unknown>, name);
  if (v === undefined || v === null || v === '') throw invalidField(name, 'is required (YYYY-MM-DD)');
  if (!isIsoDate(v)) throw invalidField(name, 'must be a date (YYYY-MM-DD)');
  return v;
}

export function registerProcessingRoutes(scope: FastifyInstance, p: Platform, config: PayConfig): void {
  const auth = requirePayClientId(p);
  const r = scope.withTypeProvider<ZodTypeProvider>();

  r.post('/pay/api/v1/files', {
    preHandler: auth,
    schema: { tags, summary: 'Run the cut-off of a value date (once): the payments due become a CPA-005 file', body: z.object({ valueDate: z.string() }).passthrough().optional(), response: { 200: z.object({ valueDate: z.string(), files: z.array(FileAnswer) }) } },
  }, async (req, reply) => {
    const valueDate = valueDateOf(req.body);
    const answer = await withIdempotency(p, req, req.payCustomerId, async (q) => {
      const { file } = await runCutoffIn(q, p, config, req.payCustomerId, valueDate);
      return { status: 200, body: { valueDate, files: file ? [fileJson(file)] : [] } };
    });
    return sendStored(reply, answer);
  });

  r.get('/pay/api/v1/files', {
    preHandler: auth,
    schema: { tags, summary: 'The CPA-005 files made (newest value date first)', querystring: z.object({ valueDate: z.string().optional() }), response: { 200: z.object({ files: z.array(FileAnswer) }) } },
  }, async (req) => {
    const { valueDate } = req.query;
    if (valueDate !== undefined && !isIsoDate(valueDate)) throw invalidField('valueDate', 'must be a date (YYYY-MM-DD)');
    return { files: (await listFiles(p.db, req.payCustomerId, valueDate)).map(fileJson) };
  });

  const FileParams = z.object({ fileId: z.string() });
  r.get('/pay/api/v1/files/:fileId', {
    preHandler: auth,
    schema: { tags, summary: 'The CPA-005 file (1464-character records, CRLF)', params: FileParams, produces: ['text/plain'], response: { 200: z.string().describe('The CPA-005 file') } },
  }, async (req, reply) => {
    const { fileId } = req.params;
    const file = await findFile(p.db, req.payCustomerId, fileId);
    if (!file) throw payErrors.fileNotFound(fileId);
    return sendFile(reply, file, (await fileContent(p.db, req.payCustomerId, fileId))!);
  });

  scope.register(async (returnsScope) => {
    const returns = returnsScope.withTypeProvider<ZodTypeProvider>();
    // A returns file comes as text; a JSON wrapper {"file": "..."} is taken too.
    returns.addContentTypeParser(['text/plain', 'application/octet-stream'], { parseAs: 'string', bodyLimit: RETURNS_BODY_LIMIT }, (_req, body, done) => done(null, body));
    returns.post('/pay/api/v1/returns', {
      preHandler: auth,
      bodyLimit: RETURNS_BODY_LIMIT,
      schema: { tags, summary: 'Apply a returns file (CPA-005 I/J records): each payment fails with its code, schedules follow the decision matrix', consumes: ['text/plain', 'application/octet-stream', 'application/json'],
        body: documentedBody(z.union([z.string().describe('The returns file (CPA-005 I/J records)'), z.object({ file: z.string() })])),
        response: { 200: ReturnsAnswer } },
    }, async (req, reply) => {
      const text = returnsTextOf(req.body);
      if (text === null) throw invalidField('file', 'send the returns file as text/plain, or JSON {"file": "..."}');
      const { result, replayed } = await ingestReturns(p, req.payCustomerId, text);
      if (replayed) reply.header('idempotent-replayed', 'true');
      return result;
    });
  });

  r.post('/pay/api/v1/settlements', {
    preHandler: auth,
    schema: { tags, summary: 'Settle now the payments whose value date is far enough behind (the daily job does it too)', response: { 200: z.object({ settled: z.number().int().describe('Payments settled') }) } },
  }, async (req) => {
    const settled = await settle(p, config, { customerId: req.payCustomerId });
    return { settled };
  });

  if (p.config.sandbox) {
    const SimBody = z.object({ returns: z.array(z.object({ paymentRequestId: z.string(), returnCode: z.number().int() })).min(1).max(10_000) });
    r.post('/pay/api/v1/files/:fileId/returns', {
      preHandler: auth,
      schema: { tags, summary: 'Sandbox: the bank returns payments of a file with the given codes; the returns file is applied and shown', params: FileParams, body: SimBody, response: { 200: ReturnsAnswer.extend({ file: z.string() }) } },
    }, async (req, reply) => {
      const { fileId } = req.params;
      const file = await findFile(p.db, req.payCustomerId, fileId);
      if (!file) throw payErrors.fileNotFound(fileId);
      const text = await simulatedReturnsFile(p.db, config, req.payCustomerId, file.id, req.body.returns, dateIn(config.timezone, p.clock.now()));
      const { result, replayed } = await ingestReturns(p, req.payCustomerId, text);
      if (replayed) reply.header('idempotent-replayed', 'true');
      return { ...result, file: text };
    });
  }
}
