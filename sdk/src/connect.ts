/**
 * Connect (docs.flinks.com/api/authorize, docs.flinks.com/api/connect): opening a session with
 * /Authorize (its HTTP 203 security-question rounds answered through onMfa), then the data calls,
 * whose HTTP 202 is followed on their Async endpoint until the data is there.
 */
import { apiKeyHeader, route, type Context } from './context.js';
import { FlinksApiError, MfaRequiredError } from './errors.js';
import { follow202, type RawAnswer } from './http.js';
import type { Answer, CallOptions, PollOptions, Query, RequestBody, SecurityChallenge, SecurityResponses } from './types.js';

const AUTHORIZE = '/v3/{customerId}/BankingServices/Authorize';
const TOKEN = '/v3/{customerId}/BankingServices/GenerateAuthorizeToken';
const DETAIL = '/v3/{customerId}/BankingServices/GetAccountsDetail';
const DETAIL_ASYNC = '/v3/{customerId}/BankingServices/GetAccountsDetailAsync/{requestId}';
const SUMMARY = '/v3/{customerId}/BankingServices/GetAccountsSummary';
const SUMMARY_ASYNC = '/v3/{customerId}/BankingServices/GetAccountsSummaryAsync/{requestId}';
const STATEMENTS = '/v3/{customerId}/BankingServices/GetStatements';
const STATEMENTS_ASYNC = '/v3/{customerId}/BankingServices/GetStatementsAsync/{requestId}';
const DELETE_CARD = '/v3/{customerId}/BankingServices/DeleteCard/{loginId}';
const INSTITUTIONS = '/v3/{customerId}/BankingServices/Institutions';

/** Every member /Authorize takes, as the document describes them. */
export type AuthorizeBody = RequestBody<typeof AUTHORIZE, 'post'>;
export type AuthorizeAnswer = Answer<typeof AUTHORIZE, 'post', 200>;
/** The HTTP 203 body: the security challenges and the session's RequestId. */
export type ChallengeAnswer = Answer<typeof AUTHORIZE, 'post', 203>;
export type AccountsDetailBody = RequestBody<typeof DETAIL, 'post'>;
export type AccountsDetailAnswer = Answer<typeof DETAIL_ASYNC, 'get', 200, Answer<typeof DETAIL, 'post', 200>>;
export type AccountsSummaryBody = RequestBody<typeof SUMMARY, 'post'>;
export type AccountsSummaryAnswer = Answer<typeof SUMMARY_ASYNC, 'get', 200, Answer<typeof SUMMARY, 'post', 200>>;
export type StatementsBody = RequestBody<typeof STATEMENTS, 'post'>;
export type StatementsAnswer = Answer<typeof STATEMENTS_ASYNC, 'get', 200, Answer<typeof STATEMENTS, 'post', 200>>;

/** A live login with the person's credentials. */
export interface LiveLogin {
  /** The institution's code or id (`FlinksCapital` is the sandbox bank). */
  institution: string | number;
  username: string;
  password: string;
  /** Keep the credentials and answers, so the login can be refreshed later without the person. */
  save?: boolean;
  language?: 'en' | 'fr' | (string & {});
  tag?: string;
  scheduleRefresh?: boolean;
}

/** The cached form: the last data aggregated for a saved login, at once, without the bank. */
export interface CachedLogin {
  loginId: string;
  mostRecentCached: true;
}

/** The refresh form: a saved login goes to its bank again (which may ask security questions). */
export interface RefreshLogin {
  loginId: string;
  mostRecentCached?: false;
}

export type AuthorizeParams = (LiveLogin | CachedLogin | RefreshLogin) & {
  /** Other members of the Authorize body, sent as they are (the wire's PascalCase names). */
  extra?: Partial<Exclude<AuthorizeBody, undefined>>;
};

export interface MfaContext {
  /** The session's RequestId. */
  requestId: string;
  /** 1 for the first 203, 2 for the next, … */
  round: number;
  /** The whole 203 body. */
  answer: ChallengeAnswer;
}

export interface AuthorizeOptions extends CallOptions {
  /** Answers a 203's security challenges: the prompt is the key, the answers the value. */
  onMfa?: (challenges: SecurityChallenge[], context: MfaContext) => SecurityResponses | Promise<SecurityResponses>;
  /**
   * The authorize token for `flinks-auth-key`. By default one is generated with the secret key when
   * the client has one (required for integrations created since October 2024); false sends none.
   */
  authorizeToken?: string | false;
  /** How many 203 rounds may be answered before giving up (default 10). */
  maxRounds?: number;
}

