/**
 * The widget's upload step (`/v2/?upload=true`, or `/v2/Upload`): choose statements, send them
 * with a progress bar, follow their reading, show what each held; then the usual REDIRECT with
 * the new LoginId (App.tsx finishes the flow). Its strings are here, in English and French.
 */
import { useEffect, useId, useRef, useState, type DragEvent } from 'react';
import { translatorOf, type Language } from '../../shared/i18n.ts';
import { UploadApi } from './upload-api.ts';
import { post, postFlinksCode } from './events.ts';
import { Alert, Button, Heading, Icon, Spinner } from './ui.tsx';
import './upload.css';

export const MAX_FILES = 24;
export const MAX_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_UPLOAD_BYTES = 180 * 1024 * 1024;
const ACCEPT = '.pdf,.ofx,.qfx,.qbo,.csv,.xml,.sta,.mt940,.940,.942,.txt,application/pdf,text/csv';

const STRINGS = {
  en: {
    title: 'Upload your bank statements',
    intro: 'Upload the statements of the accounts you want to share. We read them and share their transactions, as if you had connected your bank.',
    formats: 'PDF statements downloaded from your bank, or OFX, QFX, CSV, CAMT.053 and MT940 exports. Up to {files} files, {file} MB each, {total} MB in all.',
    choose: 'Choose files',
    drop: 'or drop them here',
    chosen: 'Files to upload',
    remove: 'Remove {name}',
    send: 'Upload {n} files',
    sendOne: 'Upload 1 file',
    sendNone: 'Upload files',
    tooMany: 'Choose at most {files} files.',
    tooBig: '{name} is larger than {file} MB.',
    tooMuch: 'Together the files are larger than {total} MB.',
    empty: '{name} is empty.',
    sending: 'Uploading… {percent}%',
    reading: 'Reading your statements… {done} of {total}',
    resultTitle: 'Your statements were read',
    resultIntro: 'This is what we found. Continue to share it.',
    failedTitle: 'Your statements could not be read',
    failedIntro: 'None of the files could be read. Upload the statements as PDF files downloaded from your bank (not scanned or photographed), or as exports.',
    processed: '{n} transactions',
    processedOne: '1 transaction',
    failed: 'Not read',
    continue: 'Continue',
    again: 'Choose other files',
    errorTitle: 'The upload did not go through',
    network: 'The connection was lost. Check your connection and try again.',
    retry: 'Try again',
    login: 'Log in to your bank instead',
  },
  fr: {
    title: 'Téléversez vos relevés bancaires',
    intro: 'Téléversez les relevés des comptes à partager. Nous les lisons et partageons leurs transactions, comme si vous aviez connecté votre institution.',
    formats: 'Relevés PDF téléchargés de votre institution, ou exportations OFX, QFX, CSV, CAMT.053 et MT940. Jusqu’à {files} fichiers, {file} Mo chacun, {total} Mo au total.',
    choose: 'Choisir des fichiers',
    drop: 'ou déposez-les ici',
    chosen: 'Fichiers à téléverser',
    remove: 'Retirer {name}',
    send: 'Téléverser {n} fichiers',
    sendOne: 'Téléverser 1 fichier',
    sendNone: 'Téléverser des fichiers',
    tooMany: 'Choisissez au plus {files} fichiers.',
    tooBig: '{name} dépasse {file} Mo.',
    tooMuch: 'Ensemble, les fichiers dépassent {total} Mo.',
    empty: '{name} est vide.',
    sending: 'Téléversement… {percent} %',
    reading: 'Lecture de vos relevés… {done} sur {total}',
    resultTitle: 'Vos relevés ont été lus',
    resultIntro: 'Voici ce que nous avons trouvé. Continuez pour le partager.',
    failedTitle: 'Vos relevés n’ont pas pu être lus',
    failedIntro: 'Aucun fichier n’a pu être lu. Téléversez les relevés en PDF téléchargés de votre institution (ni numérisés ni photographiés), ou des exportations.',
    processed: '{n} transactions',
    processedOne: '1 transaction',
    failed: 'Non lu',
    continue: 'Continuer',
    again: 'Choisir d’autres fichiers',
    errorTitle: 'Le téléversement n’a pas abouti',
    network: 'La connexion a été perdue. Vérifiez votre connexion et réessayez.',
    retry: 'Réessayer',
    login: 'Me connecter à mon institution plutôt',
  },
};
type Key = keyof typeof STRINGS.en;

