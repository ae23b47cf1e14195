/**
 * The screens of the hosted app. Each is a plain component: what it shows comes
 * from the session view, what it does goes back through callbacks (App.tsx
 * calls the API and posts the events).
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { AccountChoice, View } from './api.ts';
import { formatDate, formatMoney } from './i18n.ts';
import { Alert, Button, Heading, Icon, Loading, useUi } from './ui.tsx';

export function ConsentScreen({ view, busy, onAccept, onDecline }: { view: View; busy: boolean; onAccept: () => void; onDecline: () => void }) {
  const { t } = useUi();
  const customer = view.customerName;
  return (
    <section aria-labelledby="consent-title">
      <div className="hero"><Icon name="shield" /></div>
      <Heading id="consent-title">{t('consentTitle', { customer })}</Heading>
      <p className="lead">{t('consentIntro', { customer })}</p>
      <p className="subhead">{t('consentWhat')}</p>
      <ul className="checklist">
        <li><Icon name="bank" /><span>{t('consentConnect')}</span></li>
        <li><Icon name="check" /><span>{t('consentCheck')}</span></li>
        <li><Icon name="shield" /><span>{t('consentAgreement')}</span></li>
      </ul>
      <p className="note"><Icon name="lock" /><span>{t('consentPrivate', { customer })}</span></p>
      <div className="actions">
        <Button busy={busy} onClick={onAccept}>{t('consentAccept')}</Button>
        <Button variant="secondary" disabled={busy} onClick={onDecline}>{t('consentDecline')}</Button>
      </div>
    </section>
  );
}

/** The Connect widget (/v2/) in a frame of the same origin; App.tsx listens to its events. */
export function BankScreen({ view, widgetUrl, frameRef, linking, error }: { view: View; widgetUrl: string | null; frameRef: React.RefObject<HTMLIFrameElement | null>; linking: boolean; error: string | null }) {
  const { t } = useUi();
  return (
    <section aria-labelledby="bank-title">
      <Heading id="bank-title">{t('bankTitle')}</Heading>
      <p className="lead">{t('bankIntro', { customer: view.customerName })}</p>
      {view.sandboxLogin && <p className="hint">{t('sandboxLogin', { username: view.sandboxLogin.username, password: view.sandboxLogin.password })}</p>}
      {error && <Alert>{error}</Alert>}
      {linking && <Loading message={t('bankLinking')} />}
      {widgetUrl ? (
        <iframe ref={frameRef} className={`bank-frame${linking ? ' hidden' : ''}`} title={t('bankFrame')} src={widgetUrl} />
      ) : (
        !linking && <Loading message={t('loading')} />
      )}
    </section>
  );
}

export function AccountsScreen({ accounts, busy, error, onChoose }: { accounts: AccountChoice[] | null; busy: boolean; error: string | null; onChoose: (id: string) => void }) {
  const { t, lang } = useUi();
  const [chosen, setChosen] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);
  const errId = useId();
  useEffect(() => {
    if (accounts && accounts.length === 1) setChosen(accounts[0]!.id);
  }, [accounts]);
  if (accounts === null) return <Loading message={t('accountsLoading')} />;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!chosen) return setMissing(true);
    onChoose(chosen);
  };
  return (
    <section aria-labelledby="accounts-title">
      <Heading id="accounts-title">{t('accountsTitle')}</Heading>
      <p className="lead">{t('accountsIntro')}</p>
      {error && <Alert>{error}</Alert>}
      {accounts.length === 0 ? (
        <Alert>{t('accountsNone')}</Alert>
      ) : (
        <form onSubmit={submit} noValidate>
          <fieldset className="choices" aria-describedby={missing ? errId : undefined}>
            <legend className="visually-hidden">{t('accountsLegend')}</legend>
            {accounts.map((a) => (
              <label key={a.id} className={`choice${chosen === a.id ? ' chosen' : ''}`}>
                <input type="radio" name="account" value={a.id} checked={chosen === a.id} onChange={() => { setChosen(a.id); setMissing(false); }} />
                <span className="choice-text">
                  <span className="choice-title">{a.title} <span className="muted">{a.accountNumber}</span></span>
                  {a.availableBalance !== null && <span className="choice-sub">{t('available', { amount: formatMoney(a.availableBalance, lang) })}</span>}
                </span>
              </label>
            ))}
          </fieldset>
          {missing && <p className="field-error" id={errId}>{t('chooseAccount')}</p>}
          <div className="actions"><Button type="submit" busy={busy}>{t('continue')}</Button></div>
        </form>
      )}
    </section>
  );
}

const AMOUNT = /^\d{1,5}(?:[.,]\d{1,2})?$/;