export interface AuthorizeResult {
  loginId: string;
  requestId: string;
  /** The final 200 body. */
  answer: AuthorizeAnswer;
}

export type DataOptions<B> = Partial<Omit<Exclude<B, undefined>, 'RequestId'>> & PollOptions;

interface Envelope {
  RequestId?: unknown;
  SecurityChallenges?: unknown;
  Login?: { Id?: unknown } | null;
}

export class Connect {
  constructor(private readonly ctx: Context) {}

  /** POST /GenerateAuthorizeToken with the secret key: a one-time token for /Authorize. */
  async generateAuthorizeToken(opts: CallOptions = {}): Promise<string> {
    if (!this.ctx.secretKey) throw new TypeError('generateAuthorizeToken needs the client\'s secretKey');
    const r = await this.ctx.transport.send({ surface: 'flinks', method: 'POST', ...route(this.ctx, TOKEN), headers: { 'flinks-auth-key': this.ctx.secretKey }, signal: opts.signal });
    const token = (r.body as { Token?: unknown } | undefined)?.Token;
    if (typeof token !== 'string') throw unusable(r, 'POST', 'no Token in the answer');
    return token;
  }

  /**
   * Opens a session: a live login, a refresh of a saved login (`{ loginId }`) or its cached data
   * (`{ loginId, mostRecentCached: true }`). Each HTTP 203 is answered by `onMfa`, until 200.
   */
  async authorize(params: AuthorizeParams, opts: AuthorizeOptions = {}): Promise<AuthorizeResult> {
    const token = opts.authorizeToken === false ? undefined
      : opts.authorizeToken ?? (this.ctx.secretKey ? await this.generateAuthorizeToken(opts) : undefined);
    return this.rounds({ ...authorizeBody(params), ...params.extra }, token, opts);
  }

  /**
   * Answers the challenges of a 203 later (the MfaRequiredError of an authorize called without onMfa):
   * `{ RequestId, SecurityResponses }`, with the session's authorize token (`error.authorizeToken`).
   * Further 203 rounds go to onMfa.
   */
  answerMfa(requestId: string, responses: SecurityResponses, opts: AuthorizeOptions = {}): Promise<AuthorizeResult> {
    return this.rounds({ RequestId: requestId, SecurityResponses: responses }, opts.authorizeToken || undefined, opts);
  }

  private async rounds(first: Record<string, unknown>, token: string | undefined, opts: AuthorizeOptions): Promise<AuthorizeResult> {
    // The same token answers the security questions of the session it opened (docs.flinks.com/reference/step-3).
    const headers = { 'flinks-auth-key': token };
    const send = (json: unknown) => this.ctx.transport.send({ surface: 'flinks', method: 'POST', ...route(this.ctx, AUTHORIZE), json, headers, signal: opts.signal });
    let r = await send(first);
    const maxRounds = opts.maxRounds ?? 10;
    for (let round = 1; r.status === 203; round++) {
      const body = (r.body ?? {}) as Envelope;
      const requestId = typeof body.RequestId === 'string' ? body.RequestId : '';
      const challenges = Array.isArray(body.SecurityChallenges) ? (body.SecurityChallenges as SecurityChallenge[]) : [];
      if (!opts.onMfa || round > maxRounds) throw new MfaRequiredError(requestId, challenges, token);
      const responses = await opts.onMfa(challenges, { requestId, round, answer: r.body as ChallengeAnswer });
      r = await send({ RequestId: requestId, SecurityResponses: responses });
    }
    const body = (r.body ?? {}) as Envelope;
    const loginId = body.Login?.Id;
    if (r.status !== 200 || typeof loginId !== 'string' || typeof body.RequestId !== 'string') throw unusable(r, 'POST', 'no Login.Id and RequestId in the answer');
    return { loginId, requestId: body.RequestId, answer: r.body as AuthorizeAnswer };
  }

  /** The cached data of a saved login: `{ LoginId, MostRecentCached: true }`. */
  authorizeCached(loginId: string, opts: AuthorizeOptions = {}): Promise<AuthorizeResult> {
    return this.authorize({ loginId, mostRecentCached: true }, opts);
  }

  /** A live refresh of a saved login: `{ LoginId, MostRecentCached: false }` (it may ask questions: onMfa). */
  refresh(loginId: string, opts: AuthorizeOptions = {}): Promise<AuthorizeResult> {
    return this.authorize({ loginId, mostRecentCached: false }, opts);
  }

