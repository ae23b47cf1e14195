/** Shared pieces: the focused heading, buttons with a busy state, alerts, the spinner and icons. */
import { createContext, useContext, type ReactNode } from 'react';
import { Heading } from '../../shared/focus.tsx';
import type { Translate } from './i18n.ts';

export interface UiContextValue {
  t: Translate;
  staticLoading: boolean;
}

export const UiContext = createContext<UiContextValue>(null as unknown as UiContextValue);
export const useUi = () => useContext(UiContext);

export { Heading };

export function Button({ children, busy, busyLabel, variant = 'primary', type = 'button', onClick, disabled, ariaLabel }: {
  children: ReactNode;
  busy?: boolean;
  busyLabel?: string;
  variant?: 'primary' | 'secondary' | 'link';
  type?: 'button' | 'submit';
  onClick?: () => void;
  disabled?: boolean;
  ariaLabel?: string;
}) {
  return (
    <button type={type} className={`btn btn-${variant}`} onClick={onClick} disabled={disabled || busy} aria-busy={busy || undefined} aria-label={ariaLabel}>
      {busy ? (
        <>
          <Spinner small />
          <span>{busyLabel ?? children}</span>
        </>
      ) : (
        children
      )}
    </button>
  );
}

export function Alert({ children, id }: { children: ReactNode; id?: string }) {
  return (
    <div className="alert" role="alert" id={id}>
      <svg className="alert-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <circle cx="12" cy="12" r="10" fill="none" stroke="currentColor" strokeWidth="2" />
        <path d="M12 7v6M12 16.5v.5" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" />
      </svg>
      <div>{children}</div>
    </div>
  );
}

export function Spinner({ small }: { small?: boolean }) {
  const { staticLoading } = useUi();
  return <span className={`spinner${small ? ' spinner-small' : ''}${staticLoading ? ' spinner-static' : ''}`} aria-hidden="true" />;
}

/** A whole-screen loading state, announced politely. */
export function Loading({ message }: { message: string }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      <Spinner />
      <p>{message}</p>
    </div>
  );
}

export function Icon({ name }: { name: 'back' | 'close' | 'lock' | 'check' | 'chevron' | 'bank' | 'search' | 'warning' | 'eye' }) {
  const common = { viewBox: '0 0 24 24', 'aria-hidden': true, focusable: false, className: `icon icon-${name}` } as const;
  const stroke = { fill: 'none', stroke: 'currentColor', strokeWidth: 2, strokeLinecap: 'round', strokeLinejoin: 'round' } as const;
  switch (name) {
    case 'back':
      return <svg {...common}><path d="M15 5l-7 7 7 7" {...stroke} /></svg>;
    case 'close':
      return <svg {...common}><path d="M6 6l12 12M18 6L6 18" {...stroke} /></svg>;
    case 'lock':
      return <svg {...common}><rect x="5" y="11" width="14" height="9" rx="2" {...stroke} /><path d="M8 11V8a4 4 0 018 0v3" {...stroke} /></svg>;
    case 'check':
      return <svg {...common}><circle cx="12" cy="12" r="10" {...stroke} /><path d="M7.5 12.5l3 3 6-6.5" {...stroke} /></svg>;
    case 'chevron':
      return <svg {...common}><path d="M9 5l7 7-7 7" {...stroke} /></svg>;
    case 'bank':
      return <svg {...common}><path d="M3 10l9-6 9 6M5 10v8M9.5 10v8M14.5 10v8M19 10v8M3 20h18" {...stroke} /></svg>;
    case 'search':
      return <svg {...common}><circle cx="11" cy="11" r="6.5" {...stroke} /><path d="M16 16l4.5 4.5" {...stroke} /></svg>;
    case 'warning':
      return <svg {...common}><path d="M12 3l10 18H2L12 3z" {...stroke} /><path d="M12 10v5M12 18v.5" {...stroke} /></svg>;
    case 'eye':
      return <svg {...common}><path d="M2 12s3.5-7 10-7 10 7 10 7-3.5 7-10 7S2 12 2 12z" {...stroke} /><circle cx="12" cy="12" r="3" {...stroke} /></svg>;
  }
}

/** A round badge with the institution's initials, coloured from its name. */
export function InstitutionMark({ name, large }: { name: string; large?: boolean }) {
  const initials = name
    .replace(/[^\p{L}\p{N} ]/gu, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('');
  let h = 0;
  for (const c of name) h = (h * 31 + c.charCodeAt(0)) % 360;
  return (
    <span className={`mark${large ? ' mark-large' : ''}`} data-hue={h} aria-hidden="true" style={{ ['--hue' as string]: String(h) }}>
      {initials || '?'}
    </span>
  );
}
