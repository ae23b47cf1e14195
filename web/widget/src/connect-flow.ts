/**
 * The Connect flow's calls and events: consent → institution → credentials → MFA rounds →
 * (Enhanced MFA) → (account selection) → redirect, each step an API call a client could make
 * itself, each screen change an event to the parent page. The screens it shows are the actions of
 * flow.ts's reducer; the session (RequestId, LoginId, failures) is kept in a ref, read by the async
 * handlers, where state would be stale.
 */
import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import { ConnectApi, NetworkError, type Account, type Answer, type Challenge, type FlinksInstitution } from './api.ts';
import { post, postFlinksCode } from './events.ts';
import { codeOf, credentialsBody, flowReducer, initialFlow, redirectOf, refusalOf, selectorList, shownAccounts, toInst, type ErrorAction, type FlowState, type Screen } from './flow.ts';
import { errorMessage, errorTitle, translator, type Translate } from './i18n.ts';
import type { Params } from './params.ts';
import type { Inst } from './screens.tsx';
import type { UploadResult } from './upload.tsx';

export interface PageConfig {
  institutions: Record<string, { code: string; sandbox: boolean }>;
}

/** Upload's fallback mode: a login form left this long without a key or a click offers the upload too. */
const IDLE_FALLBACK_MS = 120_000;

/** Why the upload step was chosen (COMPONENT_SELECT_UPLOAD's reason). */
export type UploadReason = 'choice' | 'unlisted' | 'login_failed' | 'inactivity' | 'max_attempts' | 'error';

/** What the steps may ask of the flow. */
export interface FlowActions {
  t: Translate;
  acceptConsent(): void;
  declineConsent(): void;
  clickTerms(): void;
  showConsent(): void;
  chooseInstitution(i: Inst): void;
  showCredentials(): void;
  submitCredentials(username: string, password: string): Promise<void>;
  submitMfa(responses: Record<string, string[]>): Promise<void>;
  submitEnhanced(answers: { Question: string; Answer: string }[]): Promise<void>;
  skipEnhanced(): Promise<void>;
  chooseAccounts(ids: string[]): void;
  showUpload(reason: UploadReason): void;
  uploaded(r: UploadResult): void;
  backToLogin(): void;
  focusProvider(): void;
  errorAction(action: ErrorAction): void;
  /** The closed screen's "start again". */
  startAgain(): void;
  /** The header's back button: the institutions again. */
  back(): void;
  close(): void;
}

