/**
 * Connect's use cases: opening sessions (the four Authorize modes), answering
 * MFA, refreshing saved logins, and the card-level operations. Data endpoints are
 * in data.ts, aggregation in aggregation.ts.
 */
import type { Queryable } from '../platform/db.ts';
import type { Platform } from '../platform/platform.ts';
import type { Tenant } from '../platform/tenants.ts';
import { newId } from '../platform/ids.ts';
import { addDays, isoDate } from '../platform/clock.ts';
import { ApiError } from '../platform/errors.ts';
import { flinksEnvelope, flinksErrors } from '../platform/http/flinks-errors.ts';
import { connectErrors } from './errors.ts';
import type { Connector, LoginStep } from './connectors/connector.ts';
import { ConnectorRegistry } from './connectors/registry.ts';
import { findInstitution, type Institution } from './institutions/catalog.ts';
import type { ConnectStore, LoginLock, LoginRow, RequestRow } from './store.ts';
import { mfaAnswerAllowed, type Limits, type RequestFacts } from './sessions/machine.ts';
import { checkToken, issueToken } from './tokens.ts';
import { AUTHORIZED_LINKS, link, sessionTail } from './wire.ts';
import type { Aggregation } from './aggregation.ts';

/** Days of history a new login starts with (at least 13 months). */
export const HISTORY_DAYS = 400;

export interface AuthorizeInput {
  LoginId?: string;
  MostRecentCached?: boolean;
  Institution?: string;
  Username?: string;
  Password?: string;
  Language?: string;
  Save?: boolean;
  Tag?: string;
  RequestId?: string;
  SecurityResponses?: Record<string, unknown>;
  ScheduleRefresh?: boolean;
  WithMFAQuestions?: boolean;
}

export interface Answer {
  status: number;
  body: unknown;
}

interface PendingSecret {
  state: unknown;
  username: string;
  password: string;
}

export class ConnectService {
  readonly limits: Limits;
  /** The connectors registered at setup (FDX providers, the sandbox's), by the name stored with their logins. */
  readonly connectors = new ConnectorRegistry();

  constructor(private readonly p: Platform, readonly store: ConnectStore, readonly aggregation: Aggregation) {
    this.limits = { authorizingIdleMs: p.config.sessionIdleSeconds * 1000, processingIdleMs: 30 * 60 * 1000 };
  }

  get now(): Date {
    return this.p.clock.now();
  }

  async generateAuthorizeToken(tenant: Tenant): Promise<Answer> {
    const token = await issueToken(this.store, this.p.db, tenant.id, this.now, this.p.config.authorizeTokenSeconds);
    return { status: 200, body: { HttpStatusCode: 200, Token: token } };
  }

  /** POST /Authorize. `authKey` is the flinks-auth-key header. */
  async authorize(tenant: Tenant, input: AuthorizeInput, authKey: string | undefined): Promise<Answer> {
    return this.p.db.tx(async (q) => {
      const requestId = input.RequestId?.trim() || null;
      await this.checkAuthorizeCredential(q, tenant, authKey, requestId);
      if (requestId) return this.answerMfa(q, tenant, requestId, input);
      if (input.LoginId) {
        const cached = input.MostRecentCached !== false;
        const login = await this.store.findLogin(q, tenant.id, input.LoginId.trim().toLowerCase(), sessionLock(cached));
        if (!login) throw connectErrors.invalidLogin();
        if (cached) return this.cached(q, tenant, login, input, authKey);
        return this.liveRefresh(q, tenant, login, input, authKey);
      }
      if (input.Institution !== undefined || input.Username !== undefined) return this.liveLogin(q, tenant, input, authKey);
      throw flinksErrors.invalidRequest({ detail: 'Send LoginId (cached or live refresh), Institution with Username and Password (new login), or RequestId with SecurityResponses (MFA answer)' });
    });
  }

