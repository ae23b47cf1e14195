/**
 * A typed client for the Flinks API, for Flinks' own hosts and for Maplelink alike: only the base
 * URL differs. Connect's MFA rounds and 202 polling are done for you; webhook signatures are
 * checked in constant time. No dependency beyond Node ≥ 20 (global fetch, node:crypto).
 */
import { Connect } from './connect.js';
import type { Context } from './context.js';
import { Enrich } from './enrich.js';
import { Transport, trimBase, type FetchLike } from './http.js';
import { Outbound } from './outbound.js';
import { Pay } from './pay.js';
import { Upload } from './upload.js';

export interface FlinksClientOptions {
  /** Where `/v3/{customerId}/...` is served: `https://toolbox-api.private.fin.ag`, `http://localhost:3000`, … */
  baseUrl: string;
  customerId: string;
  /** The secret key: authorize tokens, Pay's access token, the Bearer-secret endpoints, the partner token. */
  secretKey?: string;
  /** The x-api-key of the data endpoints (and EFT V1's x-client-id). */
  apiKey?: string;
  /** Pay's root (default `{baseUrl}/pay`, where Maplelink serves it; Flinks serves Pay on its own host). */
  payBaseUrl?: string;
  /** Outbound's root (default `{baseUrl}/outbound`, where Maplelink serves it; Flinks serves it on its own host). */
  outboundBaseUrl?: string;
  /** A fetch to use instead of the global one (a proxy agent, a test double, …). */
  fetch?: FetchLike;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** The longest a single request may take, in ms (default 120 000). Polling has its own timeout. */
  timeoutMs?: number;
}

export class FlinksClient {
  readonly connect: Connect;
  readonly enrich: Enrich;
  readonly upload: Upload;
  readonly pay: Pay;
  readonly outbound: Outbound;
  readonly customerId: string;

  constructor(options: FlinksClientOptions) {
    if (!options || typeof options.baseUrl !== 'string' || typeof options.customerId !== 'string') {
      throw new TypeError('FlinksClient needs { baseUrl, customerId }');
    }
    const baseUrl = trimBase(options.baseUrl);
    const fetchFn: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
    const ctx: Context = {
      transport: new Transport(fetchFn, { headers: options.headers ?? {}, timeoutMs: options.timeoutMs ?? 120_000 }),
      customerId: options.customerId,
      secretKey: options.secretKey,
      apiKey: options.apiKey,
      baseUrl,
      payBaseUrl: trimBase(options.payBaseUrl ?? `${baseUrl}/pay`),
      outboundBaseUrl: trimBase(options.outboundBaseUrl ?? `${baseUrl}/outbound`),
    };
    this.customerId = options.customerId;
    this.connect = new Connect(ctx);
    this.enrich = new Enrich(ctx);
    this.upload = new Upload(ctx);
    this.pay = new Pay(ctx);
    this.outbound = new Outbound(ctx);
  }
}

export { Connect } from './connect.js';
export type {
  AccountsDetailAnswer, AccountsDetailBody, AccountsSummaryAnswer, AccountsSummaryBody, AuthorizeAnswer, AuthorizeBody,
  AuthorizeOptions, AuthorizeParams, AuthorizeResult, CachedLogin, ChallengeAnswer, DataOptions, LiveLogin, MfaContext, RefreshLogin, StatementsAnswer, StatementsBody,
} from './connect.js';
export { Enrich } from './enrich.js';
export type { AttributesAnswer, AttributesOptions, AttributesUseCase, CategorizationAnswer, CustomAttributesBody, OwnTransactionsBody, UploadUseCase } from './enrich.js';
export { Upload } from './upload.js';
export type { UploadCreatedAnswer, UploadFields, UploadFile, UploadStatusAnswer } from './upload.js';
export { Pay } from './pay.js';
export type { ContactBody, CreateOptions, EftTransaction, PayToken, SessionBody, SessionCreated, SessionStatus } from './pay.js';
export { Fdx, Outbound } from './outbound.js';
export type { FdxPage, RecipientBody, TokenAnswer, TokenRequest } from './outbound.js';
export { FdxError, FlinksApiError, FlinksError, MfaRequiredError, OutboundError, PayError, PollTimeoutError } from './errors.js';
export { signatureHeaderOf, signWebhookBody, SIGNATURE_HEADERS, verifyWebhookSignature } from './webhooks.js';
export type { Answer, CallOptions, FlinksEnvelope, Method, Path, paths, PollOptions, Query, RequestBody, SecurityChallenge, SecurityResponses } from './types.js';
export type { FetchLike } from './http.js';
