/** Entry point of the Connect widget: reads the parameters, applies theme and colours, mounts the app. */
import { createRoot } from 'react-dom/client';
import { App, type PageConfig } from './App.tsx';
import { configureEvents } from './events.ts';
import { translator } from './i18n.ts';
import { localeOf } from '../../shared/i18n.ts';
import { readParams } from './params.ts';
import './styles.css';

function pageConfig(): PageConfig {
  try {
    const el = document.getElementById('maplelink-config');
    const parsed = el?.textContent ? JSON.parse(el.textContent) : null;
    if (parsed && typeof parsed.institutions === 'object') return parsed as PageConfig;
  } catch {
    // a page without its config still works: institutions are then named by id
  }
  return { institutions: {} };
}

/** Black or white, whichever reads better on `hex`. */
function readableOn(hex: string): string {
  const v = hex.slice(1);
  const full = v.length === 3 ? [...v].map((c) => c + c).join('') : v;
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  const luminance = 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  return luminance > 0.4 ? '#111418' : '#ffffff';
}

const params = readParams(window.location.search, window.location.pathname);
configureEvents({ stringify: params.stringify });

const root = document.documentElement;
root.lang = localeOf(params.language);
root.dataset.theme = params.theme;
document.title = translator(params.language)('documentTitle');
// Colours arrive as validated hex digits and are set through the CSSOM (allowed by the page's CSP).
if (params.backgroundColor) {
  root.style.setProperty('--bg', params.backgroundColor);
  root.style.setProperty('--surface', params.backgroundColor);
}
if (params.foregroundColor1) {
  root.style.setProperty('--text', params.foregroundColor1);
  root.style.setProperty('--accent', params.foregroundColor1);
  root.style.setProperty('--accent-text', readableOn(params.foregroundColor1));
}
if (params.foregroundColor2) root.style.setProperty('--muted', params.foregroundColor2);

createRoot(document.getElementById('root')!).render(<App params={params} config={pageConfig()} />);
