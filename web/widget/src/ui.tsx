/** The widget's pieces: buttons with a busy state, alerts, institution marks; the heading, icons and spinner are web/shared's. */
import { createContext, useContext, type ReactNode } from 'react';
import { Heading } from '../../shared/focus.tsx';
import { Icon, Loading, Spinner } from '../../shared/ui.tsx';
import type { Translate } from './i18n.ts';

export interface UiContextValue {
  t: Translate;
}

export const UiContext = createContext<UiContextValue>(null as unknown as UiContextValue);
export const useUi = () => useContext(UiContext);

export { Heading, Icon, Loading, Spinner };

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