  /** POST /AuthorizeAsync: the same work, but a new session first answers 202 and is then polled with its RequestId. */
  async authorizeAsync(tenant: Tenant, input: AuthorizeInput, authKey: string | undefined): Promise<Answer> {
    const requestId = input.RequestId?.trim();
    if (requestId && (!input.SecurityResponses || Object.keys(input.SecurityResponses).length === 0)) {
      return this.p.db.tx(async (q) => {
        const req = await this.store.findRequest(q, tenant.id, requestId);
        const err = mfaAnswerAllowed(facts(req), requestId, this.now, this.limits);
        if (req && req.state === 'MfaPending' && !err) return this.challengeAnswer(req, req.challenges ?? []);
        if (req && req.state === 'Authorized' && err?.code === 'ALREADY_AUTHORIZED') {
          const login = (await this.store.findLogin(q, tenant.id, req.login_id!))!;
          await this.store.updateRequest(q, tenant.id, req.id, { now: this.now });
          return this.authorizedAnswer(login, req.id, req.tag);
        }
        throw err ?? flinksErrors.sessionNonexistent({ requestId });
      });
    }
    const answer = await this.authorize(tenant, input, authKey);
    if (requestId || answer.status !== 200 && answer.status !== 203) return answer;
    const id = (answer.body as { RequestId: string }).RequestId;
    return { status: 202, body: { FlinksCode: 'OPERATION_PENDING', Links: [link('AuthorizeAsync', '/AuthorizeAsync', `/AuthorizeAsync?RequestId=${id}`)], HttpStatusCode: 202, Message: 'Your operation is still processing', RequestId: id } };
  }

  /** POST /AuthorizeMultiple: a session per LoginId, without a person (live refresh cannot ask MFA). */
  async authorizeMultiple(tenant: Tenant, loginIds: string[], mostRecentCached: boolean): Promise<Answer> {
    const valid: { LoginId: string; RequestId: string }[] = [];
    const invalid: { LoginId: string; FlinksCode: string; Message: string }[] = [];
    for (const raw of loginIds) {
      const loginId = raw.trim().toLowerCase();
      try {
        const answer = await this.p.db.tx(async (q) => {
          const login = await this.store.findLogin(q, tenant.id, loginId, sessionLock(mostRecentCached));
          if (!login) throw connectErrors.invalidLogin();
          return mostRecentCached ? this.cached(q, tenant, login, {}, undefined) : this.liveRefresh(q, tenant, login, {}, undefined, false);
        });
        const body = answer.body as { RequestId: string; FlinksCode?: string; Message?: string };
        if (answer.status === 200) valid.push({ LoginId: raw, RequestId: body.RequestId });
        else invalid.push({ LoginId: raw, FlinksCode: body.FlinksCode ?? 'UNAUTHORIZED', Message: body.Message ?? 'This login needs a person to answer its security challenges' });
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        invalid.push({ LoginId: raw, FlinksCode: err.code, Message: err.message });
      }
    }
    return { status: 200, body: { HttpStatusCode: 200, ValidLoginIds: valid, InvalidLoginIds: invalid } };
  }

  // ---- the four modes -----------------------------------------------------------

  private async cached(q: Queryable, tenant: Tenant, login: LoginRow, input: AuthorizeInput, authKey: string | undefined): Promise<Answer> {
    if (login.aggregation_state === 'failed' && login.last_refresh_error) throw connectErrors.institution(login.last_refresh_error, 'The last aggregation of this login failed; refresh it live');
    const requestId = newId();
    const tag = input.Tag ?? login.tag;
    await this.store.insertRequest(q, { id: requestId, customerId: tenant.id, loginId: login.id, state: 'Authorized', mode: 'cached', institutionCode: login.institution_code, language: login.language, tag, options: {}, scriptStateEnc: null, challenges: null, failureCode: null, failureMessage: null, now: this.now });
    await this.bindToken(q, tenant, authKey, requestId);
    await this.store.setLoginFields(q, tenant.id, login.id, { last_cached_call: this.now });
    // A login that was never aggregated (saved but its job lost) gets one now.
    if (login.aggregation_state === 'none') await this.aggregation.enqueue(q, tenant.id, login.id, 'normal');
    return this.authorizedAnswer(login, requestId, tag);
  }

