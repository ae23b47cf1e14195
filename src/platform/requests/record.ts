/**
 * What one recorded request is, and how its identifiers are read: pure functions, no I/O.
 *
 * The platform knows no product's wire format, so it reads the identifiers the Flinks surfaces
 * all share by name: `RequestId` and `LoginId` in the path (`:requestId`, `:loginId`), the body or
 * the query string, and in the answer `RequestId`, `LoginId`, the `Login` object's `Id`
 * (docs.flinks.com/api/authorize/authorize: the Authorize answer) and an error's `FlinksCode`
 * (docs.flinks.com/api/authorize/error-codes). Nothing else of a body is kept: no credentials,
 * no account numbers, no names.
 */

/** One row of the request log, as the recorder buffers it. */
export interface RecordedRequest {
  /** When the request arrived (ms since the epoch). */
  at: number;
  customerId: string | null;
  product: string;
  method: string;
  /** The route template, `{param}` style: `/v3/{customerId}/BankingServices/GetAccountsDetail`. */
  endpoint: string;
  requestId: string | null;
  loginId: string | null;
  status: number;
  flinksCode: string | null;
  durationMs: number;
}

/** The longest identifier kept: a GUID is 36 characters; anything much longer is not an identifier. */
const MAX_ID = 64;
/** Identifiers as the surfaces write them: GUIDs, or our own tokens (letters, digits, `-_.:`). */
const ID_CHARS = /^[A-Za-z0-9_.:-]+$/;
/** FlinksCodes are upper-case words joined by underscores (OPERATION_PENDING); kept only when they look so. */
const CODE_CHARS = /^[A-Za-z0-9_]{1,64}$/;

/** fastify's `/v3/:customerId/x/:loginId` as the documented `/v3/{customerId}/x/{loginId}`. */
export function routeTemplate(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/** An identifier as stored and searched: trimmed and lower-case (GUIDs compare case-insensitively); null when it is not one. */
export function identifier(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const s = v.trim();
  return s.length > 0 && s.length <= MAX_ID && ID_CHARS.test(s) ? s.toLowerCase() : null;
}

function member(o: unknown, name: string): unknown {
  return typeof o === 'object' && o !== null && !Array.isArray(o) ? (o as Record<string, unknown>)[name] : undefined;
}

/**
 * The RequestId and LoginId a request names: its path parameters first, then its body, then its
 * query string (the /v3 context has already bound the keys' case, so `requestid` arrives as `RequestId`).
 */
export function idsOfRequest(params: unknown, body: unknown, query: unknown): { requestId: string | null; loginId: string | null } {
  return {
    requestId: identifier(member(params, 'requestId')) ?? identifier(member(body, 'RequestId')) ?? identifier(member(query, 'RequestId')),
    loginId: identifier(member(params, 'loginId')) ?? identifier(member(body, 'LoginId')) ?? identifier(member(query, 'LoginId')),
  };
}

/**
 * How much of an answer is read. Small answers whole; a large one (GetAccountsDetail with its
 * transactions, hundreds of kB) only at its head and its tail, where the Flinks answers put
 * RequestId, Login and FlinksCode: reading all of it would cost the request more than recording it.
 */
const WHOLE_UP_TO = 16 * 1024;
const EDGE = 4 * 1024;

/** The part of an answer body that is searched (latin1: the identifiers are ASCII). */
export function answerText(payload: unknown): string | null {
  if (typeof payload === 'string') {
    return payload.length <= WHOLE_UP_TO ? payload : `${payload.slice(0, EDGE)}\n${payload.slice(-EDGE)}`;
  }
  if (Buffer.isBuffer(payload)) {
    const n = payload.length;
    return n <= WHOLE_UP_TO ? payload.toString('latin1') : `${payload.toString('latin1', 0, EDGE)}\n${payload.toString('latin1', n - EDGE, n)}`;
  }
  return null; // a stream (a PDF statement) or no body: nothing to read
}

/** The string value of the first `"name":"value"` member in JSON text at or after `from`. */
function stringMember(text: string, name: string, from = 0): string | null {
  const key = `"${name}":"`;
  const at = text.indexOf(key, from);
  if (at < 0) return null;
  const start = at + key.length;
  const end = text.indexOf('"', start);
  return end < 0 ? null : text.slice(start, Math.min(end, start + MAX_ID + 1));
}

/**
 * The identifiers and the FlinksCode an answer carries. The FlinksCode only of an answer other
 * than 200 (an error, or 202's OPERATION_PENDING): a 200 has none, and its body is not searched for one.
 */
export function idsOfAnswer(text: string, status: number): { requestId: string | null; loginId: string | null; flinksCode: string | null } {
  let loginId = identifier(stringMember(text, 'LoginId'));
  if (loginId === null) {
    const login = text.indexOf('"Login":{');
    const close = login < 0 ? -1 : text.indexOf('}', login);
    const id = login < 0 ? -1 : text.indexOf('"Id":"', login);
    // The Login object's own Id: before the object closes (it holds no nested object).
    if (id >= 0 && close > id) loginId = identifier(stringMember(text, 'Id', id));
  }
  const code = status === 200 ? null : stringMember(text, 'FlinksCode');
  return { requestId: identifier(stringMember(text, 'RequestId')), loginId, flinksCode: code !== null && CODE_CHARS.test(code) ? code : null };
}
