/** The widget's screens. They render and collect input; the flow (API calls, events) lives in App.tsx. */
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import type { Account, Challenge } from './api.ts';
import { formatMoney } from './i18n.ts';
import type { Language } from './params.ts';
import { Alert, Button, Heading, Icon, InstitutionMark, useUi } from './ui.tsx';

export interface Inst {
  id: number;
  code: string;
  name: string;
  sandbox: boolean;
  country: string;
  enabled: boolean;
}

// ---- consent -----------------------------------------------------------------------------

export function ConsentScreen({ customerName, appendedTitle, termsUrl, onAccept, onDecline, onTerms }: {
  customerName: string | null;
  appendedTitle: string | null;
  termsUrl: string | null;
  onAccept: () => void;
  onDecline: () => void;
  onTerms: () => void;
}) {
  const { t } = useUi();
  const c = customerName ?? '';
  return (
    <section className="screen" aria-labelledby="consent-title">
      <div className="hero" aria-hidden="true">
        <Icon name="lock" />
      </div>
      <Heading id="consent-title">
        {t('consentTitle')}
        {appendedTitle ? ` ${appendedTitle}` : ''}
      </Heading>
      <p className="lead">{c ? t('consentIntroNamed', { customer: c }) : t('consentIntro')}</p>
      <p className="subhead">{c ? t('consentShareNamed', { customer: c }) : t('consentShare')}</p>
      <ul className="checklist">
        <li><Icon name="check" />{t('consentAccounts')}</li>
        <li><Icon name="check" />{t('consentTransactions')}</li>
        <li><Icon name="check" />{t('consentHolder')}</li>
      </ul>
      <p className="note"><Icon name="lock" />{c ? t('consentCredentialsNamed', { customer: c }) : t('consentCredentials')}</p>
      <p className="note"><Icon name="lock" />{t('consentReadOnly')}</p>
      {termsUrl && <TermsLink url={termsUrl} onClick={onTerms} />}
      <div className="actions">
        <Button onClick={onAccept}>{t('accept')}</Button>
        <Button variant="secondary" onClick={onDecline}>{t('decline')}</Button>
      </div>
    </section>
  );
}

export function TermsLink({ url, onClick }: { url: string; onClick: () => void }) {
  const { t } = useUi();
  return (
    <p className="terms">
      <a href={url} target="_blank" rel="noopener noreferrer" onClick={onClick}>
        {t('terms')}
        <span className="visually-hidden"> {t('termsNewWindow')}</span>
      </a>
    </p>
  );
}

export function MessageScreen({ title, text, icon, children, tone = 'neutral' }: {
  title: string;
  text: string;
  icon: 'check' | 'warning' | 'close' | 'lock';
  children?: React.ReactNode;
  tone?: 'neutral' | 'success' | 'danger';
}) {
  return (
    <section className={`screen message tone-${tone}`} aria-labelledby="message-title">
      <div className="hero" aria-hidden="true">
        <Icon name={icon} />
      </div>
      <Heading id="message-title">{title}</Heading>
      <p className="lead">{text}</p>
      {children && <div className="actions">{children}</div>}
    </section>
  );
}

// ---- institution selector -------------------------------------------------------------------

function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export function InstitutionsScreen({ institutions, filterEnabled, grid, onChoose, onUpload }: {
  institutions: Inst[];
  filterEnabled: boolean;
  grid: boolean;
  onChoose: (i: Inst) => void;
  /** Upload modes: statements instead, for an institution not listed. */
  onUpload?: () => void;
}) {
  const { t } = useUi();
  const [query, setQuery] = useState('');
  const shown = useMemo(() => {
    const q = fold(query.trim());
    return q ? institutions.filter((i) => fold(i.name).includes(q) || fold(i.code).includes(q)) : institutions;
  }, [institutions, query]);
  const searchId = useId();
  return (
    <section className="screen" aria-labelledby="selector-title">
      <Heading id="selector-title">{t('selectorTitle')}</Heading>
      {filterEnabled && (
        <div className="search">
          <label htmlFor={searchId} className="label">{t('searchLabel')}</label>
          <div className="search-box">
            <Icon name="search" />
            <input id={searchId} type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t('searchPlaceholder')} autoComplete="off" spellCheck={false} />
          </div>
          <p className="visually-hidden" role="status" aria-live="polite">
            {shown.length === 1 ? t('resultsOne') : t('resultsMany', { n: shown.length })}
          </p>
        </div>
      )}
      {shown.length === 0 ? (
        <p className="empty">{t('noResults', { query: query.trim() })}</p>
      ) : (
        <ul className={`institutions${grid ? ' grid' : ''}`} aria-label={t('institutionListLabel')}>
          {shown.map((i) => (
            <li key={i.id}>
              <button type="button" className="institution" onClick={() => onChoose(i)}>
                <InstitutionMark name={i.name} />
                <span className="institution-name">{i.name}</span>
                {i.sandbox && <span className="badge">{t('sandbox')}</span>}
                <Icon name="chevron" />
              </button>
            </li>
          ))}
        </ul>
      )}
      {onUpload && <UploadOffer onUpload={onUpload} />}
    </section>
  );
}