  private async liveLogin(q: Queryable, tenant: Tenant, input: AuthorizeInput, authKey: string | undefined): Promise<Answer> {
    const institution = this.institution(input.Institution);
    if (!input.Username || input.Password === undefined) throw flinksErrors.invalidRequest({ detail: 'Username and Password are required with Institution' });
    const language = input.Language?.toLowerCase() === 'fr' ? 'fr' : 'en';
    const connector = await this.connectorFor(q, tenant.id, institution, input.Username);
    const step = await connector.startLogin({ username: input.Username, password: input.Password, language });
    const requestId = newId();
    const options = { save: input.Save ?? false, scheduleRefresh: input.ScheduleRefresh ?? false, withMfaQuestions: input.WithMFAQuestions ?? false, connector: connector.name };
    await this.store.insertRequest(q, { id: requestId, customerId: tenant.id, loginId: null, state: 'MfaPending', mode: 'live', institutionCode: institution.code, language, tag: input.Tag ?? null, options, scriptStateEnc: null, challenges: null, failureCode: null, failureMessage: null, now: this.now });
    const req = (await this.store.findRequest(q, tenant.id, requestId))!;
    const answer = await this.afterStep(q, tenant, req, step, { username: input.Username, password: input.Password });
    // Credentials refused at once (a mistyped password) do not use up the token: Connect lets the person type them again.
    if (answer.status < 400) await this.bindToken(q, tenant, authKey, requestId);
    return answer;
  }

  private async liveRefresh(q: Queryable, tenant: Tenant, login: LoginRow, input: AuthorizeInput, authKey: string | undefined, interactive = true): Promise<Answer> {
    if (!login.credentials_enc) throw connectErrors.invalidLogin();
    if (login.aggregation_state === 'running') throw connectErrors.cardInUse({ loginId: login.id });
    const creds = this.p.keys.decryptJson<{ username: string; password: string }>(login.credentials_enc);
    const connector = await this.connectorForLogin(q, tenant.id, login);
    const stored = await this.storedAnswers(q, tenant.id, login, connector);
    const step = await connector.refresh({ ...creds, language: login.language, storedAnswers: stored, interactive, q });
    const requestId = newId();
    const tag = input.Tag ?? login.tag;
    await this.store.insertRequest(q, { id: requestId, customerId: tenant.id, loginId: login.id, state: 'MfaPending', mode: 'refresh', institutionCode: login.institution_code, language: login.language, tag, options: { save: true, connector: connector.name }, scriptStateEnc: null, challenges: null, failureCode: null, failureMessage: null, now: this.now });
    await this.bindToken(q, tenant, authKey, requestId);
    const req = (await this.store.findRequest(q, tenant.id, requestId))!;
    return this.afterStep(q, tenant, req, step, creds);
  }

  private async answerMfa(q: Queryable, tenant: Tenant, requestId: string, input: AuthorizeInput): Promise<Answer> {
    const req = await this.store.findRequest(q, tenant.id, requestId, true);
    const refused = mfaAnswerAllowed(facts(req), requestId, this.now, this.limits);
    if (refused) throw refused;
    const secret = this.p.keys.decryptJson<PendingSecret>(req!.script_state_enc!);
    const connector = await this.connectorByName(q, tenant.id, connectorOf(req!), secret.username);
    const step = await connector.answer(secret.state, normalizeResponses(input.SecurityResponses));
    return this.afterStep(q, tenant, req!, step, { username: secret.username, password: secret.password });
  }

