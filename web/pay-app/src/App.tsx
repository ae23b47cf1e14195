/**
 * The hosted payment flow: consent → bank connection (the Connect widget in a
 * frame) → account → amount → guarantee offer (GEFT) → review → PAD → done; or,
 * for e-Transfer, consent → the Interac request for money. The server's session
 * decides the screen (its status and step); this app only shows it, sends the
 * payor's answers and posts the front-end events to the embedding page.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, PayApi, type AccountChoice, type View } from './api.ts';
import { post, postOnce } from './events.ts';
import { formatMoney, translator, type Language, type StringKey } from './i18n.ts';
import { AccountsScreen, AmountScreen, BankScreen, ConsentScreen, GuaranteeScreen, InteracReviewScreen, InteracSentScreen, PadScreen, ReviewScreen } from './screens.tsx';
import { Button, Icon, Loading, Message, UiContext } from './ui.tsx';
import { FocusArmed, useFocusArmed } from '../../shared/focus.tsx';
import { localeOf } from '../../shared/i18n.ts';

/** Screens of the app alone (the session does not change for them). */
type Local = 'consentDeclined' | 'padWarning' | 'closeConfirm' | 'closed' | null;

/** FlinksCodes of the Connect widget that are a refused login: counted by the session (three fail it). */
const LOGIN_FAILURES = new Set(['INVALID_LOGIN', 'INVALID_USERNAME', 'INVALID_PASSWORD', 'INVALID_SECURITY_RESPONSE', 'MAX_INVALID']);
const EFT_STEPS: View['step'][] = ['Consent', 'BankSelection', 'AccountSelection', 'AmountSelection', 'GuaranteeOffer', 'Review', 'Pad'];