/** The way out to the upload step (Upload's primary and fallback modes). */
function UploadOffer({ onUpload }: { onUpload: () => void }) {
  const { t } = useUi();
  return (
    <div className="upload-offer">
      <p className="hint">{t('notListed')}</p>
      <Button variant="secondary" onClick={onUpload}>{t('uploadInstead')}</Button>
    </div>
  );
}

/** The top of a screen about one institution: its mark, the screen's heading and its lead paragraph. */
function InstitutionIntro({ institution, id, title, lead }: { institution: Inst; id: string; title: string; lead: string }) {
  return (
    <>
      <div className="institution-head">
        <InstitutionMark name={institution.name} large />
      </div>
      <Heading id={id}>{title}</Heading>
      <p className="lead">{lead}</p>
    </>
  );
}

/** Upload's primary mode: once the institution is chosen, log in to it or upload its statements. */
export function MethodScreen({ institution, onLogin, onUpload }: { institution: Inst; onLogin: () => void; onUpload: () => void }) {
  const { t } = useUi();
  return (
    <section className="screen" aria-labelledby="method-title">
      <InstitutionIntro institution={institution} id="method-title" title={t('methodTitle', { institution: institution.name })} lead={t('methodText', { institution: institution.name })} />
      <div className="actions">
        <Button onClick={onLogin}>{t('methodLogin', { institution: institution.name })}</Button>
        <Button variant="secondary" onClick={onUpload}>{t('methodUpload')}</Button>
      </div>
    </section>
  );
}

// ---- credentials ---------------------------------------------------------------------------------

export function CredentialsScreen({ institution, error, attempt, busy, termsUrl, onTerms, onSubmit, onUpload }: {
  institution: Inst;
  error: string | null;
  /** Grows with each refused attempt: the password is cleared for the next one. */
  attempt: number;
  busy: boolean;
  termsUrl: string | null;
  onTerms: () => void;
  onSubmit: (username: string, password: string) => void;
  /** Upload modes: statements instead of this login. */
  onUpload?: () => void;
}) {
  const { t } = useUi();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [show, setShow] = useState(false);
  const [missing, setMissing] = useState<{ username?: boolean; password?: boolean }>({});
  const userRef = useRef<HTMLInputElement>(null);
  const passRef = useRef<HTMLInputElement>(null);
  const ids = { user: useId(), pass: useId(), userErr: useId(), passErr: useId(), alert: useId(), show: useId() };

  useEffect(() => {
    // A refused attempt: the password is typed again, and the focus (lost while the form was busy) goes back to it.
    if (attempt > 0) {
      setPassword('');
      passRef.current?.focus();
    }
  }, [attempt]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const m = { username: username.trim() === '', password: password === '' };
    setMissing(m);
    if (m.username) return userRef.current?.focus();
    if (m.password) return passRef.current?.focus();
    onSubmit(username.trim(), password);
  };

  return (
    <section className="screen" aria-labelledby="credentials-title">
      <InstitutionIntro institution={institution} id="credentials-title" title={t('credentialsTitle', { institution: institution.name })} lead={t('credentialsIntro', { institution: institution.name })} />
      <form onSubmit={submit} noValidate aria-describedby={error ? ids.alert : undefined}>
        {error && <Alert id={ids.alert}>{error}</Alert>}
        <div className="field">
          <label htmlFor={ids.user} className="label">{t('username')}</label>
          <input
            ref={userRef}
            id={ids.user}
            name="username"
            type="text"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            aria-invalid={missing.username || undefined}
            aria-describedby={missing.username ? ids.userErr : undefined}
            disabled={busy}
          />
          {missing.username && <p className="field-error" id={ids.userErr}>{t('fieldRequired', { field: t('username') })}</p>}
        </div>
        <div className="field">
          <label htmlFor={ids.pass} className="label">{t('password')}</label>
          <input
            ref={passRef}
            id={ids.pass}
            name="password"
            type={show ? 'text' : 'password'}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="off"
            aria-invalid={missing.password || undefined}
            aria-describedby={missing.password ? ids.passErr : undefined}
            disabled={busy}
          />
          {missing.password && <p className="field-error" id={ids.passErr}>{t('fieldRequired', { field: t('password') })}</p>}
          <div className="check-row">
            <input id={ids.show} type="checkbox" checked={show} onChange={(e) => setShow(e.target.checked)} />
            <label htmlFor={ids.show}>{t('showPassword')}</label>
          </div>
        </div>
        {institution.sandbox && <p className="hint">{t('sandboxHint')}</p>}
        {termsUrl && <TermsLink url={termsUrl} onClick={onTerms} />}
        <div className="actions">
          <Button type="submit" busy={busy} busyLabel={t('connecting', { institution: institution.name })}>{t('submitCredentials')}</Button>
          {onUpload && <Button variant="secondary" onClick={onUpload} disabled={busy}>{t('uploadInstead')}</Button>}
        </div>
      </form>
    </section>
  );
}

