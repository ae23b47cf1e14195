/**
 * Pay in the operator API (/operator/v1/customers/{customerId}/pay/..., tag Operator; what the
 * console's Pay page shows): a customer's schedules and payment requests with their status
 * history, PAD agreements, CPA-005 files and their download, returns files (listed, and applied
 * by upload: the same ingestReturns the Pay API runs), and settlements (by day, and a run now:
 * the same settle). Lists are keyset-paged (platform/operator/paging.ts); another customer's id
 * is answered as unknown.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Platform } from '../platform/platform.ts';
import { ApiError } from '../platform/errors.ts';
import { MEDIA_TYPE, RESPONSE_HEADERS, documented, documentedBody } from '../platform/http/openapi.ts';
import { OperatorFailure, operatorErrors } from '../platform/operator/errors.ts';
import { NextCursor, PageQuery, decodeCursor, limitOf, pageOf } from '../platform/operator/paging.ts';
import { requireCustomer } from '../platform/operator/webhooks.ts';
import { isGuid } from '../platform/ids.ts';
import type { PayConfig } from './config.ts';
import { PAYMENT_REQUEST_STATUSES } from './payment-requests.ts';
import { maskAccount } from './eft/wire.ts';
import { fileContent, findFile } from './processing/store.ts';
import { ingestReturns } from './processing/returns.ts';
import { settle } from './processing/settlement.ts';
import { RETURNS_BODY_LIMIT, returnsTextOf, sendFile } from './processing/routes.ts';
import { listFilesPage, listPads, listPaymentRequests, listReturnsFiles, listSchedules, listSettlementDays, statusHistory, type HistoryRow, type Key } from './operator-store.ts';

const tags = ['Operator'];
const security = [{ operator: [] }];
const errors = operatorErrors;

const dollars = (cents: string | number) => Math.round(Number(cents)) / 100;
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

const History = z.array(z.object({ status: z.string(), details: z.string().nullable(), at: z.string() })).describe('Every status it has had, oldest first (recorded since Maplelink 0720_pay_status_history)');
const historyJson = (h: HistoryRow[] | undefined) => (h ?? []).map((x) => ({ status: x.status, details: x.details, at: iso(x.at)! }));

const Schedule = z.object({
  id: z.string(), direction: z.enum(['DEBIT', 'CREDIT']), amount: z.number(), currency: z.string(), frequency: z.string(),
  startDate: z.string(), endDate: z.string().nullable(), transactionsCount: z.number().int(), status: z.string(), statusDetails: z.string().nullable(),
  partyName: z.string(), partyEmail: z.string().nullable(), padId: z.string().nullable(), description: z.string().nullable(), createdAt: z.string(), history: History,
});
const PaymentRequest = z.object({
  id: z.string(), kind: z.enum(['eft', 'etransfer']), scheduleId: z.string().nullable(), sessionId: z.string().nullable(), seq: z.number().int().nullable(),
  amount: z.number(), referenceId: z.string().nullable(), paymentReferenceNumber: z.string(), status: z.string(), statusDetails: z.string().nullable(),
  direction: z.string().nullable(), dueDate: z.string().nullable(), fileId: z.string().nullable(), returnCode: z.number().int().nullable(),
  createdAt: z.string(), updatedAt: z.string(), history: History,
});
const Pad = z.object({
  id: z.string(), scheduleId: z.string(), status: z.string(), payorName: z.string(), payorEmail: z.string().nullable(),
  institutionCode: z.string(), transitNumber: z.string(), accountNumber: z.string().describe('Last four digits'),
  signedName: z.string().nullable(), signedAt: z.string().nullable(), disputeCode: z.number().int().nullable(), createdAt: z.string(), history: History,
});
const File = z.object({
  id: z.string(), originatorId: z.string(), fileCreationNumber: z.number().int(), valueDate: z.string(), creationDate: z.string(), records: z.number().int(),
  debitCount: z.number().int(), debitAmount: z.number(), creditCount: z.number().int(), creditAmount: z.number(), createdAt: z.string(),
});
/** processing/returns.ts ReturnsResult. */
const ReturnsResultSchema = z.object({
  id: z.string(), fileCreationNumber: z.number().int(), originatorId: z.string(), items: z.number().int(),
  applied: z.array(z.object({
    paymentRequestId: z.string(), scheduleId: z.string(), crossReference: z.string(), returnCode: z.number().int(), returnReason: z.string(),
    decision: z.string(), scheduleStatus: z.string(), padStatus: z.string().nullable(),
  })).describe('The payments it failed'),
  unmatched: z.array(z.object({ record: z.number().int(), segment: z.number().int(), crossReference: z.string(), returnCode: z.string(), amount: z.number(), reason: z.string() })).describe('The items that failed nothing, and why'),
  receivedAt: z.string(),
});
/** The stored result as the schema types it (AppliedReturn is an interface, so not an open object to TypeScript). */
type Returns = z.infer<typeof ReturnsResultSchema>;
const SettlementDay = z.object({ day: z.string(), payments: z.number().int(), debitCount: z.number().int(), debitAmount: z.number(), creditCount: z.number().int(), creditAmount: z.number() });

