/**
 * The Connect flow's state and the pure decisions it takes: which screen shows, what an API refusal
 * leads to, which institutions and accounts are listed, where the redirect goes. No React, no fetch,
 * no postMessage here: `useConnectFlow` (connect-flow.ts) makes the calls and posts the events, and
 * each step renders one screen (steps.tsx, screens.tsx). Unit-tested in test/unit/widget/flow.test.ts.
 */
import type { Account, Answer, Challenge, FlinksInstitution } from './api.ts';
import type { StringKey } from './i18n.ts';
import type { Params } from './params.ts';
import type { Inst } from './screens.tsx';

/** What the error screen offers: its buttons, in order (the first is the primary one). */
export type ErrorAction = 'institutions' | 'credentials' | 'login' | 'reload' | 'accounts';

/** One screen of the flow, with what it shows. */
export type Screen =
  | { kind: 'loading'; message: StringKey; vars?: Record<string, string> }
  | { kind: 'consent' }
  | { kind: 'declined' }
  | { kind: 'institutions' }
  | { kind: 'method' }
  | { kind: 'credentials'; error: string | null; attempt: number }
  | { kind: 'mfa'; challenges: Challenge[]; round: number; error: string | null; attempt: number }
  | { kind: 'enhanced'; questions: string[]; error: string | null }
  | { kind: 'accounts'; accounts: Account[] }
  | { kind: 'upload'; attempt: number }
  | { kind: 'provider' }
  | { kind: 'providerDone' }
  | { kind: 'success'; url: string; navigating: boolean }
  | { kind: 'error'; title: StringKey; message: string; actions: ErrorAction[] }
  | { kind: 'max' }
  | { kind: 'closed' };

export interface FlowState {
  screen: Screen;
  /** A call of the shown screen is under way (its button spins, the screen is aria-busy). */
  busy: boolean;
  /** The institution selector's list. */
  institutions: Inst[];
  /** The chosen institution (the header and the login screens name it). */
  institution: Inst | null;
  /** Upload's fallback mode: the login form was left idle (Flinks falls back after inactivity too). */
  idle: boolean;
}

export type FlowAction =
  /** Another screen; whatever was under way has answered. */
  | { type: 'show'; screen: Screen }
  /** The shown screen's call started. */
  | { type: 'busy' }
  | { type: 'listed'; institutions: Inst[] }
  | { type: 'chosen'; institution: Inst | null }
  /** The upload step (again: a new attempt starts it afresh). */
  | { type: 'upload' }
  /** The institution refused the credentials: the same form again, with the reason. */
  | { type: 'credentialsRefused'; error: string }
  /** The institution refused an MFA answer and asks again. */
  | { type: 'mfaRefused'; challenges: Challenge[]; round: number; error: string }
  | { type: 'idle' };

export const initialFlow: FlowState = { screen: { kind: 'loading', message: 'loading' }, busy: false, institutions: [], institution: null, idle: false };

/** A retry on the screen being retried counts one more attempt (the screen's alert is announced anew). */
const nextAttempt = (screen: Screen, kind: 'credentials' | 'mfa' | 'upload', first: number): number =>
  screen.kind === kind ? screen.attempt + 1 : first;

export function flowReducer(state: FlowState, action: FlowAction): FlowState {
  switch (action.type) {
    case 'show':
      return { ...state, screen: action.screen, busy: false };
    case 'busy':
      return { ...state, busy: true };
    case 'listed':
      return { ...state, institutions: action.institutions };
    case 'chosen':
      return { ...state, institution: action.institution };
    case 'upload':
      return { ...state, screen: { kind: 'upload', attempt: nextAttempt(state.screen, 'upload', 0) }, busy: false };
    case 'credentialsRefused':
      return { ...state, screen: { kind: 'credentials', error: action.error, attempt: nextAttempt(state.screen, 'credentials', 1) }, busy: false };
    case 'mfaRefused':
      return { ...state, screen: { kind: 'mfa', challenges: action.challenges, round: action.round, error: action.error, attempt: nextAttempt(state.screen, 'mfa', 1) }, busy: false };
    case 'idle':
      return { ...state, idle: true };
  }
}

// ---- API refusals --------------------------------------------------------------------------------

/** Codes a person fixes by typing again, on the screen where they typed. */
const CREDENTIAL_RETRY = new Set(['INVALID_LOGIN', 'INVALID_USERNAME', 'INVALID_PASSWORD']);
const MFA_RETRY = new Set(['INVALID_SECURITY_RESPONSE', 'SECURITYRESPONSES_INCOMPLETE', 'UNKNOWN_CHALLENGE_KEY']);
/** Codes after which the same session cannot go on: log in again. */
const SESSION_OVER = new Set(['SESSION_NONEXISTENT', 'SESSION_EXPIRED', 'QUESTION_NOT_FOUND', 'INVALID_REQUEST']);
/** Codes no retry can fix from inside the widget. */
const TERMINAL = new Set(['UNAUTHORIZED', 'ACCESS_DENIED']);

/** The FlinksCode of a refusal: NETWORK when the API was not reached, AGGREGATION_ERROR when it names none. */
export function codeOf(a: Answer): string {
  return typeof a.body?.FlinksCode === 'string' && a.body.FlinksCode ? a.body.FlinksCode : a.status === 0 ? 'NETWORK' : 'AGGREGATION_ERROR';
}

