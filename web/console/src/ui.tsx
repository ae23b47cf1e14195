/**
 * The console's shared pieces, for every page: page header, buttons, form fields, error banner,
 * empty state, table (numbers aligned right in tabular figures), keyset pager, filters bar,
 * confirmation dialog (optionally asking to type a word), copy button, status badge. Real buttons,
 * labels and links throughout, so everything works from the keyboard with a visible focus.
 */
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Icon, Spinner, type IconName } from '../../shared/ui.tsx';
import { ApiError } from './api.ts';
import { useT } from './i18n.ts';

export { Icon, Spinner, type IconName };

const strings = {
  en: {
    cancel: 'Cancel', previous: 'Previous', next: 'Next', copy: 'Copy', copied: 'Copied', loading: 'Loading…', apply: 'Apply', reset: 'Reset',
    typeToConfirm: 'Type {word} to confirm', network: 'The server could not be reached. Check that Maplelink is running, then try again.', page: 'Page {n}', dismiss: 'Dismiss',
  },
  fr: {
    cancel: 'Annuler', previous: 'Précédent', next: 'Suivant', copy: 'Copier', copied: 'Copié', loading: 'Chargement…', apply: 'Appliquer', reset: 'Réinitialiser',
    typeToConfirm: 'Tapez {word} pour confirmer', network: 'Le serveur est injoignable. Vérifiez que Maplelink fonctionne, puis réessayez.', page: 'Page {n}', dismiss: 'Fermer',
  },
};

export function PageHeader({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1 className="page-title" tabIndex={-1}>{title}</h1>
        {description && <p className="page-description">{description}</p>}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </header>
  );
}

export function Button({ children, variant = 'secondary', type = 'button', onClick, disabled, busy, small, ...rest }: {
  children: ReactNode;
  variant?: 'primary' | 'secondary' | 'danger' | 'ghost';
  type?: 'button' | 'submit';
  onClick?: () => void;
  disabled?: boolean;
  busy?: boolean;
  small?: boolean;
  'aria-label'?: string;
  'aria-describedby'?: string;
}) {
  return (
    <button type={type} className={`btn btn-${variant}${small ? ' btn-small' : ''}`} onClick={onClick} disabled={disabled || busy} aria-busy={busy || undefined} {...rest}>
      {busy && <Spinner small />}
      {children}
    </button>
  );
}

/** A labelled input; `hint` under it, `error` in red (and announced). */
export function Field({ label, value, onChange, type = 'text', hint, error, required, autoFocus, placeholder, autoComplete, mono, name }: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  type?: 'text' | 'password' | 'url' | 'search';
  hint?: ReactNode;
  error?: string | null;
  required?: boolean;
  autoFocus?: boolean;
  placeholder?: string;
  autoComplete?: string;
  mono?: boolean;
  name?: string;
}) {
  const id = useId();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id} name={name} type={type} value={value} onChange={(e) => onChange(e.target.value)} required={required} autoFocus={autoFocus}
        placeholder={placeholder} autoComplete={autoComplete} spellCheck={false} className={mono ? 'mono' : undefined}
        aria-invalid={error ? true : undefined} aria-describedby={described}
      />
      {hint && <p className="field-hint" id={`${id}-hint`}>{hint}</p>}
      {error && <p className="field-error" id={`${id}-error`}>{error}</p>}
    </div>
  );
}