  /** Turns a connector's step into the session's next state and the HTTP answer. */
  private async afterStep(q: Queryable, tenant: Tenant, req: RequestRow, step: LoginStep, creds: { username: string; password: string }): Promise<Answer> {
    const now = this.now;
    switch (step.kind) {
      case 'challenges': {
        const enc = this.p.keys.encryptJson({ state: step.state, ...creds } satisfies PendingSecret);
        await this.store.updateRequest(q, tenant.id, req.id, { state: 'MfaPending', scriptStateEnc: enc, challenges: step.challenges, now });
        return this.challengeAnswer(req, step.challenges);
      }
      case 'failed': {
        if (step.retryable && step.state !== undefined) {
          const enc = this.p.keys.encryptJson({ state: step.state, ...creds } satisfies PendingSecret);
          await this.store.updateRequest(q, tenant.id, req.id, { scriptStateEnc: enc, now });
        } else {
          await this.store.updateRequest(q, tenant.id, req.id, { state: 'Failed', scriptStateEnc: null, failureCode: step.code, failureMessage: step.message, now });
          if (req.login_id) await this.store.setLoginFields(q, tenant.id, req.login_id, { last_refresh_state: 'Failed', last_refresh_error: step.code });
        }
        // Answered, not thrown: the session's new state (attempts counted, failure recorded) must commit.
        const err = connectErrors.institution(step.code, step.message, { RequestId: req.id, Institution: req.institution_code });
        return { status: err.status, body: flinksEnvelope(err) };
      }
      case 'connected': {
        const login = await this.connectLogin(q, tenant, req, step, creds);
        await this.store.updateRequest(q, tenant.id, req.id, { state: 'Authorized', loginId: login.id, scriptStateEnc: null, challenges: null, now });
        const kind = step.profile.aggregation;
        await this.aggregation.enqueue(q, tenant.id, login.id, kind);
        const fresh = (await this.store.findLogin(q, tenant.id, login.id))!;
        return this.authorizedAnswer(fresh, req.id, req.tag ?? fresh.tag);
      }
    }
  }

  /**
   * Creates the login on first connection, or updates the existing one (same institution,
   * user and language). Concurrent first logins of one user (two replicas, a double click)
   * meet on the identity's unique key: one inserts, the others wait for it to commit and
   * update its row instead, so they all answer with the same LoginId.
   */
  private async connectLogin(q: Queryable, tenant: Tenant, req: RequestRow, step: Extract<LoginStep, { kind: 'connected' }>, creds: { username: string; password: string }): Promise<LoginRow> {
    // Looked up for a new login only: a live refresh of a login keeps its institution (an FDX provider is not in the catalog).
    const institution = () => this.institution(req.institution_code ?? undefined);
    const save = Boolean(req.options.save);
    const byIdentity = () => this.store.findLoginByIdentity(q, tenant.id, institution().id, step.profile.userKey, req.language, 'update');
    let existing = req.login_id ? await this.store.findLogin(q, tenant.id, req.login_id, 'update') : await byIdentity();
    const connector = connectorOf(req);
    const stored = async (login: LoginRow | null) => {
      const previous = login?.answers_enc ? this.p.keys.decryptJson<Record<string, string[]>>(login.answers_enc) : {};
      const answers = { ...previous, ...step.answered };
      let pending: string[] | null = null;
      if (req.options.withMfaQuestions && save) {
        const all = (await this.connectorByName(q, tenant.id, connector, creds.username)).securityQuestions({ username: creds.username, language: req.language });
        pending = all.filter((question) => !(question in answers));
      }
      return { answersEnc: save && Object.keys(answers).length > 0 ? this.p.keys.encryptJson(answers) : null, pending };
    };
    const credentialsEnc = save ? this.p.keys.encryptJson(creds) : null;
    if (!existing) {
      const id = newId();
      const { answersEnc, pending } = await stored(null);
      const inserted = await this.store.insertLogin(q, {
        id, customerId: tenant.id, institutionId: institution().id, institutionCode: institution().code, connector, profile: step.profile, language: req.language, tag: req.tag,
        saved: save, credentialsEnc, answersEnc, scheduled: Boolean(req.options.scheduleRefresh), dataStart: addDays(isoDate(this.now), -HISTORY_DAYS), pendingQuestions: pending ?? [],
      });
      if (inserted) return (await this.store.findLogin(q, tenant.id, id))!;
      existing = (await byIdentity())!; // a concurrent first login of the same user won: update its login
    }
    const { answersEnc, pending } = await stored(existing);
    await this.store.updateLoginAfterLogin(q, tenant.id, existing.id, { profile: step.profile, tag: req.tag, saved: save, credentialsEnc, answersEnc, scheduled: req.options.scheduleRefresh ? true : null, pendingQuestions: pending });
    return existing;
  }