export function AmountScreen({ view, busy, error, onSubmit }: { view: View; busy: boolean; error: string | null; onSubmit: (amount: number | null) => void }) {
  const { t, lang } = useUi();
  const [text, setText] = useState(view.amount !== null ? String(view.amount.toFixed(2)) : '');
  const [invalid, setInvalid] = useState(false);
  const inputId = useId();
  const hintId = useId();
  const errId = useId();
  const min = formatMoney(view.limits.minimumAmount, lang);
  const max = formatMoney(view.limits.maximumAmount, lang);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (view.amountLocked) return onSubmit(null);
    const clean = text.trim().replace(/\s|\$/g, '');
    const n = AMOUNT.test(clean) ? Number(clean.replace(',', '.')) : NaN;
    if (!Number.isFinite(n) || n < view.limits.minimumAmount || n > view.limits.maximumAmount) return setInvalid(true);
    onSubmit(n);
  };
  return (
    <section aria-labelledby="amount-title">
      <Heading id="amount-title">{t('amountTitle')}</Heading>
      <p className="lead">{t('amountIntro', { customer: view.customerName })}</p>
      {error && <Alert>{error}</Alert>}
      <form onSubmit={submit} noValidate>
        {view.amountLocked ? (
          <div className="locked" role="group" aria-labelledby={`${inputId}-l`}>
            <p className="locked-label" id={`${inputId}-l`}>{t('amountLocked', { customer: view.customerName })}</p>
            <p className="locked-value">{formatMoney(view.amount, lang)}</p>
          </div>
        ) : (
          <div className="field">
            <label htmlFor={inputId}>{t('amountLabel')}</label>
            <div className="money-input">
              <span aria-hidden="true">$</span>
              <input id={inputId} inputMode="decimal" autoComplete="off" value={text} aria-invalid={invalid || undefined}
                aria-describedby={`${hintId}${invalid ? ` ${errId}` : ''}`} onChange={(e) => { setText(e.target.value); setInvalid(false); }} />
            </div>
            <p className="field-hint" id={hintId}>{t('amountHint', { min, max })}</p>
            {invalid && <p className="field-error" id={errId}>{t('amountInvalid', { min, max })}</p>}
          </div>
        )}
        <div className="actions"><Button type="submit" busy={busy}>{t('continue')}</Button></div>
      </form>
      {busy && <p className="status" role="status">{t('checking')}</p>}
    </section>
  );
}

export function GuaranteeScreen({ view, busy, onAccept, onOther, onReturn }: { view: View; busy: boolean; onAccept: () => void; onOther: () => void; onReturn: () => void }) {
  const { t, lang } = useUi();
  const g = view.guarantee!;
  const customer = view.customerName;
  if (g.awaitingClient) return <Loading message={t('waitingClientText', { customer })} />;
  const offered = formatMoney(g.offeredAmount, lang);
  return (
    <section aria-labelledby="offer-title" className="tone-success">
      <div className="hero"><Icon name="shield" /></div>
      <Heading id="offer-title">{g.nextBestOffer ? t('nboTitle') : t('offerTitle')}</Heading>
      <p className="lead">
        {g.nextBestOffer
          ? t('nboText', { requested: formatMoney(g.requestedAmount, lang), offered })
          : t('offerText', { amount: offered, account: view.account?.label ?? '', customer })}
      </p>
      <div className="actions">
        <Button busy={busy} onClick={onAccept}>{t('acceptOffer', { amount: offered })}</Button>
        {g.nextBestOffer
          ? <Button variant="secondary" disabled={busy} onClick={onReturn}>{t('returnToClient', { customer })}</Button>
          : <Button variant="secondary" disabled={busy} onClick={onOther}>{t('otherFunding')}</Button>}
      </div>
    </section>
  );
}

export function ReviewScreen({ view, busy, error, onConfirm }: { view: View; busy: boolean; error: string | null; onConfirm: () => void }) {
  const { t, lang } = useUi();
  return (
    <section aria-labelledby="review-title">
      <Heading id="review-title">{t('reviewTitle')}</Heading>
      <p className="lead">{t('reviewIntro')}</p>
      {error && <Alert>{error}</Alert>}
      <dl className="summary">
        <div><dt>{t('reviewAmount')}</dt><dd className="strong">{formatMoney(view.amount, lang)}</dd></div>
        <div><dt>{t('reviewFrom')}</dt><dd>{view.account?.label}</dd></div>
        <div><dt>{t('reviewTo')}</dt><dd>{view.customerName}</dd></div>
        {view.referenceId && <div><dt>{t('reviewReference')}</dt><dd>{view.referenceId}</dd></div>}
        {view.kind === 'GEFT' && <div><dt>{t('reviewGuaranteed')}</dt><dd>{t('reviewGuaranteedYes')}</dd></div>}
      </dl>
      <div className="actions"><Button busy={busy} onClick={onConfirm}>{t('confirm')}</Button></div>
    </section>
  );
}

