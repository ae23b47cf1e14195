/**
 * The pieces the Connect widget and the Pay hosted app draw alike: the icons, the spinner and the
 * whole-screen loading state. Each app's ui.tsx re-exports them beside its own buttons and alerts.
 */
import { createContext, useContext } from 'react';

/**
 * Spinners drawn still (the widget's staticLoadingEnable parameter, for pages that must not
 * move); the Pay app never sets it.
 */
export const StillSpinners = createContext(false);

export function Spinner({ small }: { small?: boolean }) {
  const still = useContext(StillSpinners);
  return <span className={`spinner${small ? ' spinner-small' : ''}${still ? ' spinner-static' : ''}`} aria-hidden="true" />;
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

export type IconName = 'back' | 'close' | 'lock' | 'check' | 'chevron' | 'bank' | 'search' | 'warning' | 'eye' | 'shield' | 'mail' | 'download' | 'globe';

/** A 24×24 line icon in the text's colour, hidden from screen readers (its button or text names it). */
export function Icon({ name }: { name: IconName }) {
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
    case 'shield':
      return <svg {...common}><path d="M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6l8-3z" {...stroke} /><path d="M8.5 12l2.5 2.5 4.5-5" {...stroke} /></svg>;
    case 'mail':
      return <svg {...common}><rect x="3" y="5" width="18" height="14" rx="2" {...stroke} /><path d="M3.5 6.5L12 13l8.5-6.5" {...stroke} /></svg>;
    case 'download':
      return <svg {...common}><path d="M12 4v11M7 10.5l5 5 5-5M5 20h14" {...stroke} /></svg>;
    case 'globe':
      return <svg {...common}><circle cx="12" cy="12" r="9" {...stroke} /><path d="M3 12h18M12 3c2.5 2.7 3.7 5.7 3.7 9s-1.2 6.3-3.7 9c-2.5-2.7-3.7-5.7-3.7-9S9.5 5.7 12 3z" {...stroke} /></svg>;
  }
}
