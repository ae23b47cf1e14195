/**
 * Focus that follows the screens, shared by the Connect widget and the Pay hosted app: each new
 * screen's title takes the focus so screen readers announce it, but only once the person has used the
 * page (the first press or key), so focus is never pulled into a frame nobody is using.
 */
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';

/** Whether the person has used the page yet; provided by the app from `useFocusArmed()`. */
export const FocusArmed = createContext(false);

/** False until the first press or key anywhere in the page, then true for good. */
export function useFocusArmed(): boolean {
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    const arm = () => setArmed(true);
    window.addEventListener('pointerdown', arm, { once: true, capture: true });
    window.addEventListener('keydown', arm, { once: true, capture: true });
    return () => {
      window.removeEventListener('pointerdown', arm, { capture: true });
      window.removeEventListener('keydown', arm, { capture: true });
    };
  }, []);
  return armed;
}

/**
 * The screen's title; it takes the focus when its screen appears. Only then: the first click arms the
 * focus, and focusing the title of the screen being clicked would scroll it between the press and the
 * release, and the click would miss.
 */
export function Heading({ children, id }: { children: ReactNode; id?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  const armed = useContext(FocusArmed);
  useEffect(() => {
    if (armed) ref.current?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1} id={id} className="title">
      {children}
    </h1>
  );
}