// ---- MFA -------------------------------------------------------------------------------------------

function imageSrc(data: string): string {
  return data.startsWith('data:image/') ? data : `data:image/png;base64,${data}`;
}

export function MfaScreen({ institution, challenges, round, error, attempt, busy, onSubmit }: {
  institution: Inst;
  challenges: Challenge[];
  round: number;
  error: string | null;
  /** Grows with each refused answer. */
  attempt: number;
  busy: boolean;
  onSubmit: (responses: Record<string, string[]>) => void;
}) {
  const { t } = useUi();
  const [values, setValues] = useState<string[][]>(() => challenges.map(() => []));
  const [missing, setMissing] = useState<boolean[]>([]);
  const formRef = useRef<HTMLFormElement>(null);
  const alertId = useId();
  const base = `mfa-${round}`;

  useEffect(() => {
    // A retry keeps the screen: start from empty answers, focus on the first one.
    setValues(challenges.map(() => []));
    setMissing([]);
    if (attempt > 0) formRef.current?.querySelector<HTMLElement>('input, .image-choice')?.focus();
  }, [challenges, attempt]);

  const set = (i: number, v: string[]) => setValues((old) => old.map((x, j) => (j === i ? v : x)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const m = challenges.map((_, i) => (values[i] ?? []).filter((v) => v.trim() !== '').length === 0);
    setMissing(m);
    const first = m.indexOf(true);
    if (first >= 0) {
      formRef.current?.querySelector<HTMLElement>(`[data-challenge="${first}"] input, [data-challenge="${first}"] button`)?.focus();
      return;
    }
    const responses: Record<string, string[]> = {};
    challenges.forEach((c, i) => (responses[c.Prompt] = values[i]!.map((v) => (c.Type === 'QuestionAndAnswer' ? v.trim() : v))));
    onSubmit(responses);
  };

  return (
    <section className="screen" aria-labelledby="mfa-title">
      <InstitutionIntro institution={institution} id="mfa-title" title={t('mfaTitle')} lead={t('mfaIntro', { institution: institution.name })} />
      <form ref={formRef} onSubmit={submit} noValidate aria-describedby={error ? alertId : undefined}>
        {error && <Alert id={alertId}>{error}</Alert>}
        {challenges.map((c, i) => (
          <ChallengeField key={`${base}-${i}`} id={`${base}-${i}`} index={i} challenge={c} value={values[i] ?? []} missing={Boolean(missing[i])} disabled={busy} onChange={(v) => set(i, v)} />
        ))}
        <div className="actions">
          <Button type="submit" busy={busy} busyLabel={t('verifying')}>{t('submitMfa')}</Button>
        </div>
      </form>
    </section>
  );
}

function ChallengeField({ id, index, challenge, value, missing, disabled, onChange }: {
  id: string;
  index: number;
  challenge: Challenge;
  value: string[];
  missing: boolean;
  disabled: boolean;
  onChange: (v: string[]) => void;
}) {
  const { t } = useUi();
  const options = challenge.Iterables ?? [];
  const errId = `${id}-error`;
  const error = missing ? <p className="field-error" id={errId}>{t('answerRequired')}</p> : null;
  const described = missing ? errId : undefined;

  if (challenge.Type === 'ImageSelection' && options.length > 0) {
    return (
      <fieldset className="field" data-challenge={index} aria-describedby={described}>
        <legend className="label">{challenge.Prompt}</legend>
        <p className="help">{t('mfaChooseImage')}</p>
        <div className="images">
          {options.map((o, k) => {
            const selected = value[0] === o;
            const label = t(selected ? 'mfaImageSelected' : 'mfaImage', { n: k + 1, total: options.length });
            return (
              <button key={k} type="button" className="image-choice" aria-pressed={selected} disabled={disabled} onClick={() => onChange([o])}>
                <img src={imageSrc(o)} alt={t('mfaImage', { n: k + 1, total: options.length })} title={label} />
              </button>
            );
          })}
        </div>
        {error}
      </fieldset>
    );
  }

  if ((challenge.Type === 'MultipleChoice' || challenge.Type === 'TextOrCall' || challenge.Type === 'MultipleChoiceMultipleAnswers' || challenge.Type === 'ImageSelection') && options.length > 0) {
    const many = challenge.Type === 'MultipleChoiceMultipleAnswers';
    return (
      <fieldset className="field" data-challenge={index} aria-describedby={described}>
        <legend className="label">{challenge.Prompt}</legend>
        <p className="help">{challenge.Type === 'TextOrCall' ? t('mfaTextOrCall') : many ? t('mfaChooseMany') : t('mfaChooseOne')}</p>
        <div className="choices">
          {options.map((o, k) => {
            const optId = `${id}-${k}`;
            const checked = value.includes(o);
            return (
              <div className="choice" key={k}>
                <input
                  id={optId}
                  type={many ? 'checkbox' : 'radio'}
                  name={id}
                  value={o}
                  checked={checked}
                  disabled={disabled}
                  onChange={(e) => onChange(many ? (e.target.checked ? [...value, o] : value.filter((x) => x !== o)) : [o])}
                />
                <label htmlFor={optId}>{o}</label>
              </div>
            );
          })}
        </div>
        {error}
      </fieldset>
    );
  }

  return (
    <div className="field" data-challenge={index}>
      <label htmlFor={id} className="label">{challenge.Prompt}</label>
      <input id={id} type="text" value={value[0] ?? ''} onChange={(e) => onChange([e.target.value])} autoComplete="off" spellCheck={false} disabled={disabled} aria-invalid={missing || undefined} aria-describedby={described} />
      {error}
    </div>
  );
}

// ---- Enhanced MFA --------------------------------------------------------------------------------

export function EnhancedScreen({ institution, questions, error, busy, onSubmit, onSkip }: {
  institution: Inst;
  questions: string[];
  error: string | null;
  busy: boolean;
  onSubmit: (answers: { Question: string; Answer: string }[]) => void;
  onSkip: () => void;
}) {
  const { t } = useUi();
  const [values, setValues] = useState<string[]>(() => questions.map(() => ''));
  const [missing, setMissing] = useState<boolean[]>([]);
  const alertId = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const m = values.map((v) => v.trim() === '');
    setMissing(m);
    if (m.includes(true)) {
      document.getElementById(`enhanced-${m.indexOf(true)}`)?.focus();
      return;
    }
    onSubmit(questions.map((q, i) => ({ Question: q, Answer: values[i]!.trim() })));
  };
  return (
    <section className="screen" aria-labelledby="enhanced-title">
      <Heading id="enhanced-title">{t('enhancedTitle')}</Heading>
      <p className="lead">{t('enhancedIntro', { institution: institution.name })}</p>
      <form onSubmit={submit} noValidate aria-describedby={error ? alertId : undefined}>
        {error && <Alert id={alertId}>{error}</Alert>}
        {questions.map((q, i) => (
          <div className="field" key={q}>
            <label htmlFor={`enhanced-${i}`} className="label">{q}</label>
            <input id={`enhanced-${i}`} type="text" value={values[i]} autoComplete="off" disabled={busy}
              onChange={(e) => setValues((old) => old.map((x, j) => (j === i ? e.target.value : x)))}
              aria-invalid={missing[i] || undefined} aria-describedby={missing[i] ? `enhanced-${i}-error` : undefined} />
            {missing[i] && <p className="field-error" id={`enhanced-${i}-error`}>{t('answerRequired')}</p>}
          </div>
        ))}
        <div className="actions">
          <Button type="submit" busy={busy} busyLabel={t('pleaseWait')}>{t('saveAnswers')}</Button>
          <Button variant="secondary" onClick={onSkip} disabled={busy}>{t('skip')}</Button>
        </div>
      </form>
    </section>
  );
}