/** The limits fill their placeholders in every string that names them. */
function translate(language: Language) {
  return translatorOf<Key>(STRINGS, language, { files: MAX_FILES, file: MAX_FILE_BYTES / 1048576, total: MAX_UPLOAD_BYTES / 1048576 });
}

export interface UploadedDocument {
  FileName: string;
  Size: number;
  Status: 'Pending' | 'Processed' | 'Failed';
  Transactions: number | null;
  Error: string | null;
}

export interface UploadResult {
  loginId: string;
  requestId: string;
  institution: string | null;
}

type Step =
  | { kind: 'choose'; error: string | null }
  | { kind: 'sending'; fraction: number }
  | { kind: 'reading'; done: number; total: number }
  | { kind: 'result'; documents: UploadedDocument[]; result: UploadResult }
  | { kind: 'failed'; documents: UploadedDocument[] }
  | { kind: 'error'; message: string };

function size(bytes: number, language: Language): string {
  const unit = language === 'fr' ? ['o', 'Ko', 'Mo'] : ['B', 'KB', 'MB'];
  if (bytes < 1024) return `${bytes} ${unit[0]}`;
  if (bytes < 1048576) return `${Math.round(bytes / 1024)} ${unit[1]}`;
  return `${(bytes / 1048576).toFixed(1).replace('.', language === 'fr' ? ',' : '.')} ${unit[2]}`;
}

/** What the chosen files break of the upload limits (checked again by the server). */
function limitError(files: File[], t: ReturnType<typeof translate>): string | null {
  if (files.length > MAX_FILES) return t('tooMany');
  const empty = files.find((f) => f.size === 0);
  if (empty) return t('empty', { name: empty.name });
  const big = files.find((f) => f.size > MAX_FILE_BYTES);
  if (big) return t('tooBig', { name: big.name });
  if (files.reduce((n, f) => n + f.size, 0) > MAX_UPLOAD_BYTES) return t('tooMuch');
  return null;
}