/** What a refused Authorize leads to: the same form again, or an error screen with these buttons. */
export type Refusal =
  | { kind: 'retry' }
  /** UNAUTHORIZED with a RequestId: the institution refused this account (the token itself was fine). */
  | { kind: 'institutionRefused'; actions: ErrorAction[] }
  | { kind: 'error'; actions: ErrorAction[] };

/**
 * `from`: the screen whose answer was refused (`resume`: a session taken over from the application);
 * `sessionOpened`: the refusal carries a RequestId; `chosen`: an institution is known.
 */
export function refusalOf(code: string, from: 'credentials' | 'mfa' | 'resume', sessionOpened: boolean, chosen: boolean): Refusal {
  if (from === 'credentials' && CREDENTIAL_RETRY.has(code)) return { kind: 'retry' };
  if (from !== 'credentials' && MFA_RETRY.has(code)) return { kind: 'retry' };
  if (code === 'DISABLED_INSTITUTION') return { kind: 'error', actions: ['institutions'] };
  // UNAUTHORIZED is the token refused (no session opened), or the institution refusing this account (a session that failed).
  if (code === 'UNAUTHORIZED' && sessionOpened) return { kind: 'institutionRefused', actions: ['credentials', 'institutions'] };
  if (TERMINAL.has(code)) return { kind: 'error', actions: [] };
  if (SESSION_OVER.has(code)) return { kind: 'error', actions: chosen ? ['login'] : ['institutions'] };
  return { kind: 'error', actions: chosen ? ['credentials', 'institutions'] : ['institutions'] };
}

// ---- institutions and accounts ---------------------------------------------------------------------

/** An institution of GET /Institutions, named in the widget's language; `known`: the page's config of it. */
export function toInst(f: FlinksInstitution, known: { code: string; sandbox: boolean } | undefined, language: string): Inst {
  const loc = f.Localizations.find((l) => l.Language === language) ?? f.Localizations.find((l) => l.Language === 'en') ?? f.Localizations[0];
  return { id: f.Id, code: known?.code ?? (f as { Code?: string }).Code ?? String(f.Id), name: loc?.Name ?? String(f.Id), sandbox: known?.sandbox ?? false, country: f.Country, enabled: f.Status === 'Enabled' };
}

/** The selector's list: the sandbox institution only with demo=true, listed first. */
export function selectorList(all: Inst[], demo: boolean): Inst[] {
  const shown = all.filter((i) => (i.sandbox ? demo : true));
  return [...shown.filter((i) => i.sandbox), ...shown.filter((i) => !i.sandbox)];
}

/** The accounts offered for selection: operations accounts unless showAllAccounts, in the asked currency. */
export function shownAccounts(all: Account[], p: Pick<Params, 'showAllAccounts' | 'accountSelectorCurrency'>): Account[] {
  return all.filter((x) => (p.showAllAccounts || x.Category === 'Operations') && (!p.accountSelectorCurrency || x.Currency?.toUpperCase() === p.accountSelectorCurrency));
}

/** The body of the first Authorize: the credentials and what the URL parameters ask of the session. */
export function credentialsBody(p: Params, institution: string | null, username: string, password: string): Record<string, unknown> {
  const body: Record<string, unknown> = {
    Institution: institution,
    Username: username,
    Password: password,
    MostRecentCached: false,
    // Always saved: the LoginId is what the application keeps.
    Save: true,
    Language: p.language,
  };
  if (p.tag) body.Tag = p.tag;
  if (p.scheduleRefresh) body.ScheduleRefresh = true;
  if (p.enhancedMFA) body.WithMFAQuestions = true;
  if (p.daysOfTransactions) body.DaysOfTransactions = p.daysOfTransactions;
  return body;
}

// ---- upload offers ---------------------------------------------------------------------------------

/** Upload's primary and fallback modes: the upload step offered beside the bank login. */
export const uploadOffered = (p: Pick<Params, 'uploadMode'>): boolean => p.uploadMode === 'primary' || p.uploadMode === 'fallback';

/**
 * On the login form: primary mode keeps uploading one click away; fallback mode offers it once a
 * login was refused or left idle. Answers the COMPONENT_SELECT_UPLOAD reason, or null (no offer).
 */
export function loginUploadOffer(p: Pick<Params, 'uploadMode'>, refused: boolean, idle: boolean): 'choice' | 'login_failed' | 'inactivity' | null {
  if (p.uploadMode === 'primary') return 'choice';
  if (p.uploadMode !== 'fallback' || !(refused || idle)) return null;
  return refused ? 'login_failed' : 'inactivity';
}

// ---- redirect -----------------------------------------------------------------------------------

/** Where the finished flow goes, whether this window navigates there, and the REDIRECT event's data. */
export function redirectOf(p: Pick<Params, 'redirectUrl' | 'jsRedirect' | 'tag'>, origin: string, session: { loginId: string | null; requestId: string | null; institution: string | null }, accountIds: string[]) {
  const url = new URL(p.redirectUrl ?? `${origin}/v2/success`);
  url.searchParams.append('loginId', session.loginId ?? '');
  url.searchParams.append('institution', session.institution ?? '');
  if (p.tag) url.searchParams.append('tag', p.tag);
  if (accountIds.length > 0) url.searchParams.append('accountId', accountIds.join(','));
  const href = url.toString();
  return {
    href,
    navigating: Boolean(p.redirectUrl) && !p.jsRedirect,
    event: {
      url: href,
      institution: session.institution,
      loginId: session.loginId,
      requestId: session.requestId,
      ...(accountIds.length > 0 ? { accountId: accountIds.join(',') } : {}),
      ...(p.tag ? { tag: p.tag } : {}),
    },
  };
}