  // ---- answers ------------------------------------------------------------------

  authorizedAnswer(login: LoginRow, requestId: string, tag: string | null): Answer {
    const institution = findInstitution(login.institution_id);
    return { status: 200, body: { HttpStatusCode: 200, Links: AUTHORIZED_LINKS, ...sessionTail(login, requestId, institution?.code ?? login.institution_code, tag) } };
  }

  private challengeAnswer(req: RequestRow, challenges: unknown[]): Answer {
    return { status: 203, body: { Links: [link('Authorization', '/Authorize')], HttpStatusCode: 203, SecurityChallenges: challenges, Institution: req.institution_code, RequestId: req.id } };
  }

  // ---- helpers --------------------------------------------------------------------

  private async checkAuthorizeCredential(q: Queryable, tenant: Tenant, authKey: string | undefined, requestId: string | null): Promise<void> {
    if (!tenant.policy.requireAuthorizeToken) return;
    if (authKey && this.p.tenants.secretMatches(tenant, authKey)) return; // integrations that predate authorize tokens
    const check = await checkToken(this.store, q, tenant.id, authKey, this.now, requestId);
    if (!check.ok) throw flinksErrors.invalidAuthorizeToken();
  }

  private async bindToken(q: Queryable, tenant: Tenant, authKey: string | undefined, requestId: string): Promise<void> {
    if (!authKey) return;
    const check = await checkToken(this.store, q, tenant.id, authKey, this.now, null);
    if (check.ok) await this.store.bindToken(q, tenant.id, check.hash, requestId);
  }

  institution(code: string | undefined): Institution {
    const inst = code === undefined || code.trim() === '' ? undefined : findInstitution(code.trim());
    if (!inst || (inst.sandbox && !this.p.config.sandbox)) throw connectErrors.institutionNotFound({ institution: code ?? '(none)' });
    if (inst.status !== 'Enabled') throw connectErrors.disabledInstitution({ institution: inst.code });
    return inst;
  }

  private async connectorFor(q: Queryable, customerId: string, institution: Institution, username: string): Promise<Connector> {
    // Maplelink has no live connection to a bank outside the sandbox; its connectors (FDX providers) are configured per institution.
    const connector = institution.sandbox ? await this.connectors.forSandboxLogin(q, { customerId, username }) : null;
    if (!connector) throw connectErrors.disabledInstitution({ institution: institution.code });
    return connector;
  }

  private async connectorByName(q: Queryable, customerId: string, name: string, username: string, profile?: Record<string, unknown>): Promise<Connector> {
    // A custom user whose document is gone no longer logs in.
    const connector = await this.connectors.named(q, name, { customerId, username, profile });
    if (!connector) throw connectErrors.invalidLogin();
    return connector;
  }

  async connectorForLogin(q: Queryable, customerId: string, login: LoginRow): Promise<Connector> {
    return this.connectorByName(q, customerId, login.connector, login.username, login.profile.data);
  }