export function useConnectFlow(params: Params, config: PageConfig): { state: FlowState; actions: FlowActions } {
  const t = useMemo(() => translator(params.language), [params.language]);
  const api = useMemo(() => new ConnectApi(params.customerId, params.authorizeToken), [params]);
  const [state, dispatch] = useReducer(flowReducer, initialFlow);

  /** The session, read by async handlers (state would be stale inside them). */
  const s = useRef({
    institution: null as Inst | null,
    requestId: null as string | null,
    loginId: null as string | null,
    failures: 0,
    round: 0,
    list: null as Promise<Inst[]> | null,
    /** Every institution the API listed, the sandbox one included even without demo (a resumed session names it). */
    all: [] as Inst[],
    /** Institutions reached through their own consent page (FDX providers: AuthorizationType OAuth). */
    oauth: new Set<number>(),
    /** The pop-up holding a provider's consent pages, while it is open. */
    popup: null as Window | null,
  }).current;

  const show = useCallback((screen: Screen) => dispatch({ type: 'show', screen }), []);
  const chooseInst = (i: Inst | null) => {
    s.institution = i;
    dispatch({ type: 'chosen', institution: i });
  };
  const instCode = () => s.institution?.code ?? null;
  const instName = () => s.institution?.name ?? '';

  // ---- institutions --------------------------------------------------------------------------

  /** GET /Institutions: the selector's list (see selectorList). */
  const loadInstitutions = useCallback(async (): Promise<Inst[]> => {
    const a = await api.institutions().catch((err) => {
      if (err instanceof NetworkError) return { status: 0, body: { FlinksCode: 'NETWORK' } } as Answer;
      throw err;
    });
    if (a.status !== 200 || !Array.isArray(a.body?.Data)) throw a;
    s.all = (a.body.Data as FlinksInstitution[]).map((f) => toInst(f, config.institutions[String(f.Id)], params.language));
    s.oauth = new Set((a.body.Data as (FlinksInstitution & { AuthorizationType?: string })[]).filter((f) => f.AuthorizationType === 'OAuth').map((f) => f.Id));
    const list = selectorList(s.all, params.demo);
    dispatch({ type: 'listed', institutions: list });
    return list;
  }, [api, params.demo, params.language, config]);

  const failScreen = (code: string, actions: ErrorAction[]) =>
    show({ kind: 'error', title: errorTitle(code), message: errorMessage(t, code, instName()), actions });

  // ---- screens that post a load event ---------------------------------------------------------

  const showConsent = () => {
    show({ kind: 'consent' });
    post('COMPONENT_LOAD_CONSENT');
  };

  const showSelector = async () => {
    show({ kind: 'loading', message: 'loadingInstitutions' });
    try {
      s.list ??= loadInstitutions();
      await s.list;
    } catch (a) {
      s.list = null;
      const code = codeOf(a as Answer);
      postFlinksCode(code, null, null);
      return failScreen(code, ['reload']);
    }
    show({ kind: 'institutions' });
    post('COMPONENT_LOAD_INSTITUTION_SELECTOR');
  };

  const showCredentials = () => {
    show({ kind: 'credentials', error: null, attempt: 0 });
    post('COMPONENT_LOAD_CREDENTIAL', { institution: instCode() });
  };

  /** The institution is chosen: its own consent page (OAuth), the choice of Upload's primary mode, or its login. */
  const toLogin = (i: Inst) => {
    if (s.oauth.has(i.id)) return void toProvider(i);
    if (params.uploadMode === 'primary') {
      show({ kind: 'method' });
      return post('COMPONENT_LOAD_UPLOAD_CHOICE', { institution: i.code });
    }
    showCredentials();
  };

  /** The upload step, chosen in Upload's primary or fallback mode (`reason` says from where). */
  const showUpload = (reason: UploadReason) => {
    post('COMPONENT_SELECT_UPLOAD', { reason, institution: instCode() });
    dispatch({ type: 'upload' });
  };

  /** From the upload step back to the bank login: the chosen institution's, or the selector. */
  const backToLogin = () => {
    s.requestId = null;
    s.failures = 0;
    return s.institution ? showCredentials() : showSelector();
  };

  const showMfa = (challenges: Challenge[]) => {
    s.round += 1;
    show({ kind: 'mfa', challenges, round: s.round, error: null, attempt: 0 });
    post('COMPONENT_LOAD_MFA', { mfaTypes: [...new Set(challenges.map((c) => c.Type))], institution: instCode() });
  };

  /** After the consent (or without one): the upload step, the preselected institution, or the selector. */
  const afterConsent = async () => {
    if (params.uploadMode === 'only') return dispatch({ type: 'upload' });
    if (params.institutionId !== null) {
      show({ kind: 'loading', message: 'loading' });
      const list = await (s.list ??= loadInstitutions()).catch(() => null);
      s.list = list ? Promise.resolve(list) : null;
      const pre = list?.find((i) => i.id === params.institutionId);
      if (pre?.enabled) {
        chooseInst(pre);
        return toLogin(pre);
      }
    }
    return showSelector();
  };

  // ---- API answers ---------------------------------------------------------------------------------

  const retryOrMax = (): boolean => {
    s.failures += 1;
    if (params.maximumRetry !== null && s.failures >= params.maximumRetry) {
      post('MAX_INVALID', { institution: instCode(), requestId: s.requestId });
      show({ kind: 'max' });
      return true;
    }
    return false;
  };

  const failure = async (a: Answer, from: 'credentials' | 'mfa' | 'resume') => {
    const code = codeOf(a);
    postFlinksCode(code, s.requestId, instCode());
    const refusal = refusalOf(code, from, typeof a.body?.RequestId === 'string', s.institution !== null);
    if (refusal.kind === 'retry' && from === 'credentials') {
      if (retryOrMax()) return;
      dispatch({ type: 'credentialsRefused', error: errorMessage(t, code, instName()) });
      post('COMPONENT_LOAD_CREDENTIAL_RETRY', { institution: instCode() });
      return;
    }
    if (refusal.kind === 'retry') {
      if (retryOrMax()) return;
      // The session may have ended (too many wrong answers): ask it where it stands.
      const now = s.requestId ? await api.authorizeAsync(s.requestId).catch(() => null) : null;
      if (now?.status === 203 && Array.isArray(now.body.SecurityChallenges)) {
        dispatch({ type: 'mfaRefused', challenges: now.body.SecurityChallenges as Challenge[], round: s.round, error: errorMessage(t, code, instName()) });
        post('COMPONENT_LOAD_MFA_RETRY', { institution: instCode() });
        return;
      }
      return show({ kind: 'error', title: 'e_SESSION_ENDED_title', message: t('e_SESSION_ENDED'), actions: ['login'] });
    }
    if (refusal.kind === 'institutionRefused') {
      return show({ kind: 'error', title: 'errorTitle', message: t('e_UNAUTHORIZED_INSTITUTION', { institution: instName() }), actions: refusal.actions });
    }
    return failScreen(code, refusal.actions);
  };

  const callAuthorize = async (body: Record<string, unknown>): Promise<Answer> => {
    try {
      return await api.authorize(body);
    } catch {
      return { status: 0, body: { FlinksCode: 'NETWORK' } };
    }
  };

  const handle = async (a: Answer, from: 'credentials' | 'mfa' | 'resume') => {
    if (typeof a.body?.RequestId === 'string') s.requestId = a.body.RequestId;
    if (a.status === 200) return connected(a.body);
    if (a.status === 203 && Array.isArray(a.body?.SecurityChallenges)) return showMfa(a.body.SecurityChallenges);
    return failure(a, from);
  };

  // ---- steps ------------------------------------------------------------------------------------------

  const submitCredentials = async (username: string, password: string) => {
    post('SUBMIT_CREDENTIAL', { institution: instCode() });
    dispatch({ type: 'busy' });
    s.round = 0;
    await handle(await callAuthorize(credentialsBody(params, instCode(), username, password)), 'credentials');
  };

  const submitMfa = async (responses: Record<string, string[]>) => {
    post('SUBMIT_MFA', { institution: instCode() });
    dispatch({ type: 'busy' });
    await handle(await callAuthorize({ RequestId: s.requestId, SecurityResponses: responses }), 'mfa');
  };

  /** `requestId`: a session waiting for MFA (a live refresh started by the application), resumed here. */
  const resume = async (requestId: string) => {
    show({ kind: 'loading', message: 'resuming' });
    s.requestId = requestId;
    s.list = loadInstitutions();
    s.list.catch(() => null);
    let a: Answer;
    const until = Date.now() + 60_000;
    for (;;) {
      a = await api.authorizeAsync(requestId).catch(() => ({ status: 0, body: { FlinksCode: 'NETWORK' } }) as Answer);
      if (a.status !== 202 || Date.now() > until) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const code = typeof a.body?.Institution === 'string' ? a.body.Institution : null;
    if (code) {
      await s.list.catch(() => [] as Inst[]);
      const entry = Object.entries(config.institutions).find(([, v]) => v.code.toLowerCase() === code.toLowerCase());
      chooseInst(s.all.find((i) => i.code.toLowerCase() === code.toLowerCase()) ?? { id: entry ? Number(entry[0]) : 0, code, name: code, sandbox: entry?.[1].sandbox ?? false, country: 'CA', enabled: true });
    }
    await handle(a, 'resume');
  };

  const connected = async (body: any) => {
    s.loginId = body?.Login?.Id ?? null;
    if (typeof body?.Institution === 'string' && s.institution) chooseInst({ ...s.institution, code: body.Institution });
    if (params.enhancedMFA && s.loginId) {
      show({ kind: 'loading', message: 'finishing' });
      const q = await api.mfaQuestions(s.loginId).catch(() => null);
      const questions = q?.status === 200 && Array.isArray(q.body?.Questions) ? (q.body.Questions as { Question: string }[]).map((x) => x.Question) : [];
      if (questions.length > 0) {
        post('ENHANCED_MFA_HAS_QUESTIONS', { institution: instCode() });
        return show({ kind: 'enhanced', questions, error: null });
      }
      post('ENHANCED_MFA_NO_QUESTIONS', { institution: instCode() });
    }
    return afterEnhanced();
  };

  const submitEnhanced = async (answers: { Question: string; Answer: string }[]) => {
    post('SUBMIT_ANSWER_MFA_QUESTIONS', { institution: instCode() });
    dispatch({ type: 'busy' });
    const a = await api.answerMfaQuestions(s.loginId!, answers).catch(() => ({ status: 0, body: { FlinksCode: 'NETWORK' } }) as Answer);
    if (a.status !== 200) {
      return show({ kind: 'enhanced', questions: answers.map((x) => x.Question), error: errorMessage(t, codeOf(a), instName()) });
    }
    return afterEnhanced();
  };

  const skipEnhanced = () => {
    post('SKIP_ENHANCED_MFA', { institution: instCode() });
    return afterEnhanced();
  };

  const afterEnhanced = async () => (params.accountSelectorEnable ? loadAccounts() : finish([]));

  /** The accounts of the new session (GetAccountsSummary with its RequestId, polled while aggregating). */
  const loadAccounts = async () => {
    show({ kind: 'loading', message: 'fetchingAccounts' });
    const a = await api.accountsSummary(s.requestId!).catch(() => ({ status: 0, body: { FlinksCode: 'NETWORK' } }) as Answer);
    if (a.status !== 200 || !Array.isArray(a.body?.Accounts)) {
      const code = codeOf(a);
      postFlinksCode(code, s.requestId, instCode());
      return failScreen(code, ['accounts']);
    }
    const all = a.body.Accounts as Account[];
    const shown = shownAccounts(all, params);
    show({ kind: 'accounts', accounts: shown });
    post('COMPONENT_LOAD_ACCOUNT_SELECTION', { totalAccounts: all.length, displayedAccounts: shown.length, institution: instCode() });
  };

  /** The upload step's documents were read: the new login finishes like a connected one. */
  const uploaded = (r: UploadResult) => {
    s.loginId = r.loginId;
    s.requestId = r.requestId;
    if (r.institution) chooseInst(s.all.find((i) => i.code.toLowerCase() === r.institution!.toLowerCase()) ?? { id: 0, code: r.institution, name: r.institution, sandbox: false, country: 'CA', enabled: true });
    finish([]);
  };

  const chooseAccounts = (ids: string[]) => {
    for (const id of ids) post('ACCOUNT_SELECTED', { accountId: id, institution: instCode() });
    finish(ids);
  };

  /** REDIRECT: the event always; the navigation unless jsRedirect (top window, or this frame with innerRedirect). */
  const finish = (accountIds: string[]) => {
    const { href, navigating, event } = redirectOf(params, window.location.origin, { loginId: s.loginId, requestId: s.requestId, institution: instCode() }, accountIds);
    post('REDIRECT', event);
    show({ kind: 'success', url: href, navigating });
    if (navigating) {
      // A moment for the success screen and for the parent to take the event.
      setTimeout(() => {
        try {
          if (params.innerRedirect || window.top === window) window.location.assign(href);
          else window.top!.location.href = href;
        } catch {
          // A browser refusing the navigation: the screen keeps a link.
        }
      }, 250);
    }
  };

  // ---- header actions -------------------------------------------------------------------------------

  const close = () => {
    post('COMPONENT_CLOSE_SESSION', { institution: instCode() });
    show({ kind: 'closed' });
  };

  const chooseInstitution = (i: Inst) => {
    chooseInst(i);
    post('INSTITUTION_SELECTED', { institution: i.code });
    if (!i.enabled) {
      postFlinksCode('DISABLED_INSTITUTION', null, i.code);
      return failScreen('DISABLED_INSTITUTION', ['institutions']);
    }
    toLogin(i);
  };

  /**
   * An OAuth institution (an FDX provider): the person consents on the provider's own pages, which
   * refuse to be framed. Framed, they open in a pop-up, as Flinks's OAuth institutions do: this frame
   * keeps its events and its redirect, and the pop-up hands the answer back (providerWindow=1). Not
   * framed, with innerRedirect, or with the pop-up blocked: in this window, which comes back with the
   * session's requestId.
   */
  const toProvider = async (i: Inst) => {
    // Opened at once, inside the click: a pop-up opened after an await is blocked.
    const popup = window.top !== window && !params.innerRedirect ? window.open('', 'maplelink-provider', 'popup,width=500,height=760') : null;
    show({ kind: 'loading', message: 'toProvider', vars: { institution: i.name } });
    const back = new URL(window.location.href);
    for (const k of ['requestId', 'oauthError', 'providerWindow']) back.searchParams.delete(k);
    back.searchParams.set('providerConsent', String(i.id));
    if (popup) back.searchParams.set('providerWindow', '1');
    const body = { Institution: i.code, ReturnUrl: back.pathname + back.search, Save: true, Language: params.language, ...(params.tag ? { Tag: params.tag } : {}), ...(params.scheduleRefresh ? { ScheduleRefresh: true } : {}) };
    const a = await api.oauthAuthorize(body).catch(() => ({ status: 0, body: { FlinksCode: 'NETWORK' } }) as Answer);
    if (a.status !== 200 || typeof a.body?.RedirectUrl !== 'string') {
      popup?.close();
      postFlinksCode(codeOf(a), null, i.code);
      return failScreen(codeOf(a), ['institutions']);
    }
    if (popup && !popup.closed) {
      popup.location.href = a.body.RedirectUrl;
      return awaitProvider(popup, i);
    }
    try {
      if (params.innerRedirect || window.top === window) window.location.assign(a.body.RedirectUrl);
      else window.top!.location.href = a.body.RedirectUrl;
    } catch {
      window.location.assign(a.body.RedirectUrl);
    }
  };

  /** While the provider's pop-up is open: its answer resumes the session here; closing it early ends the attempt. */
  const awaitProvider = (popup: Window, i: Inst) => {
    s.popup = popup;
    show({ kind: 'provider' });
    let closedSince = 0;
    const stop = () => {
      window.removeEventListener('message', onMessage);
      clearInterval(watch);
      s.popup = null;
    };
    const onMessage = (e: MessageEvent) => {
      const data = e.data as { maplelink?: string; requestId?: unknown } | null;
      if (e.origin !== window.location.origin || e.source !== popup || data?.maplelink !== 'provider-return') return;
      stop();
      if (typeof data.requestId === 'string' && data.requestId) {
        post('COMPONENT_ACCEPT_PROVIDER_CONSENT');
        return void resume(data.requestId);
      }
      show({ kind: 'error', title: 'e_PROVIDER_DENIED_title', message: t('e_PROVIDER_DENIED'), actions: ['institutions'] });
    };
    // The pop-up closes itself right after its message: a closed window is an early close only after a grace period.
    const watch = setInterval(() => {
      if (!popup.closed) return;
      closedSince ||= Date.now();
      if (Date.now() - closedSince < 1500) return;
      stop();
      show({ kind: 'error', title: 'e_PROVIDER_CLOSED_title', message: t('e_PROVIDER_CLOSED', { institution: i.name }), actions: ['institutions'] });
    }, 250);
    window.addEventListener('message', onMessage);
  };

  const errorAction = (action: ErrorAction) => {
    switch (action) {
      case 'institutions':
        chooseInst(null);
        return void showSelector();
      case 'credentials':
      case 'login':
        s.requestId = null;
        return showCredentials();
      case 'reload':
        return void (s.institution && params.uploadMode !== 'only' ? showCredentials() : afterConsent());
      case 'accounts':
        return void loadAccounts();
    }
  };

  // ---- start -----------------------------------------------------------------------------------------

  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const query = new URLSearchParams(window.location.search);
    if (query.get('providerWindow') === '1' && window.opener && !window.opener.closed) {
      // This window is a provider's pop-up, back from its consent: the answer goes to the widget that opened it.
      try {
        window.opener.postMessage({ maplelink: 'provider-return', requestId: query.get('requestId'), oauthError: query.get('oauthError') }, window.location.origin);
      } catch {
        // The opener navigated away: nothing to hand the answer to.
      }
      show({ kind: 'providerDone' });
      window.close();
      return;
    }
    post('APP_MOUNTED');
    const online = () => post('APP_ONLINE');
    const offline = () => post('APP_OFFLINE');
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
    if (params.successPage) {
      // The landing page of a redirect without redirectUrl: nothing left to do.
      show({ kind: 'success', url: window.location.href, navigating: false });
    } else if (new URLSearchParams(window.location.search).get('oauthError')) {
      // Back from a provider's consent page without a consent.
      s.list = loadInstitutions();
      s.list.catch(() => null);
      show({ kind: 'error', title: 'e_PROVIDER_DENIED_title', message: t('e_PROVIDER_DENIED'), actions: ['institutions'] });
    } else if (params.requestId) {
      if (new URLSearchParams(window.location.search).get('providerConsent')) post('COMPONENT_ACCEPT_PROVIDER_CONSENT');
      void resume(params.requestId);
    } else {
      // Fetched while the consent is read.
      s.list = loadInstitutions();
      s.list.catch(() => null);
      if (params.consentEnable) showConsent();
      else void afterConsent();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Fallback mode: the idle clock of the login form, restarted by every key and click.
  const onLoginForm = params.uploadMode === 'fallback' && state.screen.kind === 'credentials' && !state.idle;
  useEffect(() => {
    if (!onLoginForm) return;
    let timer = setTimeout(() => dispatch({ type: 'idle' }), IDLE_FALLBACK_MS);
    const restart = () => {
      clearTimeout(timer);
      timer = setTimeout(() => dispatch({ type: 'idle' }), IDLE_FALLBACK_MS);
    };
    window.addEventListener('keydown', restart, true);
    window.addEventListener('pointerdown', restart, true);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('keydown', restart, true);
      window.removeEventListener('pointerdown', restart, true);
    };
  }, [onLoginForm]);

  const actions: FlowActions = {
    t,
    acceptConsent: () => {
      post('COMPONENT_ACCEPT_CONSENT');
      void afterConsent();
    },
    declineConsent: () => {
      post('COMPONENT_DENY_CONSENT');
      show({ kind: 'declined' });
    },
    clickTerms: () => post('COMPONENT_CLICK_TERMS_URL'),
    showConsent,
    chooseInstitution,
    showCredentials,
    submitCredentials,
    submitMfa,
    submitEnhanced,
    skipEnhanced,
    chooseAccounts,
    showUpload,
    uploaded,
    backToLogin: () => void backToLogin(),
    focusProvider: () => s.popup?.focus(),
    errorAction,
    startAgain: () => void (s.institution ? showCredentials() : params.consentEnable ? showConsent() : afterConsent()),
    back: () => {
      chooseInst(null);
      void showSelector();
    },
    close,
  };
  return { state, actions };
}