/** An error from the API (or any message), shown at the top of what failed. */
export function ErrorBanner({ error, onDismiss }: { error: unknown; onDismiss?: () => void }) {
  const t = useT(strings);
  if (!error) return null;
  // A validation message names where the value was ("body/webhookUrl must be ..."): the member is enough.
  const message = error instanceof ApiError ? (error.status === 0 ? t('network') : error.error.replace(/^(body|querystring|params)\//, '')) : error instanceof Error ? error.message : String(error);
  return (
    <div className="banner banner-error" role="alert">
      <Icon name="warning" />
      <p>{message}</p>
      {onDismiss && <button type="button" className="banner-close" onClick={onDismiss} aria-label={t('dismiss')}><Icon name="close" /></button>}
    </div>
  );
}

export function Notice({ children, tone = 'info' }: { children: ReactNode; tone?: 'info' | 'success' | 'warning' }) {
  return (
    <div className={`banner banner-${tone}`} role="status">
      <Icon name={tone === 'warning' ? 'warning' : tone === 'success' ? 'check' : 'shield'} />
      <div>{children}</div>
    </div>
  );
}

export function Loading() {
  const t = useT(strings);
  return (
    <div className="loading" role="status" aria-live="polite">
      <Spinner small />
      <span>{t('loading')}</span>
    </div>
  );
}

export function EmptyState({ icon = 'search', title, children }: { icon?: IconName; title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <div className="empty-icon"><Icon name={icon} /></div>
      <p className="empty-title">{title}</p>
      {children && <div className="empty-text">{children}</div>}
    </div>
  );
}

export interface Column<Row> {
  key: string;
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  /** Numbers, amounts, counts, durations: right-aligned in tabular figures. */
  numeric?: boolean;
  /** Ids, codes: monospace. */
  mono?: boolean;
  width?: string;
}

/** A data table with a caption for screen readers; `empty` when there are no rows. */
export function Table<Row>({ caption, columns, rows, rowKey, empty }: { caption: string; columns: Column<Row>[]; rows: Row[]; rowKey: (row: Row) => string; empty?: ReactNode }) {
  if (rows.length === 0 && empty) return <div className="table-card">{empty}</div>;
  return (
    <div className="table-card">
      <div className="table-scroll">
        <table className="table">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.key} scope="col" className={c.numeric ? 'num' : undefined} style={c.width ? { width: c.width } : undefined}>{c.header}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={rowKey(r)}>
                {columns.map((c) => (
                  <td key={c.key} className={[c.numeric ? 'num' : '', c.mono ? 'mono' : ''].filter(Boolean).join(' ') || undefined}>{c.cell(r)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/**
 * Keyset paging: the API answers `nextCursor`; the pager keeps the cursors of the pages seen so
 * Previous goes back without OFFSET. `cursor` is the current page's (null on the first).
 */
export function usePager(): { cursor: string | null; page: number; next(c: string): void; previous(): void; reset(): void } {
  const [stack, setStack] = useState<(string | null)[]>([null]);
  return {
    cursor: stack[stack.length - 1] ?? null,
    page: stack.length,
    next: (c) => setStack((s) => [...s, c]),
    previous: () => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)),
    reset: () => setStack([null]),
  };
}

export function Pager({ page, hasPrevious, nextCursor, onPrevious, onNext }: { page: number; hasPrevious: boolean; nextCursor: string | null; onPrevious(): void; onNext(cursor: string): void }) {
  const t = useT(strings);
  if (!hasPrevious && !nextCursor) return null;
  return (
    <nav className="pager" aria-label={t('page', { n: page })}>
      <span className="pager-page">{t('page', { n: page })}</span>
      <Button small onClick={onPrevious} disabled={!hasPrevious}>{t('previous')}</Button>
      <Button small onClick={() => nextCursor && onNext(nextCursor)} disabled={!nextCursor}>{t('next')}</Button>
    </nav>
  );
}

/** A row of filters that applies on submit (Enter in any field) and resets to nothing. */
export function FiltersBar({ label, children, onApply, onReset }: { label: string; children: ReactNode; onApply(): void; onReset?: () => void }) {
  const t = useT(strings);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply();
  };
  return (
    <form className="filters" role="search" aria-label={label} onSubmit={submit}>
      {children}
      <div className="filters-actions">
        <Button type="submit" variant="primary" small>{t('apply')}</Button>
        {onReset && <Button small variant="ghost" onClick={onReset}>{t('reset')}</Button>}
      </div>
    </form>
  );
}

/**
 * A modal confirmation (the native <dialog>: focus kept inside, Escape cancels). With `word`, the
 * confirm button stays disabled until that word is typed (deleting a customer asks for its id).
 */
export function ConfirmDialog({ open, title, children, confirmLabel, word, danger, busy, error, onConfirm, onCancel }: {
  open: boolean;
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  word?: string;
  danger?: boolean;
  busy?: boolean;
  error?: unknown;
  onConfirm(): void;
  onCancel(): void;
}) {
  const t = useT(strings);
  const ref = useRef<HTMLDialogElement>(null);
  const [typed, setTyped] = useState('');
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      setTyped('');
      d.showModal();
    } else if (!open && d.open) d.close();
  }, [open]);
  const ok = !word || typed.trim().toLowerCase() === word.toLowerCase();
  return (
    <dialog ref={ref} className="dialog" aria-labelledby={titleId} onCancel={(e) => { e.preventDefault(); onCancel(); }}>
      <form method="dialog" onSubmit={(e) => { e.preventDefault(); if (ok) onConfirm(); }}>
        <h2 id={titleId} className="dialog-title">{title}</h2>
        <div className="dialog-body">{children}</div>
        {word && open && <Field label={t('typeToConfirm', { word })} value={typed} onChange={setTyped} mono autoFocus autoComplete="off" />}
        <ErrorBanner error={error} />
        <div className="dialog-actions">
          <Button onClick={onCancel}>{t('cancel')}</Button>
          <Button type="submit" variant={danger ? 'danger' : 'primary'} disabled={!ok} busy={busy}>{confirmLabel}</Button>
        </div>
      </form>
    </dialog>
  );
}

/** Copies `value` to the clipboard; says so for a moment (and to screen readers). */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const t = useT(strings);
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const h = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(h);
  }, [copied]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      // No clipboard (plain HTTP on another host): select the text instead so Ctrl+C works.
      const el = document.querySelector<HTMLElement>(`[data-copy="${CSS.escape(value)}"]`);
      if (el) window.getSelection()?.selectAllChildren(el);
    }
    setCopied(true);
  };
  return (
    <button type="button" className="btn btn-secondary btn-small copy" onClick={() => void copy()} aria-label={`${t('copy')}: ${label}`}>
      {copied ? t('copied') : t('copy')}
      <span className="visually-hidden" aria-live="polite">{copied ? t('copied') : ''}</span>
    </button>
  );
}

/** A secret shown once: monospace, selectable, with its copy button. */
export function SecretValue({ label, value }: { label: string; value: string }) {
  return (
    <div className="secret">
      <span className="secret-label">{label}</span>
      <code className="secret-value" data-copy={value}>{value}</code>
      <CopyButton value={value} label={label} />
    </div>
  );
}

export function Badge({ children, tone = 'neutral' }: { children: ReactNode; tone?: 'neutral' | 'success' | 'warning' | 'danger' | 'info' }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}