  /** Stored answers; those that are now wrong are erased and listed again for AnswerMFAQuestions. */
  private async storedAnswers(q: Queryable, customerId: string, login: LoginRow, connector: Connector): Promise<Record<string, string[]>> {
    if (!login.answers_enc) return {};
    const all = this.p.keys.decryptJson<Record<string, string[]>>(login.answers_enc);
    const kept: Record<string, string[]> = {};
    const wrong: string[] = [];
    for (const [question, answers] of Object.entries(all)) {
      if (answers.length === 1 && !connector.checkStoredAnswer({ username: login.username, question, answer: answers[0]! }) && connector.securityQuestions({ username: login.username, language: login.language }).includes(question)) wrong.push(question);
      else kept[question] = answers;
    }
    if (wrong.length > 0) {
      await this.store.setLoginFields(q, customerId, login.id, {
        answers_enc: this.p.keys.encryptJson(kept),
        pending_questions: [...new Set([...login.pending_questions, ...wrong])],
      });
    }
    return kept;
  }

  // ---- card operations ------------------------------------------------------------

  async deleteCard(tenant: Tenant, loginId: string): Promise<Answer> {
    return this.p.db.tx(async (q) => {
      // Locked: a live refresh that started meanwhile is waited for and then refuses the delete (CARD_IN_USE).
      const login = await this.store.findLogin(q, tenant.id, loginId.toLowerCase(), 'update');
      if (!login) throw connectErrors.invalidLogin();
      if (login.aggregation_state === 'running' || (await this.store.openMfaRequestsForLogin(q, tenant.id, login.id, new Date(this.now.getTime() - this.limits.authorizingIdleMs))) > 0) throw connectErrors.cardInUse({ loginId: login.id });
      await this.store.deleteLogin(q, tenant.id, login.id);
      return { status: 200, body: { HttpStatusCode: 200, Message: `All data related to LoginId ${login.id} has been deleted`, FlinksCode: null } };
    });
  }

  async setScheduledRefresh(tenant: Tenant, loginId: string | undefined, activated: boolean | undefined): Promise<Answer> {
    if (!loginId) throw flinksErrors.invalidRequest({ detail: 'LoginId is required' });
    if (activated === undefined) throw flinksErrors.invalidRequest({ detail: 'IsActivated is required' });
    const ok = await this.store.setLoginFields(this.p.db, tenant.id, loginId.trim().toLowerCase(), { is_scheduled_refresh: activated });
    if (!ok) throw connectErrors.invalidLogin();
    return { status: 200, body: `LoginId ${loginId.trim()} has now been ${activated ? 'activated' : 'deactivated'} for automatic refresh` };
  }

  async nightlyRefreshStatus(tenant: Tenant): Promise<Answer> {
    const logins = await this.store.loginsOfCustomer(tenant.id, 'l.is_scheduled_refresh');
    const ineligible = logins.filter((l) => !nightlyEligible(l, tenant.webhookUrl !== null, this.now));
    return {
      status: 200,
      body: {
        HttpStatusCode: 200,
        IneligibleCards: ineligible.map((l) => ({ LoginId: l.id, LastRefreshDate: l.last_refresh_text, LastRefreshState: l.last_refresh_state, LastRefreshErrorCode: l.last_refresh_error })),
        Message: ineligible.length === 0 ? 'All cards are eligible for the nightly refresh' : `${ineligible.length} card(s) are not eligible for the nightly refresh`,
        FlinksCode: null,
      },
    };
  }

  async getMfaQuestions(tenant: Tenant, loginId: string): Promise<Answer> {
    const login = await this.store.findLogin(this.p.db, tenant.id, loginId.toLowerCase());
    if (!login) throw connectErrors.invalidLoginForMfa({ loginId });
    return { status: 200, body: { HttpStatusCode: 200, Message: 'SUCCESS', Questions: login.pending_questions.map((Question) => ({ Question })) } };
  }