  /** GetAccountsDetail, its 202 followed on GetAccountsDetailAsync: the accounts, with transactions. */
  accountsDetail(requestId: string, options: DataOptions<AccountsDetailBody> = {}): Promise<AccountsDetailAnswer> {
    return this.data(DETAIL, DETAIL_ASYNC, 'GetAccountsDetail', requestId, options) as Promise<AccountsDetailAnswer>;
  }

  /** GetAccountsSummary, its 202 followed on GetAccountsSummaryAsync: the accounts and balances. */
  accountsSummary(requestId: string, options: DataOptions<AccountsSummaryBody> = {}): Promise<AccountsSummaryAnswer> {
    return this.data(SUMMARY, SUMMARY_ASYNC, 'GetAccountsSummary', requestId, options) as Promise<AccountsSummaryAnswer>;
  }

  /** GetStatements (Canada), its 202 followed on GetStatementsAsync: the PDF statements in Base64. */
  statements(requestId: string, options: DataOptions<StatementsBody> = {}): Promise<StatementsAnswer> {
    return this.data(STATEMENTS, STATEMENTS_ASYNC, 'GetStatements', requestId, options) as Promise<StatementsAnswer>;
  }

  /** DeleteCard: the login and everything aggregated for it. */
  async deleteCard(loginId: string, opts: CallOptions = {}): Promise<Answer<typeof DELETE_CARD, 'delete'>> {
    const r = await this.ctx.transport.send({ surface: 'flinks', method: 'DELETE', ...route(this.ctx, DELETE_CARD, { loginId }), headers: apiKeyHeader(this.ctx), signal: opts.signal });
    return r.body as Answer<typeof DELETE_CARD, 'delete'>;
  }

  /** The institutions (paged with skip/take). */
  async institutions(query: Partial<Query<typeof INSTITUTIONS, 'get'>> = {}, opts: CallOptions = {}): Promise<Answer<typeof INSTITUTIONS, 'get'>> {
    const r = await this.ctx.transport.send({ surface: 'flinks', method: 'GET', ...route(this.ctx, INSTITUTIONS), query, headers: apiKeyHeader(this.ctx), signal: opts.signal });
    return r.body as Answer<typeof INSTITUTIONS, 'get'>;
  }

  private async data(
    call: typeof DETAIL | typeof SUMMARY | typeof STATEMENTS,
    poll: typeof DETAIL_ASYNC | typeof SUMMARY_ASYNC | typeof STATEMENTS_ASYNC,
    what: string,
    requestId: string,
    options: PollOptions,
  ): Promise<unknown> {
    // The poll's options are the client's; every other member is the wire's.
    const { intervalMs, maxIntervalMs, timeoutMs, signal, ...fields } = options as PollOptions & Record<string, unknown>;
    const headers = apiKeyHeader(this.ctx);
    const first = await this.ctx.transport.send({ surface: 'flinks', method: 'POST', ...route(this.ctx, call), json: { ...fields, RequestId: requestId }, headers, signal });
    // The 202 names the session to poll (it is the one asked for).
    const pollId = typeof (first.body as Envelope | undefined)?.RequestId === 'string' ? String((first.body as Envelope).RequestId) : requestId;
    const next = () => this.ctx.transport.send({ surface: 'flinks', method: 'GET', ...route(this.ctx, poll, { requestId: pollId }), headers, signal });
    const done = await follow202(first, next, `${what}Async`, pollId, { intervalMs, maxIntervalMs, timeoutMs, signal });
    return done.body;
  }
}

function authorizeBody(p: AuthorizeParams): Record<string, unknown> {
  if ('loginId' in p) return { LoginId: p.loginId, MostRecentCached: p.mostRecentCached === true };
  return {
    Institution: p.institution,
    Username: p.username,
    Password: p.password,
    MostRecentCached: false,
    ...(p.save !== undefined ? { Save: p.save } : {}),
    ...(p.language !== undefined ? { Language: p.language } : {}),
    ...(p.tag !== undefined ? { Tag: p.tag } : {}),
    ...(p.scheduleRefresh !== undefined ? { ScheduleRefresh: p.scheduleRefresh } : {}),
  };
}

function unusable(r: RawAnswer, method: string, why: string): FlinksApiError {
  return new FlinksApiError(`${method} ${r.url} answered ${r.status} but ${why}`, { status: r.status, code: null, body: r.body, headers: r.headers, method, url: r.url });
}
