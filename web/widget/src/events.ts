/**
 * Events to the embedding page (docs.flinks.com/guides/connect/flinks-connect/use-event-listener):
 * `window.parent.postMessage`
 * with `{step, ...}`, or its JSON text with `stringify=true`. Credentials are never
 * part of an event.
 */
export type EventData = { step: string } & Record<string, unknown>;

let stringify = false;

export function configureEvents(opts: { stringify: boolean }): void {
  stringify = opts.stringify;
}

export function post(step: string, data: Record<string, unknown> = {}): void {
  const message: EventData = { step };
  for (const [k, v] of Object.entries(data)) if (v !== undefined) message[k] = v;
  // Top-level (not framed): parent is the window itself, which is harmless.
  window.parent.postMessage(stringify ? JSON.stringify(message) : message, '*');
}

/** An API refusal as the FlinksCode event: `{step: CODE, requestId, flinksCode: CODE, institution}`. */
export function postFlinksCode(code: string, requestId: string | null, institution: string | null): void {
  post(code, { requestId: requestId ?? null, flinksCode: code, institution: institution ?? null });
}