export function App({ sessionId, initialLanguage }: { sessionId: string | null; initialLanguage: Language }) {
  const api = useMemo(() => (sessionId ? new PayApi(sessionId) : null), [sessionId]);
  const [view, setView] = useState<View | null>(null);
  const [fatal, setFatal] = useState<'notFound' | 'network' | null>(sessionId ? null : 'notFound');
  const [lang, setLang] = useState<Language>(initialLanguage);
  const [chosenLang, setChosenLang] = useState(false);
  const [local, setLocal] = useState<Local>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const focusArmed = useFocusArmed();
  const [widgetUrl, setWidgetUrl] = useState<string | null>(null);
  const [linking, setLinking] = useState(false);
  const [accounts, setAccounts] = useState<AccountChoice[] | null>(null);
  const [padLines, setPadLines] = useState<string[] | null>(null);
  const frameRef = useRef<HTMLIFrameElement>(null);
  const viewRef = useRef<View | null>(null);
  viewRef.current = view;
  const t = useMemo(() => translator(lang), [lang]);

  const show = useCallback((v: View) => {
    setView(v);
    if (!chosenLang) setLang(v.language);
  }, [chosenLang]);

  /** Runs an action of the session; a refused one (409: the session moved on) reloads the session instead. */
  const act = useCallback(async (action: string, body: Record<string, unknown> = {}): Promise<View | null> => {
    if (!api) return null;
    setBusy(true);
    setError(null);
    try {
      const v = await api.act(action, body);
      show(v);
      return v;
    } catch (err) {
      const e = err as ApiError;
      if (e.status === 0) setFatal('network');
      else if (e.status === 404) setFatal('notFound');
      else {
        if (e.status === 409) await api.view().then(show).catch(() => null);
        setError(e.detail);
      }
      return null;
    } finally {
      setBusy(false);
    }
  }, [api, show]);

  // ---- start ------------------------------------------------------------------------------------

  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    post('APP_MOUNTED');
    if (!api) return;
    void (async () => {
      try {
        let v = await api.view();
        show(v);
        if (v.status === 'Initiated') v = (await act('start')) ?? v;
        if (v.kind === 'e-Transfer') postOnce('APP_INITIATED');
        else if (!v.showConsent) postOnce('CONSENT_DISABLED');
      } catch (err) {
        setFatal((err as ApiError).status === 404 ? 'notFound' : 'network');
      }
    })();
  }, [api, act, show]);

  useEffect(() => {
    document.documentElement.lang = localeOf(lang);
    document.title = t('documentTitle');
  }, [lang, t]);

  // ---- the bank connection (Connect widget frame) --------------------------------------------------

  const atBank = view?.status === 'InProgress' && (view.step === 'BankSelection' || view.step === 'BankConnection');
  useEffect(() => {
    if (!atBank || widgetUrl || !api) return;
    api.connectUrl().then(setWidgetUrl).catch((e: ApiError) => setError(e.detail));
  }, [atBank, widgetUrl, api]);

  useEffect(() => {
    if (!atBank) return;
    const onMessage = (e: MessageEvent) => {
      if (e.source !== frameRef.current?.contentWindow || e.origin !== window.location.origin) return;
      const data = (typeof e.data === 'string' ? JSON.parse(e.data) : e.data) as { step?: string; institution?: string; loginId?: string; requestId?: string; flinksCode?: string };
      const step = data?.step;
      if (!step) return;
      if (step === 'INSTITUTION_SELECTED') {
        post('INSTITUTION_SELECTED', { institution: data.institution ?? null });
        void act('institution');
      } else if (step === 'SUBMIT_CREDENTIAL' || step === 'SUBMIT_MFA') {
        post(step, { institution: data.institution ?? null });
      } else if (LOGIN_FAILURES.has(step)) {
        void act('login-failure', { code: step });
      } else if (step === 'REDIRECT' && data.loginId && data.requestId) {
        setLinking(true);
        void act('linked', { loginId: data.loginId, requestId: data.requestId }).finally(() => setLinking(false));
      }
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, [atBank, act]);

  // ---- accounts (polled while the bank data is retrieved) ----------------------------------------------

  const atAccounts = view?.status === 'InProgress' && view.step === 'AccountSelection';
  useEffect(() => {
    if (!atAccounts || !api) return;
    let stop = false;
    setAccounts(null);
    const poll = async () => {
      while (!stop) {
        try {
          const r = await api.accounts();
          if (r) {
            if (r.session) show(r.session);
            else setAccounts(r.accounts);
            return;
          }
        } catch (e) {
          setError((e as ApiError).detail);
          return;
        }
        await new Promise((res) => setTimeout(res, 400));
      }
    };
    void poll();
    return () => {
      stop = true;
    };
  }, [atAccounts, api, show]);

  // ---- the PAD text -------------------------------------------------------------------------------------

  const atPad = view?.status === 'InProgress' && view.step === 'Pad';
  useEffect(() => {
    if (!atPad || !api) return;
    api.pad(lang).then(setPadLines).catch((e: ApiError) => setError(e.detail));
  }, [atPad, api, lang]);

  // ---- waiting for someone else (the client's guarantee decision, the payor's bank) ------------------

  const waiting = view && ((view.status === 'InProgress' && view.guarantee?.awaitingClient) || (view.kind === 'e-Transfer' && view.interac && ['Sent', 'Accepted', 'Processed'].includes(view.interac.status)));
  useEffect(() => {
    if (!waiting || !api) return;
    const timer = setInterval(() => {
      api.view().then(show).catch(() => null);
    }, 1500);
    return () => clearInterval(timer);
  }, [waiting, api, show]);

  // ---- events of the states reached ----------------------------------------------------------------------

  useEffect(() => {
    if (!view) return;
    const amount = view.amount;
    if (view.status === 'InProgress' && view.step === 'GuaranteeOffer' && view.guarantee?.offered && !view.guarantee.awaitingClient) {
      postOnce('GUARANTEE_OFFERED', { amount: view.guarantee.offeredAmount, requestedAmount: view.guarantee.requestedAmount, nextBestOffer: view.guarantee.nextBestOffer });
    }
    if (view.kind === 'e-Transfer' && view.step === 'Review' && view.status === 'InProgress') postOnce('CONFIRMATION');
    if (view.status === 'Failed' && (view.statusDetails === 'EFT0402' || view.statusDetails === 'EFT0404')) postOnce('GUARANTEE_FAILED', { statusDetails: view.statusDetails });
    const succeeded = view.kind === 'e-Transfer'
      ? view.interac !== null && ['Accepted', 'Processed', 'Settled'].includes(view.interac.status)
      : view.status === 'Completed' && view.statusDetails === 'EFT0301';
    if (succeeded) {
      postOnce('SUCCESS', { amount, referenceId: view.referenceId, paymentRequestId: view.paymentRequest?.id ?? null });
      if (view.redirect.mode === 'Redirect' && view.redirect.urlSuccess) navigateTop(view.redirect.urlSuccess, view.sessionId);
    }
  }, [view]);

  // ---- actions ------------------------------------------------------------------------------------------------

  const exitToClient = (step: string, data: Record<string, unknown> = {}) => {
    post(step, data);
    const v = viewRef.current;
    if (v?.redirect.mode === 'Redirect' && v.redirect.urlExit) navigateTop(v.redirect.urlExit, v.sessionId);
  };

  const chooseAccount = async (id: string) => {
    const v = await act('account', { accountId: id });
    if (v) post('ACCOUNT_SELECTED', { account: v.account?.label ?? null });
  };

  const chooseAmount = async (amount: number | null) => {
    post('COMPONENT_DEPOSIT_CONTINUE', { amount: amount ?? viewRef.current?.amount ?? null });
    await act('amount', amount === null ? {} : { amount });
  };

  const guarantee = async (choice: 'accept' | 'otherFunding' | 'returnToClient') => {
    const v = await act('guarantee', { choice });
    if (!v) return;
    if (choice === 'otherFunding') exitToClient('COMPONENT_OTHER_FUNDING_OPTIONS_SELECTED');
    if (choice === 'returnToClient') exitToClient('COMPONENT_NBO_RETURN_TO_CLIENT_SELECTED');
  };

  const sign = async (signature: string) => {
    const v = await act('pad', { signature, agree: true });
    if (v) postOnce('COMPONENT_PAD_DOWNLOADED', { signed: true }, 'pad-signed');
  };

  const leavePad = async () => {
    const v = await act('exit');
    setLocal(null);
    if (v) exitToClient('COMPONENT_PAD_WARNING_SCREEN_EXIT');
  };

  const closeAttempt = () => {
    post('CLOSE_ATTEMPT');
    post('CANCEL_CONFIRMATION');
    setLocal('closeConfirm');
  };

  // ---- render -------------------------------------------------------------------------------------------------------

  const customer = view?.customerName ?? t('someone');
  let body: React.ReactNode;
  if (fatal === 'notFound') body = <Message title={t('notFoundTitle')} text={t('notFoundText', { customer })} icon="warning" tone="danger" />;
  else if (fatal === 'network') body = <Message title={t('networkTitle')} text={t('networkText')} icon="warning" tone="danger"><Button onClick={() => window.location.reload()}>{t('tryAgain')}</Button></Message>;
  else if (!view) body = <Loading message={t('loading')} />;
  else if (local === 'closed') body = <Message title={t('closedTitle')} text={t('closedText')} icon="close" />;
  else if (local === 'closeConfirm') {
    body = (
      <Message title={t('closeTitle')} text={t('closeText')} icon="warning">
        <Button onClick={() => { setLocal('closed'); exitToClient('CLOSE'); }}>{t('closeConfirm')}</Button>
        <Button variant="secondary" onClick={() => { post('BACK'); setLocal(null); }}>{t('closeBack')}</Button>
      </Message>
    );
  } else if (local === 'consentDeclined') {
    body = <Message title={t('consentDeclinedTitle')} text={t('consentDeclinedText')} icon="close"><Button onClick={() => setLocal(null)}>{t('startAgain')}</Button></Message>;
  } else if (local === 'padWarning' && view.step === 'Pad' && view.status === 'InProgress') {
    body = (
      <Message title={t('warningTitle')} text={t('warningText')} icon="warning" tone="danger">
        <Button busy={busy} onClick={() => void leavePad()}>{t('warningLeave')}</Button>
        <Button variant="secondary" disabled={busy} onClick={() => setLocal(null)}>{t('warningBack')}</Button>
      </Message>
    );
  } else body = screenOf(view);

  function screenOf(v: View): React.ReactNode {
    const money = (n: number | null) => formatMoney(n, lang);
    if (v.kind === 'e-Transfer' && v.interac) {
      switch (v.interac.status) {
        case 'Sent':
          return <InteracSentScreen view={v} />;
        case 'Accepted':
        case 'Processed':
        case 'Settled':
          return <Message title={t('interacAcceptedTitle')} text={t('interacAcceptedText', { amount: money(v.amount), customer: v.customerName })} icon="check" tone="success" />;
        case 'Declined':
          return <Message title={t('interacDeclinedTitle')} text={t('interacDeclinedText')} icon="close" tone="danger" />;
        case 'Expired':
          return <Message title={t('interacExpiredTitle')} text={t('interacExpiredText')} icon="warning" tone="danger" />;
        case 'Cancelled':
          return <Message title={t('interacCancelledTitle')} text={t('interacCancelledText', { customer: v.customerName })} icon="close" tone="danger" />;
        default:
          return <Message title={t('interacFailedTitle')} text={t('interacFailedText')} icon="warning" tone="danger" />;
      }
    }
    switch (v.status) {
      case 'Completed':
        if (v.statusDetails === 'EFT0302') return <Message title={t('leftTitle')} text={t('leftText')} icon="close" />;
        return (
          <Message title={t('doneTitle')} text={t('doneText', { amount: money(v.amount), account: v.account?.label ?? '', customer: v.customerName })} icon="check" tone="success">
            {v.paymentRequest && <p className="status">{t('doneRef', { id: v.paymentRequest.referenceNumber })}</p>}
            <p className="status" role="status">{v.redirect.mode === 'Redirect' && v.redirect.urlSuccess ? t('redirecting', { customer: v.customerName }) : t('doneClose')}</p>
          </Message>
        );
      case 'Failed': {
        const key = (['EFT0401', 'EFT0402', 'EFT0403', 'EFT0404'].includes(v.statusDetails) ? v.statusDetails : 'EFT0402') as StringKey;
        return (
          <Message title={t('failedTitle')} text={t(key, { customer: v.customerName })} icon="warning" tone="danger">
            {(v.statusDetails === 'EFT0402' || v.statusDetails === 'EFT0404') && <Button onClick={() => exitToClient('COMPONENT_OTHER_FUNDING_OPTIONS_SELECTED')}>{t('otherFunding')}</Button>}
          </Message>
        );
      }
      case 'Canceled':
        return <Message title={t('canceledTitle')} text={t('canceledText', { customer: v.customerName })} icon="close" tone="danger" />;
      case 'Expired':
        return <Message title={t('expiredTitle')} text={t('expiredText', { customer: v.customerName })} icon="warning" tone="danger" />;
      case 'Initiated':
        return <Loading message={t('loading')} />;
    }
    switch (v.step) {
      case 'Consent':
        return <ConsentScreen view={v} busy={busy} onAccept={() => void act('consent')} onDecline={() => setLocal('consentDeclined')} />;
      case 'BankSelection':
      case 'BankConnection':
        return <BankScreen view={v} widgetUrl={widgetUrl} frameRef={frameRef} linking={linking} error={error} />;
      case 'AccountSelection':
        return <AccountsScreen accounts={accounts} busy={busy} error={error} onChoose={(id) => void chooseAccount(id)} />;
      case 'AmountSelection':
        return <AmountScreen view={v} busy={busy} error={error} onSubmit={(a) => void chooseAmount(a)} />;
      case 'GuaranteeOffer':
        return <GuaranteeScreen view={v} busy={busy} onAccept={() => void guarantee('accept')} onOther={() => void guarantee('otherFunding')} onReturn={() => void guarantee('returnToClient')} />;
      case 'Review':
        return v.kind === 'e-Transfer'
          ? <InteracReviewScreen view={v} busy={busy} error={error} onSend={() => void act('interac')} />
          : <ReviewScreen view={v} busy={busy} error={error} onConfirm={() => void act('review')} />;
      case 'Pad':
        return <PadScreen view={v} lines={padLines} busy={busy} error={error} downloadUrl={api!.padDownloadUrl(lang)}
          onDownload={() => postOnce('COMPONENT_PAD_DOWNLOADED', { downloaded: true }, 'pad-downloaded')} onSign={(s) => void sign(s)} onExit={() => setLocal('padWarning')} />;
      default:
        return <Loading message={t('loading')} />;
    }
  }

  const open = view !== null && view.status === 'InProgress' && local !== 'closed';
  const stepIndex = view && view.kind !== 'e-Transfer' && open ? EFT_STEPS.indexOf(view.step === 'BankConnection' ? 'BankSelection' : view.step) : -1;
  const total = view ? EFT_STEPS.filter((s) => (s !== 'Consent' || view.showConsent) && (s !== 'GuaranteeOffer' || view.kind === 'GEFT')).length : 0;
  const position = view && stepIndex >= 0 ? EFT_STEPS.slice(0, stepIndex + 1).filter((s) => (s !== 'Consent' || view.showConsent) && (s !== 'GuaranteeOffer' || view.kind === 'GEFT')).length : 0;
  const ui = useMemo(() => ({ t, lang }), [t, lang]);

  return (
    <UiContext.Provider value={ui}>
      <FocusArmed.Provider value={focusArmed}>
      <div className="app">
        <header className="header">
          <p className="header-title">{view ? view.customerName : ''}</p>
          <div className="header-actions">
            <button type="button" className="lang-btn" lang={lang === 'fr' ? 'en' : 'fr'} aria-label={t('switchLanguageLabel')} onClick={() => { setChosenLang(true); setLang(lang === 'fr' ? 'en' : 'fr'); }}>
              <Icon name="globe" /><span>{t('switchLanguage')}</span>
            </button>
            {open && local === null && (
              <button type="button" className="icon-btn" aria-label={t('close')} onClick={closeAttempt}><Icon name="close" /></button>
            )}
          </div>
        </header>
        {position > 0 && (
          <div className="progress" role="progressbar" aria-label={t('steps', { n: position, total })} aria-valuemin={1} aria-valuemax={total} aria-valuenow={position}>
            <span style={{ width: `${(position / total) * 100}%` }} />
          </div>
        )}
        <main className="main" aria-busy={busy || !view}>
          {body}
        </main>
        <footer className="footer">
          <Icon name="lock" />
          <span>{t('secured')}</span>
        </footer>
      </div>
      </FocusArmed.Provider>
    </UiContext.Provider>
  );
}

/** Sends the top window to a client URL (Redirect mode), with the sessionId; framed pages may be refused. */
function navigateTop(url: string, sessionId: string): void {
  try {
    const u = new URL(url);
    u.searchParams.set('sessionId', sessionId);
    setTimeout(() => {
      try {
        (window.top ?? window).location.href = u.toString();
      } catch {
        window.location.href = u.toString();
      }
    }, 400);
  } catch {
    // an invalid URL was refused at session creation; nothing to do
  }
}
