/**
 * The hosted app's API (/pay/app/api/sessions/{sessionId}/...), same origin.
 * Every answer is the session as the app may see it, or ProblemDetails.
 */
import { parseJson } from '../../shared/json.ts';
export interface View {
  sessionId: string;
  kind: 'GEFT' | 'EFT' | 'e-Transfer';
  version: 1 | 2;
  status: 'Initiated' | 'InProgress' | 'Completed' | 'Failed' | 'Canceled' | 'Expired';
  statusDetails: string;
  step: 'Start' | 'Consent' | 'BankSelection' | 'BankConnection' | 'AccountSelection' | 'AmountSelection' | 'GuaranteeOffer' | 'Review' | 'Pad' | 'Complete';
  language: 'en' | 'fr';
  customerName: string;
  customerId: string;
  referenceId: string | null;
  amount: number | null;
  amountLocked: boolean;
  limits: { minimumAmount: number; maximumAmount: number };
  payor: { firstName: string; lastName: string; email: string | null };
  showConsent: boolean;
  redirect: { mode: 'JsEvents' | 'Redirect'; urlSuccess: string | null; urlExit: string | null };
  account: { label: string; availableBalance: number | null } | null;
  guarantee: { offered: boolean; requestedAmount: number | null; offeredAmount: number | null; nextBestOffer: boolean; accepted: boolean | null; awaitingClient: boolean } | null;
  pad: { id: string; signed: boolean } | null;
  interac: { status: string; expiresAt: string; email: string | null } | null;
  paymentRequest: { id: string; status: string; referenceNumber: string } | null;
  loginFailures: number;
  sandboxLogin: { username: string; password: string } | null;
}

export interface AccountChoice {
  id: string;
  title: string;
  type: string;
  accountNumber: string;
  availableBalance: number | null;
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly detail: string) {
    super(detail);
  }
}

async function send<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: T }> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'network');
  }
  const parsed = parseJson(await res.text());
  if (res.status >= 400) throw new ApiError(res.status, typeof parsed?.detail === 'string' ? parsed.detail : `HTTP ${res.status}`);
  return { status: res.status, body: parsed as T };
}

export class PayApi {
  private readonly base: string;
  constructor(sessionId: string) {
    this.base = `/pay/app/api/sessions/${encodeURIComponent(sessionId)}`;
  }

  async view(): Promise<View> {
    return (await send<View>('GET', this.base)).body;
  }

  async act(action: string, body: Record<string, unknown> = {}): Promise<View> {
    return (await send<View>('POST', `${this.base}/${action}`, body)).body;
  }

  async connectUrl(): Promise<string> {
    return (await send<{ widgetUrl: string }>('POST', `${this.base}/connect`, {})).body.widgetUrl;
  }

  /** null while the bank data is still being retrieved. */
  async accounts(): Promise<{ accounts: AccountChoice[]; session?: View } | null> {
    const r = await send<{ accounts: AccountChoice[]; session?: View; pending?: boolean }>('GET', `${this.base}/accounts`);
    return r.status === 202 ? null : r.body;
  }

  async pad(language: 'en' | 'fr'): Promise<string[]> {
    return (await send<{ lines: string[] }>('GET', `${this.base}/pad?language=${language}`)).body.lines;
  }

  padDownloadUrl(language: 'en' | 'fr'): string {
    return `${this.base}/pad?download=1&language=${language}`;
  }
}