const Params = z.object({ customerId: z.string() });
const FileParams = Params.extend({ fileId: z.string() });

const keyOf = (cursor: string | undefined): Key | null => {
  const k = decodeCursor(cursor, ['string', 'string']);
  if (k && (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/.test(k[0] as string) || !isGuid(k[1]))) throw new OperatorFailure(400, 'invalid_request', 'cursor is not a cursor this list answered');
  return k as Key | null;
};
const rowKey = (r: { created_key: string; id: string }) => [r.created_key, r.id];

/** A Pay error (ProblemDetails in the Pay API) in the operator's shape. */
function asOperator(err: unknown): unknown {
  if (err instanceof ApiError && err.status >= 400 && err.status < 500) return new OperatorFailure(err.status === 404 ? 404 : 400, err.status === 404 ? 'not_found' : 'invalid_request', err.message);
  return err;
}

export async function payOperatorRoutes(op: FastifyInstance, p: Platform, config: () => PayConfig): Promise<void> {
  const r = op.withTypeProvider<ZodTypeProvider>();
  const base = '/customers/:customerId/pay';

  r.get(`${base}/schedules`, {
    schema: { tags, security, params: Params, querystring: PageQuery.extend({ status: z.enum(['Active', 'OnHold', 'Completed', 'Cancelled']).optional() }), summary: "A customer's EFT schedules, newest first, each with its status history", response: { 200: z.object({ schedules: z.array(Schedule), nextCursor: NextCursor }), ...errors } },
  }, async (req) => {
    const customerId = await requireCustomer(p, req.params.customerId);
    const limit = limitOf(req.query);
    const rows = await listSchedules(p.db, customerId, { status: req.query.status ?? null, before: keyOf(req.query.cursor), limit: limit + 1 });
    const { items, nextCursor } = pageOf(rows, limit, rowKey);
    const history = await statusHistory(p.db, customerId, items.map((x) => x.id));
    return {
      schedules: items.map((s) => ({
        id: s.id, direction: s.direction as 'DEBIT' | 'CREDIT', amount: dollars(s.amount_cents), currency: s.currency, frequency: s.frequency, startDate: s.start_date, endDate: s.end_date,
        transactionsCount: s.transactions_count, status: s.status, statusDetails: s.status_details, partyName: s.party_name, partyEmail: s.party_email, padId: s.pad_id,
        description: s.description, createdAt: iso(s.created_at)!, history: historyJson(history.get(s.id)),
      })),
      nextCursor,
    };
  });

  r.get(`${base}/payment-requests`, {
    schema: {
      tags, security, params: Params, summary: "A customer's payment requests (EFT and e-Transfer), newest first, each with its status history",
      querystring: PageQuery.extend({ status: z.enum(PAYMENT_REQUEST_STATUSES).optional(), scheduleId: z.string().optional().describe('Only the payments of this schedule') }),
      response: { 200: z.object({ paymentRequests: z.array(PaymentRequest), nextCursor: NextCursor }), ...errors },
    },
  }, async (req) => {
    const customerId = await requireCustomer(p, req.params.customerId);
    const { scheduleId } = req.query;
    if (scheduleId !== undefined && !isGuid(scheduleId)) throw new OperatorFailure(400, 'invalid_request', 'scheduleId must be a GUID');
    const limit = limitOf(req.query);
    const rows = await listPaymentRequests(p.db, customerId, { status: req.query.status ?? null, scheduleId: scheduleId?.toLowerCase() ?? null, before: keyOf(req.query.cursor), limit: limit + 1 });
    const { items, nextCursor } = pageOf(rows, limit, rowKey);
    const history = await statusHistory(p.db, customerId, items.map((x) => x.id));
    return {
      paymentRequests: items.map((x) => ({
        id: x.id, kind: x.kind as 'eft' | 'etransfer', scheduleId: x.schedule_id, sessionId: x.session_id, seq: x.seq, amount: dollars(x.amount_cents), referenceId: x.reference_id,
        paymentReferenceNumber: x.payment_reference_number, status: x.status, statusDetails: x.status_details, direction: x.direction, dueDate: x.due_date, fileId: x.file_id,
        returnCode: x.return_code, createdAt: iso(x.created_at)!, updatedAt: iso(x.updated_at)!, history: historyJson(history.get(x.id)),
      })),
      nextCursor,
    };
  });

  r.get(`${base}/pads`, {
    schema: { tags, security, params: Params, querystring: PageQuery.extend({ status: z.enum(['Pending', 'Signed', 'Disputed', 'Cancelled']).optional() }), summary: "A customer's PAD agreements, newest first, each with its status history", response: { 200: z.object({ pads: z.array(Pad), nextCursor: NextCursor }), ...errors } },
  }, async (req) => {
    const customerId = await requireCustomer(p, req.params.customerId);
    const limit = limitOf(req.query);
    const rows = await listPads(p.db, customerId, { status: req.query.status ?? null, before: keyOf(req.query.cursor), limit: limit + 1 });
    const { items, nextCursor } = pageOf(rows, limit, rowKey);
    const history = await statusHistory(p.db, customerId, items.map((x) => x.id));
    return {
      pads: items.map((x) => ({
        id: x.id, scheduleId: x.schedule_id, status: x.status, payorName: x.payor_name, payorEmail: x.payor_email, institutionCode: x.institution_code,
        transitNumber: x.transit_number, accountNumber: maskAccount(x.account_number), signedName: x.signed_name, signedAt: iso(x.signed_at), disputeCode: x.dispute_code,
        createdAt: iso(x.created_at)!, history: historyJson(history.get(x.id)),
      })),
      nextCursor,
    };
  });

  r.get(`${base}/files`, {
    schema: { tags, security, params: Params, querystring: PageQuery, summary: "A customer's CPA-005 files, newest first", response: { 200: z.object({ files: z.array(File), nextCursor: NextCursor }), ...errors } },
  }, async (req) => {
    const customerId = await requireCustomer(p, req.params.customerId);
    const limit = limitOf(req.query);
    const { items, nextCursor } = pageOf(await listFilesPage(p.db, customerId, { before: keyOf(req.query.cursor), limit: limit + 1 }), limit, rowKey);
    return {
      files: items.map((f) => ({
        id: f.id, originatorId: f.originator_id, fileCreationNumber: f.file_creation_number, valueDate: f.value_date, creationDate: f.creation_date, records: f.records,
        debitCount: f.debit_count, debitAmount: dollars(f.debit_cents), creditCount: f.credit_count, creditAmount: dollars(f.credit_cents), createdAt: iso(f.created_at)!,
      })),
      nextCursor,
    };
  });

  r.get(`${base}/files/:fileId`, {
    schema: {
      tags, security, params: FileParams, summary: 'Download a CPA-005 file (1464-character records, CRLF) as an attachment',
      response: {
        200: documented(z.string().describe('The CPA-005 file'), {
          [MEDIA_TYPE]: 'text/plain',
          [RESPONSE_HEADERS]: { 'content-disposition': { description: 'attachment; filename="<originator>-<file creation number>-<value date>.txt"', type: 'string' } },
        }),
        ...errors,
      },
    },
  }, async (req, reply) => {
    const customerId = await requireCustomer(p, req.params.customerId);
    const file = await findFile(p.db, customerId, req.params.fileId);
    if (!file) throw new OperatorFailure(404, 'not_found', `no file ${req.params.fileId} of customer ${customerId}`);
    return sendFile(reply, file, (await fileContent(p.db, customerId, file.id))!);
  });

  r.get(`${base}/returns`, {
    schema: { tags, security, params: Params, querystring: PageQuery, summary: 'Returns files applied for a customer, newest first, with what each did', response: { 200: z.object({ returnsFiles: z.array(ReturnsResultSchema), nextCursor: NextCursor }), ...errors } },
  }, async (req) => {
    const customerId = await requireCustomer(p, req.params.customerId);
    const limit = limitOf(req.query);
    const { items, nextCursor } = pageOf(await listReturnsFiles(p.db, customerId, { before: keyOf(req.query.cursor), limit: limit + 1 }), limit, rowKey);
    return { returnsFiles: items.map((x) => JSON.parse(x.summary) as Returns), nextCursor };
  });

  await op.register(async (scope) => {
    const rs = scope.withTypeProvider<ZodTypeProvider>();
    // The bank's returns file is text; a JSON wrapper {"file": "..."} is taken too, as in the Pay API.
    scope.addContentTypeParser(['text/plain', 'application/octet-stream'], { parseAs: 'string', bodyLimit: RETURNS_BODY_LIMIT }, (_req, body, done) => done(null, body));
    rs.post(`${base}/returns`, {
      bodyLimit: RETURNS_BODY_LIMIT,
      schema: {
        tags, security, params: Params, consumes: ['text/plain', 'application/octet-stream', 'application/json'],
        body: documentedBody(z.union([z.string().describe('The returns file (CPA-005 I/J records)'), z.object({ file: z.string() })])),
        summary: 'Apply a returns file for a customer (each payment fails with its code, schedules follow the decision matrix); the same file again answers its first result',
        response: { 200: ReturnsResultSchema.extend({ replayed: z.boolean().describe('true when this file had been applied before') }), ...errors },
      },
    }, async (req) => {
      const customerId = await requireCustomer(p, req.params.customerId);
      const text = returnsTextOf(req.body);
      if (text === null) throw new OperatorFailure(400, 'invalid_request', 'send the returns file as text/plain, or JSON {"file": "..."}');
      try {
        const { result, replayed } = await ingestReturns(p, customerId, text);
        return { ...result, replayed };
      } catch (err) {
        throw asOperator(err);
      }
    });
  });

  r.get(`${base}/settlements`, {
    schema: {
      tags, security, params: Params, querystring: PageQuery, summary: "A customer's settlements by day (payments time zone), newest first: how many payments settled and their debits and credits",
      response: { 200: z.object({ settlements: z.array(SettlementDay), nextCursor: NextCursor }), ...errors },
    },
  }, async (req) => {
    const customerId = await requireCustomer(p, req.params.customerId);
    const limit = limitOf(req.query);
    const k = decodeCursor(req.query.cursor, ['string']);
    if (k && !/^\d{4}-\d\d-\d\d$/.test(k[0] as string)) throw new OperatorFailure(400, 'invalid_request', 'cursor is not a cursor this list answered');
    const rows = await listSettlementDays(p.db, customerId, { timezone: config().timezone, before: (k?.[0] as string | undefined) ?? null, limit: limit + 1 });
    const { items, nextCursor } = pageOf(rows, limit, (x) => [x.day]);
    return {
      settlements: items.map((x) => ({ day: x.day, payments: x.payments, debitCount: x.debit_count, debitAmount: dollars(x.debit_cents), creditCount: x.credit_count, creditAmount: dollars(x.credit_cents) })),
      nextCursor,
    };
  });

  r.post(`${base}/settlements`, {
    schema: { tags, security, params: Params, summary: "Settle now the customer's payments whose value date is far enough behind (the daily job does it too)", response: { 200: z.object({ settled: z.number().int().describe('Payments settled') }), ...errors } },
  }, async (req) => {
    const customerId = await requireCustomer(p, req.params.customerId);
    return { settled: await settle(p, config(), { customerId }) };
  });
}
