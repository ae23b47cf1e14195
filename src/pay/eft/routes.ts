/**
 * EFT V1 under /pay/api/v1 (docs.flinks.com/api/pay/endpoints/eft), authenticated by
 * x-client-id (or a Bearer token):
 *   POST /transactions                     one-item array -> {schedules: [...]}
 *   GET  /schedules/{id}, POST /schedules/{id}/cancel (and /resume, ours)
 *   GET  /pads/{padId}                     the agreement and its padLink
 *   GET  /contacts/{id}, POST /contacts (ours)
 *   GET  /purposecategories/{Debit|Credit}, GET /institutions
 * Every create takes an Idempotency-Key.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { documented, documentedBody, noBody } from '../../platform/http/openapi.ts';
import type { Platform } from '../../platform/platform.ts';
import { newId } from '../../platform/ids.ts';
import { listInstitutions } from '../../connect/index.ts';
import { requirePayClientId } from '../auth.ts';
import { invalidField, payErrors } from '../errors.ts';
import { withIdempotency, type StoredAnswer } from '../idempotency.ts';
import { requestBaseUrl } from '../routes.ts';
import type { PayConfig } from '../config.ts';
import { categoriesOf } from './codes.ts';
import { dateIn } from './dates.ts';
import { member, validateTransactions } from './validate.ts';
import { cancelSchedule, createTransaction, getContact, getPad, getSchedule, resumeSchedule } from './service.ts';
import { ensureAccount, findPad, findSchedule, insertContact, accountsOf } from './store.ts';
import { contactJson } from './wire.ts';
import { ContactAnswer, ContactRequest, CreatedSchedulesAnswer, PadAnswer, ScheduleAnswer, TransactionsRequest } from '../schemas.ts';

const tags = ['Pay: EFT V1'];
/** POST /transactions takes a one-item array, validated by validate.ts in the docs' words. */
const TransactionsBody = documentedBody(TransactionsRequest);
const PurposeCategory = z.looseObject({
  id: z.unknown(),
  name: z.string(),
  direction: z.enum(['Debit', 'Credit']),
  purposeCodes: z.array(z.looseObject({ code: z.unknown(), transactionCode: z.unknown(), description: z.string() })),
});
const Institution = z.looseObject({ institutionCode: z.unknown(), name: z.string(), nameFr: z.unknown(), code: z.string(), sandbox: z.boolean() });

export function sendStored(reply: FastifyReply, answer: StoredAnswer): FastifyReply {
  if (answer.replayed) reply.header('idempotent-replayed', 'true');
  return reply.code(answer.status).send(answer.body);
}

