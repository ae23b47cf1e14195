/**
 * Pay (docs.flinks.com/api/pay): the access token (HTTP Basic customerId:secretKey,
 * client_credentials), EFT V1 transactions and schedules (x-client-id: the x-api-key), payment
 * requests, and Sessions V2 / Guaranteed EFT (Bearer token). Creates take an Idempotency-Key.
 * Errors are RFC 7807 ProblemDetails: PayError.
 */
import { route, type Context } from './context.js';
import type { Answer, CallOptions, Query, RequestBody } from './types.js';

const AUTHORIZE = '/pay/api/v1/authorize';
const TRANSACTIONS = '/pay/api/v1/transactions';
const SCHEDULE = '/pay/api/v1/schedules/{scheduleId}';
const SCHEDULE_CANCEL = '/pay/api/v1/schedules/{scheduleId}/cancel';
const SCHEDULE_RESUME = '/pay/api/v1/schedules/{scheduleId}/resume';
const PAD = '/pay/api/v1/pads/{padId}';
const CONTACTS = '/pay/api/v1/contacts';
const CONTACT = '/pay/api/v1/contacts/{contactId}';
const PAYMENT_REQUEST = '/pay/api/v1/paymentrequests/{requestId}';
const PAYMENT_REQUEST_CANCEL = '/pay/api/v1/paymentrequests/{requestId}/cancel';
const SESSIONS = '/pay/api/v2/sessions';
const SESSION_STATUS = '/pay/api/v2/sessions/{sessionId}/status';
const SESSION_DETAILS = '/pay/api/v2/sessions/{sessionId}/details';
const SESSION_CONFIRM = '/pay/api/v2/sessions/{sessionId}/guarantees/confirm';
const SESSION_CANCEL = '/pay/api/v2/sessions/{sessionId}/cancel';

/** Element type of an array body, or the body itself. */
type One<B> = B extends readonly (infer T)[] ? T : B;

export type PayToken = Answer<typeof AUTHORIZE, 'post', 200, { access_token: string; token_type: string; expires_in: number }>;
export type EftTransaction = One<RequestBody<typeof TRANSACTIONS, 'post'>>;
export type ScheduleAnswer = Answer<typeof SCHEDULE, 'get', 200, Record<string, unknown>>;
export type ContactBody = RequestBody<typeof CONTACTS, 'post'>;
export type SessionBody = RequestBody<typeof SESSIONS, 'post'>;
export type SessionCreated = Answer<typeof SESSIONS, 'post', 201, { sessionId: string; referenceId: string | null }>;
export type SessionStatus = Answer<typeof SESSION_STATUS, 'get', 200, Record<string, unknown>>;

export interface CreateOptions extends CallOptions {
  /** Idempotency-Key: the same key and request answer the first result again, without running twice. */
  idempotencyKey?: string;
}

type Auth = 'clientId' | 'bearer';

export class Pay {
  private token: { value: string; until: number } | null = null;

  constructor(private readonly ctx: Context) {}

  /** POST /api/v1/authorize: an access token (HTTP Basic with the customerId and the secret key). */
  async authorize(opts: CallOptions = {}): Promise<PayToken> {
    if (!this.ctx.secretKey) throw new TypeError('Pay needs the client\'s secretKey for its access token');
    const basic = Buffer.from(`${this.ctx.customerId}:${this.ctx.secretKey}`, 'utf8').toString('base64');
    const r = await this.ctx.transport.send({
      surface: 'pay', method: 'POST', ...route(this.ctx, AUTHORIZE),
      form: new URLSearchParams({ grant_type: 'client_credentials' }), headers: { authorization: `Basic ${basic}` }, signal: opts.signal,
    });
    return r.body as PayToken;
  }

  /** EFT V1: one debit or credit under a PAD agreement; answers its schedule. */
  async createTransaction(transaction: EftTransaction, opts: CreateOptions = {}): Promise<Answer<typeof TRANSACTIONS, 'post', 200, Record<string, unknown>>> {
    // The endpoint takes a JSON array holding exactly one transaction (docs.flinks.com/api/pay/eft).
    return this.call('clientId', 'POST', TRANSACTIONS, {}, [transaction], opts) as Promise<Answer<typeof TRANSACTIONS, 'post', 200, Record<string, unknown>>>;
  }

  getSchedule(scheduleId: string, opts: CallOptions = {}): Promise<ScheduleAnswer> {
    return this.call('clientId', 'GET', SCHEDULE, { scheduleId }, undefined, opts) as Promise<ScheduleAnswer>;
  }

  cancelSchedule(scheduleId: string, opts: CallOptions = {}): Promise<Answer<typeof SCHEDULE_CANCEL, 'post', 200, Record<string, unknown>>> {
    return this.call('clientId', 'POST', SCHEDULE_CANCEL, { scheduleId }, undefined, opts) as Promise<Answer<typeof SCHEDULE_CANCEL, 'post', 200, Record<string, unknown>>>;
  }

  resumeSchedule(scheduleId: string, opts: CallOptions = {}): Promise<Answer<typeof SCHEDULE_RESUME, 'post', 200, Record<string, unknown>>> {
    return this.call('clientId', 'POST', SCHEDULE_RESUME, { scheduleId }, undefined, opts) as Promise<Answer<typeof SCHEDULE_RESUME, 'post', 200, Record<string, unknown>>>;
  }