// ---- account selection ---------------------------------------------------------------------------

export function AccountsScreen({ institution, accounts, multiple, noTitle, customerName, language, busy, onSubmit }: {
  institution: Inst;
  accounts: Account[];
  multiple: boolean;
  noTitle: boolean;
  customerName: string | null;
  language: Language;
  busy: boolean;
  onSubmit: (ids: string[]) => void;
}) {
  const { t } = useUi();
  const [chosen, setChosen] = useState<string[]>([]);
  const [missing, setMissing] = useState(false);
  const errId = useId();
  const name = 'accounts';
  const title = multiple ? t('accountsTitleMany') : t('accountsTitleOne');
  const intro = multiple
    ? customerName ? t('accountsIntroManyNamed', { customer: customerName }) : t('accountsIntroMany')
    : customerName ? t('accountsIntroNamed', { customer: customerName }) : t('accountsIntro');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (accounts.length > 0 && chosen.length === 0) {
      setMissing(true);
      document.querySelector<HTMLInputElement>('.account input')?.focus();
      return;
    }
    onSubmit(chosen);
  };
  return (
    <section className="screen" aria-labelledby="accounts-title">
      {/* accountSelectorNoTitle hides the title visually; it stays the screen's accessible heading. */}
      <div className={noTitle ? 'visually-hidden' : undefined}>
        <Heading id="accounts-title">{title}</Heading>
      </div>
      {accounts.length === 0 ? (
        <p className="lead">{t('accountsNone', { institution: institution.name })}</p>
      ) : (
        <p className="lead">{intro}</p>
      )}
      <form onSubmit={submit} noValidate>
        {accounts.length > 0 && (
          <fieldset className="accounts" aria-describedby={missing ? errId : undefined}>
            <legend className="visually-hidden">{title}</legend>
            {accounts.map((a) => {
              const id = `account-${a.Id}`;
              const digits = a.LastFourDigits ?? a.AccountNumber?.slice(-4) ?? '';
              const checked = chosen.includes(a.Id);
              return (
                <div className={`account${checked ? ' selected' : ''}`} key={a.Id}>
                  <input
                    id={id}
                    type={multiple ? 'checkbox' : 'radio'}
                    name={name}
                    value={a.Id}
                    checked={checked}
                    disabled={busy}
                    onChange={(e) => {
                      setMissing(false);
                      setChosen(multiple ? (e.target.checked ? [...chosen, a.Id] : chosen.filter((x) => x !== a.Id)) : [a.Id]);
                    }}
                  />
                  <label htmlFor={id}>
                    <span className="account-title">{a.Title}</span>
                    <span className="account-meta">
                      {digits ? `${t('accountNumber', { digits })} · ` : ''}
                      {a.Currency}
                    </span>
                    <span className="account-balance">
                      <span className="visually-hidden">{t('balance')} </span>
                      {formatMoney(language, a.Balance?.Current, a.Currency)}
                    </span>
                  </label>
                </div>
              );
            })}
          </fieldset>
        )}
        {missing && <p className="field-error" id={errId} role="alert">{t('accountsRequired')}</p>}
        <div className="actions">
          <Button type="submit" busy={busy} busyLabel={t('finishing')}>{t('continue')}</Button>
        </div>
      </form>
    </section>
  );
}