export function PadScreen({ view, lines, busy, error, downloadUrl, onDownload, onSign, onExit }: {
  view: View;
  lines: string[] | null;
  busy: boolean;
  error: string | null;
  downloadUrl: string;
  onDownload: () => void;
  onSign: (signature: string) => void;
  onExit: () => void;
}) {
  const { t } = useUi();
  const [agree, setAgree] = useState(false);
  const [name, setName] = useState('');
  const [problems, setProblems] = useState<{ agree?: boolean; name?: boolean }>({});
  const ids = { agree: useId(), name: useId(), hint: useId(), agreeErr: useId(), nameErr: useId() };
  const fullName = `${view.payor.firstName} ${view.payor.lastName}`;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const p = { agree: !agree, name: name.trim() === '' };
    setProblems(p);
    if (p.agree || p.name) return;
    onSign(name.trim());
  };
  return (
    <section aria-labelledby="pad-title">
      <Heading id="pad-title">{t('padTitle')}</Heading>
      <p className="lead">{t('padIntro')}</p>
      {error && <Alert>{error}</Alert>}
      <div className="agreement" role="region" aria-label={t('padRegion')} tabIndex={0}>
        {lines === null ? <Loading message={t('loading')} /> : lines.map((l, i) => (i === 0 ? <p key={i} className="strong">{l}</p> : <p key={i}>{l}</p>))}
      </div>
      <p className="download"><a href={downloadUrl} download onClick={onDownload}><Icon name="download" /><span>{t('padDownload')}</span></a></p>
      <form onSubmit={submit} noValidate>
        <div className="check">
          <input id={ids.agree} type="checkbox" checked={agree} onChange={(e) => { setAgree(e.target.checked); setProblems((p) => ({ ...p, agree: false })); }}
            aria-invalid={problems.agree || undefined} aria-describedby={problems.agree ? ids.agreeErr : undefined} />
          <label htmlFor={ids.agree}>{t('padAgree')}</label>
        </div>
        {problems.agree && <p className="field-error" id={ids.agreeErr}>{t('padMustAgree')}</p>}
        <div className="field">
          <label htmlFor={ids.name}>{t('padSignature')}</label>
          <input id={ids.name} autoComplete="name" value={name} onChange={(e) => { setName(e.target.value); setProblems((p) => ({ ...p, name: false })); }}
            aria-invalid={problems.name || undefined} aria-describedby={`${ids.hint}${problems.name ? ` ${ids.nameErr}` : ''}`} />
          <p className="field-hint" id={ids.hint}>{t('padSignatureHint', { customer: view.customerName, name: fullName })}</p>
          {problems.name && <p className="field-error" id={ids.nameErr}>{t('padMustSign')}</p>}
        </div>
        <div className="actions">
          <Button type="submit" busy={busy}>{t('padSubmit')}</Button>
          <Button variant="secondary" disabled={busy} onClick={onExit}>{t('padExit')}</Button>
        </div>
      </form>
    </section>
  );
}

export function InteracReviewScreen({ view, busy, error, onSend }: { view: View; busy: boolean; error: string | null; onSend: () => void }) {
  const { t, lang } = useUi();
  return (
    <section aria-labelledby="interac-title">
      <div className="hero"><Icon name="mail" /></div>
      <Heading id="interac-title">{t('interacTitle')}</Heading>
      <p className="lead">{t('interacIntro', { customer: view.customerName })}</p>
      {error && <Alert>{error}</Alert>}
      <dl className="summary">
        <div><dt>{t('interacAmount')}</dt><dd className="strong">{formatMoney(view.amount, lang)}</dd></div>
        <div><dt>{t('interacTo')}</dt><dd>{view.customerName}</dd></div>
        {view.payor.email && <div><dt>{t('interacEmail')}</dt><dd className="break">{view.payor.email}</dd></div>}
      </dl>
      <div className="actions"><Button busy={busy} onClick={onSend}>{t('interacSend')}</Button></div>
    </section>
  );
}

export function InteracSentScreen({ view }: { view: View }) {
  const { t, lang } = useUi();
  return (
    <section aria-labelledby="sent-title">
      <div className="hero"><Icon name="mail" /></div>
      <Heading id="sent-title">{t('interacSentTitle')}</Heading>
      <p className="lead">{t('interacSentText', { amount: formatMoney(view.amount, lang), email: view.interac?.email ?? view.payor.email ?? '', expiry: view.interac ? formatDate(view.interac.expiresAt, lang) : '' })}</p>
      <Loading message={t('interacWaiting')} />
    </section>
  );
}
