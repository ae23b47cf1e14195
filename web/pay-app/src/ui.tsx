/** Shared pieces of the hosted app: the focused heading, buttons, alerts, the spinner, icons, message screens. */
import { createContext, useContext, type ReactNode } from 'react';
import { Heading } from '../../shared/focus.tsx';
import type { Language, Translate } from './i18n.ts';

export interface UiContextValue {
  t: Translate;
  lang: Language;
}

export const UiContext = createContext<UiContextValue>(null as unknown as UiContextValue);
export const useUi = () => useContext(UiContext);

export { Heading };

export function Button({ children, busy, variant = 'primary', type = 'button', onClick, disabled }: {
  children: ReactNode;
  busy?: boolean;
  variant?: 'primary' | 'secondary';
  type?: 'button' | 'submit';
  onClick?: () => void;
  disabled?: boolean;
}) {
  return (
    <button type={type} className={`btn btn-${variant}`} onClick={onClick} disabled={disabled || busy} aria-busy={busy || undefined}>
      {busy && <Spinner small />}
      <span>{children}</span>
    </button>
  );
}

export function Alert({ children, id }: { children: ReactNode; id?: string }) {
  return (
    <div className="alert" role="alert" id={id}>
      <Icon name="warning" />
      <div>{children}</div>
    </div>
  );
}

export function Spinner({ small }: { small?: boolean }) {
  return <span className={`spinner${small ? ' spinner-small' : ''}`} aria-hidden="true" />;
}

export function Loading({ message }: { message: string }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      <Spinner />
      <p>{message}</p>
    </div>
  );
}

export type IconName = 'close' | 'lock' | 'check' | 'warning' | 'bank' | 'shield' | 'mail' | 'download' | 'globe';

export function Icon({ name }: { name: IconName }) {
  const common = { viewBox: '0 0 24 24', 'aria-hidden': true, focusable: false, className: `icon icon-${name}` } as const;
  const s = { fill: 'none', stroke: 'currentColor', strokeWidth: 2, strokeLinecap: 'round', strokeLinejoin: 'round' } as const;
  switch (name) {
    case 'close':
      return <svg {...common}><path d="M6 6l12 12M18 6L6 18" {...s} /></svg>;
    case 'lock':
      return <svg {...common}><rect x="5" y="11" width="14" height="9" rx="2" {...s} /><path d="M8 11V8a4 4 0 018 0v3" {...s} /></svg>;
    case 'check':
      return <svg {...common}><circle cx="12" cy="12" r="10" {...s} /><path d="M7.5 12.5l3 3 6-6.5" {...s} /></svg>;
    case 'warning':
      return <svg {...common}><path d="M12 3l10 18H2L12 3z" {...s} /><path d="M12 10v5M12 18v.5" {...s} /></svg>;
    case 'bank':
      return <svg {...common}><path d="M3 10l9-6 9 6M5 10v8M9.5 10v8M14.5 10v8M19 10v8M3 20h18" {...s} /></svg>;
    case 'shield':
      return <svg {...common}><path d="M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6l8-3z" {...s} /><path d="M8.5 12l2.5 2.5 4.5-5" {...s} /></svg>;
    case 'mail':
      return <svg {...common}><rect x="3" y="5" width="18" height="14" rx="2" {...s} /><path d="M3.5 6.5L12 13l8.5-6.5" {...s} /></svg>;
    case 'download':
      return <svg {...common}><path d="M12 4v11M7 10.5l5 5 5-5M5 20h14" {...s} /></svg>;
    case 'globe':
      return <svg {...common}><circle cx="12" cy="12" r="9" {...s} /><path d="M3 12h18M12 3c2.5 2.7 3.7 5.7 3.7 9s-1.2 6.3-3.7 9c-2.5-2.7-3.7-5.7-3.7-9S9.5 5.7 12 3z" {...s} /></svg>;
  }
}

/** A whole-screen message (success, failure, end states) with an icon and optional actions. */
export function Message({ title, text, icon, tone, children }: { title: string; text?: ReactNode; icon: IconName; tone?: 'success' | 'danger'; children?: ReactNode }) {
  return (
    <section className={`message${tone ? ` tone-${tone}` : ''}`} aria-labelledby="message-title">
      <div className="hero"><Icon name={icon} /></div>
      <Heading id="message-title">{title}</Heading>
      {text && <p className="lead">{text}</p>}
      {children && <div className="actions">{children}</div>}
    </section>
  );
}
