/**
 * The public Connect API, called exactly as any API client calls it:
 * /v3/{customerId}/BankingServices/... on the same origin. The authorize token
 * travels in flinks-auth-key on Authorize / AuthorizeAsync only.
 */
import { parseJson } from '../../shared/json.ts';
export interface Challenge {
  Type: string;
  Prompt: string;
  Iterables?: string[] | null;
}

export interface FlinksInstitution {
  Id: number;
  Localizations: { Language: string; Name: string }[];
  Status: string;
  Country: string;
}

export interface Account {
  Id: string;
  Title: string;
  AccountNumber: string | null;
  LastFourDigits: string | null;
  Category: string;
  Type: string;
  Currency: string;
  Balance: { Available: number | null; Current: number | null; Limit: number | null } | null;
}

/** Any answer of the API: its status and its parsed body (the Flinks envelope on errors). */
export interface Answer {
  status: number;
  body: any;
}

/** The API could not be reached (network down, server stopped). */
export class NetworkError extends Error {}

export class ConnectApi {
  constructor(private readonly customerId: string, private readonly token: string | null) {}

  private url(path: string): string {
    return `/v3/${encodeURIComponent(this.customerId)}/BankingServices/${path}`;
  }

  private async send(method: string, path: string, body?: unknown): Promise<Answer> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    // The token also authorizes the widget's own data calls for customers that require an x-api-key
    // (the widget never holds that key); where no key is required it is ignored.
    if (this.token) headers['flinks-auth-key'] = this.token;
    let res: Response;
    try {
      res = await fetch(this.url(path), { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit', cache: 'no-store' });
    } catch (err) {
      throw new NetworkError(String(err));
    }
    const parsed = parseJson(await res.text());
    return { status: res.status, body: parsed ?? {} };
  }

  authorize(body: Record<string, unknown>): Promise<Answer> {
    return this.send('POST', 'Authorize', body);
  }

  /** Polls a session (e.g. one waiting for MFA, to resume it with `requestId`). */
  authorizeAsync(requestId: string): Promise<Answer> {
    return this.send('POST', 'AuthorizeAsync', { RequestId: requestId });
  }

  async institutions(): Promise<Answer> {
    return this.send('GET', 'Institutions?take=1000');
  }

  /** GetAccountsSummary, polling its Async endpoint while it answers 202. */
  async accountsSummary(requestId: string, opts: { timeoutMs?: number; signal?: { cancelled: boolean } } = {}): Promise<Answer> {
    const until = Date.now() + (opts.timeoutMs ?? 5 * 60_000);
    let answer = await this.send('POST', 'GetAccountsSummary', { RequestId: requestId });
    let wait = 400;
    while (answer.status === 202 && Date.now() < until && !opts.signal?.cancelled) {
      await new Promise((r) => setTimeout(r, wait));
      wait = Math.min(wait * 1.5, 3000);
      answer = await this.send('GET', `GetAccountsSummaryAsync/${encodeURIComponent(requestId)}`);
    }
    return answer;
  }

  /** An OAuth institution (FDX provider): where to send the person for the provider's consent (RedirectUrl). */
  oauthAuthorize(body: Record<string, unknown>): Promise<Answer> {
    return this.send('POST', 'OAuth/Authorize', body);
  }

  mfaQuestions(loginId: string): Promise<Answer> {
    return this.send('GET', `GetMFAQuestions/${encodeURIComponent(loginId)}`);
  }

  answerMfaQuestions(loginId: string, questions: { Question: string; Answer: string }[]): Promise<Answer> {
    return this.send('PATCH', 'AnswerMFAQuestions', { LoginId: loginId, Questions: questions });
  }
}