  async answerMfaQuestions(tenant: Tenant, loginId: string | undefined, questions: { Question: string; Answer: string }[]): Promise<Answer> {
    if (!loginId) throw flinksErrors.invalidRequest({ detail: 'LoginId is required' });
    return this.p.db.tx(async (q) => {
      // Locked: the stored answers are read, merged and written back, and two calls at once
      // (answering different questions) would otherwise each write over the other's.
      const login = await this.store.findLogin(q, tenant.id, loginId.trim().toLowerCase(), 'update');
      if (!login) throw connectErrors.invalidLoginForMfa({ loginId });
      const answers = login.answers_enc ? this.p.keys.decryptJson<Record<string, string[]>>(login.answers_enc) : {};
      for (const { Question, Answer } of questions) answers[Question] = [Answer];
      const answered = new Set(questions.map((x) => x.Question));
      await this.store.setLoginFields(q, tenant.id, login.id, {
        answers_enc: this.p.keys.encryptJson(answers),
        pending_questions: login.pending_questions.filter((x) => !answered.has(x)),
      });
      return { status: 200, body: { HttpStatusCode: 200, Message: 'Answers updated' } };
    });
  }

  /** Sandbox: forget saved credentials and answers, so the next live Authorize needs both again. */
  async resetLogin(tenant: Tenant, loginId: string): Promise<boolean> {
    return this.store.setLoginFields(this.p.db, tenant.id, loginId.toLowerCase(), { credentials_enc: null, answers_enc: null, saved: false, pending_questions: [] });
  }
}

const NIGHTLY_ELIGIBLE_ERRORS = new Set(['RETRY_LATER', 'AGGREGATION_ERROR', 'SESSION_EXPIRED', 'DISABLED_INSTITUTION', 'UNAUTHORIZED', 'SESSION_NONEXISTENT']);

/**
 * Whether a scheduled login stays eligible for the nightly refresh (GetNightlyRefreshStatus lists
 * those that are not; the operator console shows the same): saved, refreshed in the last week
 * without an error that needs a person, and read in the last week unless webhooks deliver its data.
 */
export function nightlyEligible(l: LoginRow, hasWebhook: boolean, now: Date): boolean {
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000);
  return !(!l.saved || !l.last_refresh || l.last_refresh < weekAgo || (l.last_refresh_error !== null && !NIGHTLY_ELIGIBLE_ERRORS.has(l.last_refresh_error)) || (!hasWebhook && (!l.last_cached_call || l.last_cached_call < weekAgo)));
}

/**
 * The lock a new session takes on its login. A cached session only hangs a request on the
 * login (many at once; a concurrent DeleteCard waits, then removes them with it); a live
 * refresh changes the login's state, so refreshes of one login and deletes take turns,
 * and the checks they make (CARD_IN_USE while aggregating) see what the previous one did.
 */
function sessionLock(cached: boolean): LoginLock {
  return cached ? 'key share' : 'update';
}

/** SecurityResponses values arrive as arrays (documented) or, from some clients, as a bare string. */
export function normalizeResponses(raw: Record<string, unknown> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [prompt, value] of Object.entries(raw ?? {})) {
    if (Array.isArray(value)) out[prompt] = value.filter((v) => v !== null && v !== undefined).map(String);
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[prompt] = [String(value)];
    // An object is no answer to a prompt: its JSON text is what is compared, and refused, as any wrong answer.
    else if (value !== null && value !== undefined) out[prompt] = [JSON.stringify(value)];
  }
  return out;
}

/** The connector a session was opened with (stored by liveLogin and liveRefresh); Flinks Capital for sessions older than the field. */
function connectorOf(req: RequestRow): string {
  return typeof req.options.connector === 'string' ? req.options.connector : 'flinks-capital';
}

export function facts(req: RequestRow | null): RequestFacts | null {
  return req && { id: req.id, state: req.state, lastActivity: req.last_activity, failureCode: req.failure_code, failureMessage: req.failure_message };
}
