/**
 * Routing under /console/ with the history API: `/console/<area>/<rest...>?<query>`. Links are real
 * <a href> (open in a new tab, copy the address); a plain click is handled here without a reload.
 */
import { useEffect, useState, type MouseEvent, type ReactNode } from 'react';

export const BASE = '/console';

/** What a page of the registry (pages/index.ts) is given: the segments after its area and the query. */
export interface PageProps {
  rest: string[];
  query: URLSearchParams;
}

export interface Location {
  /** The first segment under /console/ ('' on /console/ itself). */
  area: string;
  /** The segments after the area, decoded. */
  rest: string[];
  query: URLSearchParams;
}

function read(): Location {
  const path = window.location.pathname.startsWith(BASE) ? window.location.pathname.slice(BASE.length) : '';
  const segments = path.split('/').filter(Boolean).map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
  return { area: segments[0] ?? '', rest: segments.slice(1), query: new URLSearchParams(window.location.search) };
}

const listeners = new Set<() => void>();

/** Goes to `href` (a path under /console/, with its query) without reloading the page. */
export function navigate(href: string, opts: { replace?: boolean } = {}): void {
  if (opts.replace) window.history.replaceState(null, '', href);
  else window.history.pushState(null, '', href);
  for (const l of listeners) l();
}

export function useLocation(): Location {
  const [loc, setLoc] = useState(read);
  useEffect(() => {
    const update = () => setLoc(read());
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return loc;
}

/** The href of an area and its rest, e.g. href('customers', id) → /console/customers/<id>. */
export function href(area: string, ...rest: string[]): string {
  return [BASE, area, ...rest.map(encodeURIComponent)].join('/');
}

export function Link({ to, children, className, current, ...aria }: { to: string; children: ReactNode; className?: string; current?: boolean; 'aria-label'?: string }) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    // A modified click (new tab, new window, download) is the browser's.
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={onClick} className={className} aria-current={current ? 'page' : undefined} {...aria}>
      {children}
    </a>
  );
}
