/** Entry point of the Pay hosted app: reads ?sessionId= and mounts the flow. */
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { configureEvents } from './events.ts';
import './styles.css';

const params = new URLSearchParams(window.location.search);
// The parameter is matched without case, as ASP.NET reads query strings.
const raw = [...params.entries()].find(([k]) => k.toLowerCase() === 'sessionid')?.[1]?.trim() ?? '';
const sessionId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(raw) ? raw.toLowerCase() : null;
configureEvents(sessionId ?? '');
const initial = (navigator.language || 'en').toLowerCase().startsWith('fr') ? 'fr' : 'en';

createRoot(document.getElementById('root')!).render(<App sessionId={sessionId} initialLanguage={initial} />);
