/**
 * Front-end events to the embedding page (docs.flinks.com/guides/pay/geft/event-handling):
 * `window.parent.postMessage({step, sessionId, ...}, '*')`, as the Connect
 * widget posts its own. Each event is posted once per session and step, so a
 * re-render or a reload of the same screen does not repeat it. No credential,
 * no account number is ever part of an event.
 */
let sessionId: string | null = null;
const sent = new Set<string>();

export function configureEvents(id: string): void {
  sessionId = id;
}

export function post(step: string, data: Record<string, unknown> = {}): void {
  const message: Record<string, unknown> = { step, sessionId };
  for (const [k, v] of Object.entries(data)) if (v !== undefined) message[k] = v;
  window.parent.postMessage(message, '*');
}

/** Posts `step` unless it was already posted for this key (default: the step itself). */
export function postOnce(step: string, data: Record<string, unknown> = {}, key = step): void {
  if (sent.has(key)) return;
  sent.add(key);
  post(step, data);
}