  getPad(padId: string, opts: CallOptions = {}): Promise<Answer<typeof PAD, 'get', 200, Record<string, unknown>>> {
    return this.call('clientId', 'GET', PAD, { padId }, undefined, opts) as Promise<Answer<typeof PAD, 'get', 200, Record<string, unknown>>>;
  }

  createContact(contact: ContactBody, opts: CreateOptions = {}): Promise<Answer<typeof CONTACTS, 'post', 200, Record<string, unknown>>> {
    return this.call('clientId', 'POST', CONTACTS, {}, contact, opts) as Promise<Answer<typeof CONTACTS, 'post', 200, Record<string, unknown>>>;
  }

  getContact(contactId: string, opts: CallOptions = {}): Promise<Answer<typeof CONTACT, 'get', 200, Record<string, unknown>>> {
    return this.call('clientId', 'GET', CONTACT, { contactId }, undefined, opts) as Promise<Answer<typeof CONTACT, 'get', 200, Record<string, unknown>>>;
  }

  /** One payment, whatever its product; `refreshStatus: true` settles an EFT payment that is due. */
  getPaymentRequest(requestId: string, query: Partial<Query<typeof PAYMENT_REQUEST, 'get'>> = {}, opts: CallOptions = {}): Promise<Answer<typeof PAYMENT_REQUEST, 'get', 200, Record<string, unknown>>> {
    return this.call('clientId', 'GET', PAYMENT_REQUEST, { requestId }, undefined, opts, query as Record<string, string>) as Promise<Answer<typeof PAYMENT_REQUEST, 'get', 200, Record<string, unknown>>>;
  }

  cancelPaymentRequest(requestId: string, opts: CallOptions = {}): Promise<Answer<typeof PAYMENT_REQUEST_CANCEL, 'post', 200, Record<string, unknown>>> {
    return this.call('clientId', 'POST', PAYMENT_REQUEST_CANCEL, { requestId }, undefined, opts) as Promise<Answer<typeof PAYMENT_REQUEST_CANCEL, 'post', 200, Record<string, unknown>>>;
  }

  /** Sessions V2 (Guaranteed EFT, EFT V2, e-Transfer): 201 with the sessionId for the hosted app. */
  createSession(session: SessionBody, opts: CreateOptions = {}): Promise<SessionCreated> {
    return this.call('bearer', 'POST', SESSIONS, {}, session, opts) as Promise<SessionCreated>;
  }

  sessionStatus(sessionId: string, opts: CallOptions = {}): Promise<SessionStatus> {
    return this.call('bearer', 'GET', SESSION_STATUS, { sessionId }, undefined, opts) as Promise<SessionStatus>;
  }

  sessionDetails(sessionId: string, opts: CallOptions = {}): Promise<Answer<typeof SESSION_DETAILS, 'get', 200, Record<string, unknown>>> {
    return this.call('bearer', 'GET', SESSION_DETAILS, { sessionId }, undefined, opts) as Promise<Answer<typeof SESSION_DETAILS, 'get', 200, Record<string, unknown>>>;
  }

  /** Accepts or rejects the guarantee a GEFT session waits on (the GuaranteeIssued webhook). */
  confirmGuarantee(sessionId: string, guaranteeAccepted: boolean, opts: CallOptions = {}): Promise<Answer<typeof SESSION_CONFIRM, 'post', 200, Record<string, unknown>>> {
    return this.call('bearer', 'POST', SESSION_CONFIRM, { sessionId }, { guaranteeAccepted }, opts) as Promise<Answer<typeof SESSION_CONFIRM, 'post', 200, Record<string, unknown>>>;
  }

  cancelSession(sessionId: string, opts: CallOptions = {}): Promise<Answer<typeof SESSION_CANCEL, 'post', 200, Record<string, unknown>>> {
    return this.call('bearer', 'POST', SESSION_CANCEL, { sessionId }, undefined, opts) as Promise<Answer<typeof SESSION_CANCEL, 'post', 200, Record<string, unknown>>>;
  }

  /** A valid access token, asked for again a little before it expires. */
  private async bearer(signal?: AbortSignal): Promise<string> {
    if (this.token && Date.now() < this.token.until) return this.token.value;
    const t = (await this.authorize({ signal })) as { access_token: string; expires_in?: number };
    this.token = { value: t.access_token, until: Date.now() + Math.max(0, (t.expires_in ?? 60) - 30) * 1000 };
    return t.access_token;
  }

  private async call(auth: Auth, method: 'GET' | 'POST', template: Parameters<typeof route>[1], params: Record<string, string>, json: unknown, opts: CreateOptions, query?: Record<string, string>): Promise<unknown> {
    // EFT V1 takes the x-api-key as x-client-id; without one, a Bearer token does too (docs/pay.md).
    const credential = auth === 'clientId' && this.ctx.apiKey ? { 'x-client-id': this.ctx.apiKey } : { authorization: `Bearer ${await this.bearer(opts.signal)}` };
    const r = await this.ctx.transport.send({
      surface: 'pay', method, ...route(this.ctx, template, params), json, query,
      headers: { ...credential, 'idempotency-key': opts.idempotencyKey }, signal: opts.signal,
    });
    return r.body;
  }
}
