/**
 * Enrich (docs.flinks.com/api/enrich): attributes and categories of a connected login (x-api-key;
 * an HTTP 202 while the login's data is still aggregated, followed by asking again), and the same
 * engine on your own transactions (Bearer secret key).
 */
import { apiKeyHeader, bearerSecretHeader, route, type Context } from './context.js';
import { follow202 } from './http.js';
import type { Answer, CallOptions, PollOptions, RequestBody } from './types.js';

const USE_CASE = '/v3/{customerId}/insight/login/{loginId}/attributes/{requestId}/{useCase}';
const CUSTOM = '/v3/{customerId}/insight/login/{loginId}/attributes/{requestId}';
const CATEGORIZATION = '/v3/{customerId}/categorization/login/{loginId}/requestid/{requestId}';
const UPLOAD = '/v3/{customerId}/attributes/upload';
const UPLOAD_USE_CASE = '/v3/{customerId}/attributes/upload/{useCase}';
const UPLOAD_CATEGORIZATION = '/v3/{customerId}/Categorization/Upload';
const LIBRARY = '/v3/{customerId}/attributes/library';

/** The use-case cards of a login (docs.flinks.com/api/enrich/endpoints/consumer-attributes). */
export type AttributesUseCase =
  | 'GetIncomeAttributes' | 'GetCreditRiskAttributes' | 'GetUserAnalysisAttributes' | 'GetLendingAttributes'
  | 'GetAllAttributes' | 'GetBusinessAnalysisAttributes' | 'GetAllBusinessAttributes';

/** The use cases of the upload of your own transactions. */
export type UploadUseCase = 'AllAttributes' | 'UserAnalysis' | 'Income' | 'CreditRisk' | 'Lending' | 'BusinessAnalysis' | 'AllBusinessAttributes';

export type AttributesAnswer = Answer<typeof USE_CASE, 'get'>;
export type CustomAttributesBody = RequestBody<typeof CUSTOM, 'post'>;
export type CustomAttributesAnswer = Answer<typeof CUSTOM, 'post'>;
export type CategorizationAnswer = Answer<typeof CATEGORIZATION, 'get'>;
export type OwnTransactionsBody = RequestBody<typeof UPLOAD, 'post'>;
export type OwnAttributesAnswer = Answer<typeof UPLOAD, 'post'>;
export type OwnCategorizationAnswer = Answer<typeof UPLOAD_CATEGORIZATION, 'post'>;

export interface AttributesOptions extends PollOptions {
  /** Only the last N days of history (the `limitDays` header). */
  limitDays?: number;
}

export class Enrich {
  constructor(private readonly ctx: Context) {}

  /** A use-case card (GetIncomeAttributes, …) of a login's session. */
  attributes(loginId: string, requestId: string, useCase: AttributesUseCase, options: AttributesOptions = {}): Promise<AttributesAnswer> {
    const { limitDays, ...poll } = options;
    return this.pending('GET', route(this.ctx, USE_CASE, { loginId, requestId, useCase }), undefined, { ...apiKeyHeader(this.ctx), limitdays: limitDays?.toString() }, poll) as Promise<AttributesAnswer>;
  }

  /** A card of the attributes you name (`Attributes.Card`), with their transactions (`AttributesDetail`). */
  customAttributes(loginId: string, requestId: string, body: CustomAttributesBody, options: PollOptions = {}): Promise<CustomAttributesAnswer> {
    return this.pending('POST', route(this.ctx, CUSTOM, { loginId, requestId }), body, apiKeyHeader(this.ctx), options) as Promise<CustomAttributesAnswer>;
  }

  /** The category and sub-category of every transaction of a login. */
  categorization(loginId: string, requestId: string, options: PollOptions = {}): Promise<CategorizationAnswer> {
    return this.pending('GET', route(this.ctx, CATEGORIZATION, { loginId, requestId }), undefined, apiKeyHeader(this.ctx), options) as Promise<CategorizationAnswer>;
  }

  /** Attributes of your own transactions: those of `Attributes.Card`, or a whole use case. */
  async uploadAttributes(body: OwnTransactionsBody, useCase?: UploadUseCase, opts: CallOptions = {}): Promise<OwnAttributesAnswer> {
    const where = useCase ? route(this.ctx, UPLOAD_USE_CASE, { useCase }) : route(this.ctx, UPLOAD);
    const r = await this.ctx.transport.send({ surface: 'flinks', method: 'POST', ...where, json: body, headers: bearerSecretHeader(this.ctx), signal: opts.signal });
    return r.body as OwnAttributesAnswer;
  }

  /** Categories of your own transactions. */
  async uploadCategorization(body: RequestBody<typeof UPLOAD_CATEGORIZATION, 'post'>, opts: CallOptions = {}): Promise<OwnCategorizationAnswer> {
    const r = await this.ctx.transport.send({ surface: 'flinks', method: 'POST', ...route(this.ctx, UPLOAD_CATEGORIZATION), json: body, headers: bearerSecretHeader(this.ctx), signal: opts.signal });
    return r.body as OwnCategorizationAnswer;
  }

  /** The consumer attribute library: every attribute's name and description. */
  async library(opts: CallOptions = {}): Promise<Answer<typeof LIBRARY, 'get'>> {
    const r = await this.ctx.transport.send({ surface: 'flinks', method: 'GET', ...route(this.ctx, LIBRARY), headers: bearerSecretHeader(this.ctx), signal: opts.signal });
    return r.body as Answer<typeof LIBRARY, 'get'>;
  }

  /** Asks, and asks again while the login's data is still being aggregated (202). */
  private async pending(method: 'GET' | 'POST', where: { base: string; path: string }, json: unknown, headers: Record<string, string | undefined>, poll: PollOptions): Promise<unknown> {
    const send = () => this.ctx.transport.send({ surface: 'flinks', method, ...where, json, headers, signal: poll.signal });
    return (await follow202(await send(), send, `${method} ${where.path}`, where.path, poll)).body;
  }
}