export function registerEftRoutes(scope: FastifyInstance, p: Platform, config: PayConfig): void {
  const auth = requirePayClientId(p);
  const today = () => dateIn(config.timezone, p.clock.now());
  const r = scope.withTypeProvider<ZodTypeProvider>();

  r.post('/pay/api/v1/transactions', {
    preHandler: auth,
    schema: { tags, summary: 'Create an EFT transaction: a JSON array holding exactly one transaction; answers its schedule', body: TransactionsBody, response: { 200: documented(CreatedSchedulesAnswer) } },
  }, async (req, reply) => {
    const answer = await withIdempotency(p, req, req.payCustomerId, async (q) => {
      const valid = validateTransactions(req.body, today());
      return { status: 200, body: await createTransaction(q, p, req.payTenant, valid) };
    });
    return sendStored(reply, answer);
  });

  const ScheduleParams = z.object({ scheduleId: z.string() });
  r.get('/pay/api/v1/schedules/:scheduleId', { preHandler: auth, schema: { tags, summary: 'A schedule, its PAD and its payments', params: ScheduleParams, response: { 200: documented(ScheduleAnswer) } } }, async (req) => {
    return getSchedule(p.db, req.payCustomerId, req.params.scheduleId);
  });

  r.post('/pay/api/v1/schedules/:scheduleId/cancel', { preHandler: auth, schema: { tags, summary: 'Cancel a schedule: its payments not yet sent are cancelled', params: ScheduleParams, response: { 200: noBody('Cancelled: an empty 200, as Flinks answers') } } }, async (req, reply) => {
    await p.db.tx((q) => cancelSchedule(q, p, req.payCustomerId, req.params.scheduleId));
    // Flinks answers an empty 200.
    return reply.code(200).send();
  });

  r.post('/pay/api/v1/schedules/:scheduleId/resume', { preHandler: auth, schema: { tags, summary: 'Put a schedule held after a return back in service (Maplelink extension)', params: ScheduleParams, response: { 200: documented(ScheduleAnswer) } } }, async (req) => {
    const id = req.params.scheduleId;
    await p.db.tx(async (q) => {
      const s = await findSchedule(q, req.payCustomerId, id);
      const pad = s?.pad_id ? await findPad(q, req.payCustomerId, s.pad_id) : null;
      if (pad?.status === 'Disputed') throw payErrors.scheduleAgreementDisputed();
      return resumeSchedule(q, p, req.payCustomerId, id);
    });
    return getSchedule(p.db, req.payCustomerId, id);
  });

  const PadParams = z.object({ padId: z.string() });
  r.get('/pay/api/v1/pads/:padId', { preHandler: auth, schema: { tags, summary: 'A PAD agreement and the link where the payor signs it', params: PadParams, response: { 200: documented(PadAnswer) } } }, async (req) => {
    return getPad(p.db, p, req.payCustomerId, req.params.padId, requestBaseUrl(req));
  });

  const ContactParams = z.object({ contactId: z.string() });
  r.get('/pay/api/v1/contacts/:contactId', { preHandler: auth, schema: { tags, summary: 'A contact and its EFT bank accounts (use an account id as accountId)', params: ContactParams, response: { 200: documented(ContactAnswer) } } }, async (req) => {
    return getContact(p.db, req.payCustomerId, req.params.contactId);
  });

  r.post('/pay/api/v1/contacts', { preHandler: auth, schema: { tags, summary: 'Create a contact with bank accounts (Maplelink extension; Flinks creates contacts from transactions and its dashboard)', body: documentedBody(ContactRequest), response: { 200: documented(ContactAnswer) } } }, async (req, reply) => {
    const input = validateContact(req.body);
    const answer = await withIdempotency(p, req, req.payCustomerId, async (q) => {
      const now = p.clock.now();
      const c = await insertContact(q, { id: newId(), customer_id: req.payCustomerId, first_name: input.firstName, last_name: input.lastName, legal_name: input.legalName, email: input.email }, now);
      for (const a of input.bankAccounts) await ensureAccount(q, { id: newId(), customer_id: req.payCustomerId, contact_id: c.id, institution_code: a.institutionCode, transit_number: a.transitNumber, account_number: a.accountNumber }, now);
      return { status: 200, body: contactJson(c, await accountsOf(q, req.payCustomerId, c.id)) };
    });
    return sendStored(reply, answer);
  });

  const DirectionParams = z.object({ direction: z.string() });
  r.get('/pay/api/v1/purposecategories/:direction', { preHandler: auth, schema: { tags, summary: 'Purpose categories and their Standard 007 codes (the transactionCode values) for Debit or Credit', params: DirectionParams, response: { 200: z.array(PurposeCategory) } } }, async (req) => {
    const d = req.params.direction.toUpperCase();
    if (d !== 'DEBIT' && d !== 'CREDIT') throw invalidField('direction', 'must be Debit or Credit');
    return categoriesOf(d).map((c) => ({ id: c.id, name: c.name, direction: d === 'DEBIT' ? 'Debit' : 'Credit', purposeCodes: c.codes.map(([code, description]) => ({ code, transactionCode: code, description })) }));
  });

  r.get('/pay/api/v1/institutions', { preHandler: auth, schema: { tags, summary: 'Canadian institutions that EFT reaches (institution numbers)', response: { 200: z.array(Institution) } } }, async () => {
    return listInstitutions({ includeSandbox: p.config.sandbox })
      .filter((i) => i.country === 'CA' && i.institutionNumber)
      .map((i) => ({ institutionCode: i.institutionNumber, name: i.names.en, nameFr: i.names.fr, code: i.code, sandbox: Boolean(i.sandbox) }));
  });
}

interface ContactInput {
  firstName: string | null;
  lastName: string | null;
  legalName: string | null;
  email: string | null;
  bankAccounts: { institutionCode: string; transitNumber: string; accountNumber: string }[];
}

function str(o: Record<string, unknown>, k: string, max: number): string | null {
  const v = member(o, k);
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) return null;
  if (typeof v !== 'string') throw invalidField(k, 'must be a string');
  if (v.length > max) throw invalidField(k, `must be at most ${max} characters`);
  return v.trim();
}

function validateContact(body: unknown): ContactInput {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw invalidField('$', 'the body must be a JSON object');
  const o = body as Record<string, unknown>;
  const firstName = str(o, 'firstName', 100);
  const lastName = str(o, 'lastName', 100);
  const legalName = str(o, 'legalName', 100);
  if (legalName && (firstName || lastName)) throw invalidField('legalName', 'give firstName and lastName, or legalName, not both');
  if (!legalName && !(firstName && lastName)) throw invalidField('firstName', 'firstName and lastName, or legalName, are required');
  const email = str(o, 'email', 100);
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw invalidField('email', 'is not an email address');
  const raw = member(o, 'bankAccounts') ?? [];
  if (!Array.isArray(raw)) throw invalidField('bankAccounts', 'must be an array');
  if (raw.length > 20) throw invalidField('bankAccounts', 'must hold at most 20 accounts');
  const bankAccounts = raw.map((a, i) => {
    if (!a || typeof a !== 'object' || Array.isArray(a)) throw invalidField(`bankAccounts[${i}]`, 'must be an object');
    const x = a as Record<string, unknown>;
    const institutionCode = str(x, 'institutionCode', 3);
    const transitNumber = str(x, 'transitNumber', 5);
    const accountNumber = str(x, 'accountNumber', 12);
    if (!institutionCode || !/^\d{3}$/.test(institutionCode)) throw invalidField(`bankAccounts[${i}].institutionCode`, 'must be 3 digits');
    if (!transitNumber || !/^\d{5}$/.test(transitNumber)) throw invalidField(`bankAccounts[${i}].transitNumber`, 'must be 5 digits');
    if (!accountNumber || !/^\d{7,12}$/.test(accountNumber)) throw invalidField(`bankAccounts[${i}].accountNumber`, 'must be 7 to 12 digits');
    return { institutionCode, transitNumber, accountNumber };
  });
  return { firstName, lastName, legalName, email, bankAccounts };
}