export function UploadStep({ customerId, token, language, tag, institution = null, onDone, onLogin }: {
  customerId: string;
  token: string | null;
  language: Language;
  tag: string | null;
  /** The institution chosen before (Upload's primary and fallback modes): the upload's Institution. */
  institution?: string | null;
  onDone: (r: UploadResult) => void;
  /** Upload's primary and fallback modes: back to the bank login. */
  onLogin?: () => void;
}) {
  const t = translate(language);
  const api = useRef(new UploadApi(customerId, token)).current;
  const [files, setFiles] = useState<File[]>([]);
  const [step, setStep] = useState<Step>({ kind: 'choose', error: null });
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const ids = { input: useId(), list: useId(), alert: useId(), progress: useId() };
  const cancelled = useRef(false);

  useEffect(() => {
    post('COMPONENT_LOAD_UPLOAD');
    return () => {
      cancelled.current = true;
    };
  }, []);

  const add = (picked: FileList | null) => {
    if (!picked || picked.length === 0) return;
    const next = [...files];
    for (const f of Array.from(picked)) if (!next.some((x) => x.name === f.name && x.size === f.size)) next.push(f);
    setFiles(next);
    setStep({ kind: 'choose', error: limitError(next, t) });
    post('UPLOAD_FILES_SELECTED', { count: next.length });
  };

  const remove = (i: number) => {
    const next = files.filter((_, k) => k !== i);
    setFiles(next);
    setStep({ kind: 'choose', error: limitError(next, t) });
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    add(e.dataTransfer.files);
  };

  const send = async () => {
    const error = limitError(files, t);
    if (error) return setStep({ kind: 'choose', error });
    post('SUBMIT_UPLOAD', { count: files.length });
    setStep({ kind: 'sending', fraction: 0 });
    const fields: Record<string, string> = { Language: language };
    if (tag) fields.Tag = tag;
    if (institution) fields.Institution = institution;
    const sent = await api.send(files, fields, (fraction) => setStep({ kind: 'sending', fraction }));
    if (sent.status !== 202 || typeof sent.body?.RequestId !== 'string') {
      const code = typeof sent.body?.FlinksCode === 'string' ? sent.body.FlinksCode : sent.status === 0 ? 'NETWORK' : 'INVALID_REQUEST';
      postFlinksCode(code, null, null);
      return setStep({ kind: 'error', message: code === 'NETWORK' ? t('network') : String(sent.body?.Message ?? t('network')) });
    }
    const requestId = sent.body.RequestId as string;
    const loginId = sent.body.LoginId as string;
    let answer = sent;
    let wait = 300;
    while (answer.status === 202 && !cancelled.current) {
      const docs = (answer.body.Documents ?? []) as UploadedDocument[];
      setStep({ kind: 'reading', done: docs.filter((d) => d.Status !== 'Pending').length, total: docs.length || files.length });
      await new Promise((r) => setTimeout(r, wait));
      wait = Math.min(wait * 1.4, 2000);
      answer = await api.status(requestId);
    }
    if (cancelled.current) return;
    if (answer.status !== 200) {
      const code = typeof answer.body?.FlinksCode === 'string' ? answer.body.FlinksCode : 'NETWORK';
      postFlinksCode(code, requestId, null);
      return setStep({ kind: 'error', message: code === 'NETWORK' ? t('network') : String(answer.body?.Message ?? t('network')) });
    }
    const documents = answer.body.Documents as UploadedDocument[];
    post('UPLOAD_PROCESSED', { requestId, loginId, status: answer.body.Status, documents: documents.length, institution: answer.body.Institution ?? null });
    if (answer.body.Status !== 'Completed') {
      postFlinksCode('Document_Processing_Failed', requestId, null);
      return setStep({ kind: 'failed', documents });
    }
    setStep({ kind: 'result', documents, result: { loginId, requestId, institution: answer.body.Institution ?? null } });
  };

  const again = () => {
    setFiles([]);
    setStep({ kind: 'choose', error: null });
  };

  if (step.kind === 'sending' || step.kind === 'reading') {
    // Reading shows a little progress from the start: the bar should not look stalled while the first document is read.
    const percent = step.kind === 'sending' ? Math.round(step.fraction * 100) : Math.max(4, Math.round((step.done / Math.max(1, step.total)) * 100));
    const label = step.kind === 'sending' ? t('sending', { percent }) : t('reading', { done: step.done, total: step.total });
    return (
      <section className="screen upload" aria-labelledby="upload-title">
        <Heading id="upload-title">{t('title')}</Heading>
        <div className="upload-progress" role="status" aria-live="polite">
          <p id={ids.progress}><Spinner small />{label}</p>
          <progress max={100} value={percent} aria-labelledby={ids.progress} className={step.kind === 'reading' ? 'reading' : ''} />
        </div>
        <FileList files={files.map((f) => ({ name: f.name, size: f.size }))} language={language} />
      </section>
    );
  }

  if (step.kind === 'result' || step.kind === 'failed') {
    const ok = step.kind === 'result';
    return (
      <section className={`screen upload message tone-${ok ? 'success' : 'danger'}`} aria-labelledby="upload-title">
        <div className="hero" aria-hidden="true"><Icon name={ok ? 'check' : 'warning'} /></div>
        <Heading id="upload-title">{ok ? t('resultTitle') : t('failedTitle')}</Heading>
        <p className="lead">{ok ? t('resultIntro') : t('failedIntro')}</p>
        <ul className="upload-files" aria-label={t('chosen')}>
          {step.documents.map((d, i) => (
            <li key={i} className={`upload-file with-icon ${d.Status === 'Processed' ? 'ok' : 'bad'}`}>
              <span className="upload-file-icon" aria-hidden="true"><Icon name={d.Status === 'Processed' ? 'check' : 'warning'} /></span>
              <span className="upload-file-name">{d.FileName}</span>
              <span className="upload-file-meta">
                {d.Status === 'Processed' ? (d.Transactions === 1 ? t('processedOne') : t('processed', { n: d.Transactions ?? 0 })) : t('failed')}
              </span>
              {/* The API explains in English: the French screen keeps to its own words. */}
              {d.Status === 'Failed' && d.Error && language === 'en' && <span className="upload-file-error">{d.Error.replace(/\s*\(at byte \d+[^)]*\)$/, '')}</span>}
            </li>
          ))}
        </ul>
        <div className="actions">
          {ok ? <Button onClick={() => onDone(step.result)}>{t('continue')}</Button> : <Button onClick={again}>{t('again')}</Button>}
          {!ok && onLogin && <Button variant="secondary" onClick={onLogin}>{t('login')}</Button>}
        </div>
      </section>
    );
  }

  if (step.kind === 'error') {
    return (
      <section className="screen upload message tone-danger" aria-labelledby="upload-title">
        <div className="hero" aria-hidden="true"><Icon name="warning" /></div>
        <Heading id="upload-title">{t('errorTitle')}</Heading>
        <p className="lead">{step.message}</p>
        <div className="actions">
          <Button onClick={() => setStep({ kind: 'choose', error: limitError(files, t) })}>{t('retry')}</Button>
        </div>
      </section>
    );
  }

  const total = files.reduce((n, f) => n + f.size, 0);
  return (
    <section className="screen upload" aria-labelledby="upload-title">
      <Heading id="upload-title">{t('title')}</Heading>
      <p className="lead">{t('intro')}</p>
      <p className="hint">{t('formats')}</p>
      <div
        className={`dropzone${dragging ? ' dragging' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <input ref={input} id={ids.input} type="file" multiple accept={ACCEPT} className="visually-hidden" onChange={(e) => {
          add(e.target.files);
          e.target.value = '';
        }} />
        <label htmlFor={ids.input} className="btn btn-secondary">{t('choose')}</label>
        <span className="dropzone-hint">{t('drop')}</span>
      </div>
      {step.error && <Alert id={ids.alert}>{step.error}</Alert>}
      {files.length > 0 && (
        <>
          <h2 className="upload-subtitle" id={ids.list}>{t('chosen')} <span className="upload-total">{size(total, language)}</span></h2>
          <ul className="upload-files" aria-labelledby={ids.list}>
            {files.map((f, i) => (
              <li key={`${f.name}-${i}`} className="upload-file">
                <span className="upload-file-name">{f.name}</span>
                <span className="upload-file-meta">{size(f.size, language)}</span>
                <button type="button" className="icon-btn" onClick={() => remove(i)} aria-label={t('remove', { name: f.name })}><Icon name="close" /></button>
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="actions">
        <Button onClick={() => void send()} disabled={files.length === 0 || step.error !== null}>{files.length === 0 ? t('sendNone') : files.length === 1 ? t('sendOne') : t('send', { n: files.length })}</Button>
        {onLogin && <Button variant="secondary" onClick={onLogin}>{t('login')}</Button>}
      </div>
    </section>
  );
}

function FileList({ files, language }: { files: { name: string; size: number }[]; language: Language }) {
  return (
    <ul className="upload-files">
      {files.map((f, i) => (
        <li key={i} className="upload-file">
          <span className="upload-file-name">{f.name}</span>
          <span className="upload-file-meta">{size(f.size, language)}</span>
        </li>
      ))}
    </ul>
  );
}
