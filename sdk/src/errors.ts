/**
 * Errors as the wire tells them. Each surface of the Flinks API has its own error shape, and each
 * class here carries that shape's code and the HTTP status, so a caller can switch on them:
 *
 * - Connect, Enrich, Upload (`/v3/...`): `{"HttpStatusCode","Message","FlinksCode"}`
 *   (docs.flinks.com/api/authorize/error-codes) → FlinksError, `code` = FlinksCode;
 * - Pay: RFC 7807 ProblemDetails `{type,title,status,detail,errors?}` → PayError, `code` = the OAuth
 *   `error` member when there is one (the token endpoint), else the problem's `type`;
 * - Outbound FDX: `{"code","message","debugMessage"}` (docs.flinks.com/api/outbound/endpoints/fdx/fdx-errors)
 *   → FdxError, `code` = the FDX code ("602", "1205", …);
 * - Outbound OAuth and management: `{"error","error_description"}` (RFC 6749 §5.2) or `{"message"}`
 *   → OutboundError, `code` = `error` or null.
 */
import type { SecurityChallenge } from './types.js';

/** An answer outside 2xx (or a 2xx the client could not use). */
export class FlinksApiError extends Error {
  /** The HTTP status of the answer. */
  readonly status: number;
  /** The wire's code, as the surface names it (see the subclasses); null when the answer has none. */
  readonly code: string | null;
  /** The parsed body (or the text when it is not JSON). */
  readonly body: unknown;
  readonly headers: Headers;
  readonly method: string;
  readonly url: string;

  constructor(message: string, init: { status: number; code: string | null; body: unknown; headers: Headers; method: string; url: string }) {
    super(message);
    this.name = new.target.name;
    this.status = init.status;
    this.code = init.code;
    this.body = init.body;
    this.headers = init.headers;
    this.method = init.method;
    this.url = init.url;
  }
}

type ErrorInit = ConstructorParameters<typeof FlinksApiError>[1];

/** A Connect, Enrich or Upload error: the Flinks envelope. */
export class FlinksError extends FlinksApiError {
  /** INVALID_LOGIN, SESSION_NONEXISTENT, UNAUTHORIZED, … */
  declare readonly code: string;
  /** The RequestId of the session, when the answer names one (a refused login does). */
  readonly requestId: string | undefined;
  constructor(message: string, init: ErrorInit & { code: string; requestId: string | undefined }) {
    super(message, init);
    this.requestId = init.requestId;
  }
}

/** A Pay error: RFC 7807 ProblemDetails. */
export class PayError extends FlinksApiError {
  declare readonly code: string;
  readonly type: string | undefined;
  readonly title: string | undefined;
  readonly detail: string | undefined;
  /** A validation failure's messages by field path (`[0].amount` → […]). */
  readonly errors: Record<string, string[]> | undefined;
  constructor(message: string, init: ErrorInit & { code: string; type: string | undefined; title: string | undefined; detail: string | undefined; errors: Record<string, string[]> | undefined }) {
    super(message, init);
    this.type = init.type;
    this.title = init.title;
    this.detail = init.detail;
    this.errors = init.errors;
  }
}

/** An Outbound FDX data error. */
export class FdxError extends FlinksApiError {
  /** The FDX code: "401" invalid input, "602" not authorized, "701" account not found, "1205" bad token, … */
  declare readonly code: string;
  readonly debugMessage: string | undefined;
  constructor(message: string, init: ErrorInit & { code: string; debugMessage: string | undefined }) {
    super(message, init);
    this.debugMessage = init.debugMessage;
  }
}

/** An Outbound OAuth (`error`, `error_description`) or management (`message`) error. */
export class OutboundError extends FlinksApiError {}

/** Authorize answered 203 and no onMfa was given to answer it. */
export class MfaRequiredError extends Error {
  readonly requestId: string;
  readonly challenges: SecurityChallenge[];
  /** The authorize token of the session, to send again with the answers (connect.answerMfa). */
  readonly authorizeToken: string | undefined;
  constructor(requestId: string, challenges: SecurityChallenge[], authorizeToken?: string) {
    super(`Authorize asks ${challenges.length} security question(s) (HTTP 203): pass onMfa to answer them`);
    this.name = 'MfaRequiredError';
    this.requestId = requestId;
    this.challenges = challenges;
    this.authorizeToken = authorizeToken;
  }
}

/** A 202 that did not turn into an answer within the poll's timeout. */
export class PollTimeoutError extends Error {
  readonly requestId: string;
  readonly elapsedMs: number;
  /** The last 202 body. */
  readonly lastBody: unknown;
  constructor(what: string, requestId: string, elapsedMs: number, lastBody: unknown) {
    super(`${what} for ${requestId} still answered 202 after ${elapsedMs} ms`);
    this.name = 'PollTimeoutError';
    this.requestId = requestId;
    this.elapsedMs = elapsedMs;
    this.lastBody = lastBody;
  }
}

export type Surface = 'flinks' | 'pay' | 'fdx' | 'outbound';

function member(body: unknown, name: string): unknown {
  return body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** The error a non-2xx answer of a surface stands for. */
export function errorFor(surface: Surface, init: { status: number; body: unknown; headers: Headers; method: string; url: string }): FlinksApiError {
  const { status, body } = init;
  const where = `${init.method} ${init.url} answered ${status}`;
  switch (surface) {
    case 'flinks': {
      const code = str(member(body, 'FlinksCode')) ?? `HTTP_${status}`;
      const message = str(member(body, 'Message'));
      return new FlinksError(`${where} ${code}${message ? `: ${message}` : ''}`, { ...init, code, requestId: str(member(body, 'RequestId')) });
    }
    case 'pay': {
      const type = str(member(body, 'type'));
      const code = str(member(body, 'error')) ?? type ?? `HTTP_${status}`;
      const detail = str(member(body, 'detail'));
      const errors = member(body, 'errors');
      return new PayError(`${where}${detail ? `: ${detail}` : ''}`, {
        ...init, code, type, detail, title: str(member(body, 'title')),
        errors: errors !== null && typeof errors === 'object' ? (errors as Record<string, string[]>) : undefined,
      });
    }
    case 'fdx': {
      const code = str(member(body, 'code')) ?? `HTTP_${status}`;
      const message = str(member(body, 'message'));
      return new FdxError(`${where} ${code}${message ? `: ${message}` : ''}`, { ...init, code, debugMessage: str(member(body, 'debugMessage')) });
    }
    case 'outbound': {
      const code = str(member(body, 'error')) ?? null;
      const message = str(member(body, 'error_description')) ?? str(member(body, 'message'));
      return new OutboundError(`${where}${code ? ` ${code}` : ''}${message ? `: ${message}` : ''}`, { ...init, code });
    }
  }
}
