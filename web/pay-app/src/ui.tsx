/** The hosted app's pieces: buttons, alerts, message screens; the heading, icons and spinner are web/shared's. */
import { createContext, useContext, type ReactNode } from 'react';
import { Heading } from '../../shared/focus.tsx';
import { Icon, Loading, Spinner, type IconName } from '../../shared/ui.tsx';
import type { Language, Translate } from './i18n.ts';

export interface UiContextValue {
  t: Translate;
  lang: Language;
}

export const UiContext = createContext<UiContextValue>(null as unknown as UiContextValue);
export const useUi = () => useContext(UiContext);

export { Heading, Icon, Loading, Spinner, type IconName };

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
