/**
 * A small Pay client for the sessions tests: the calls an integration makes
 * (token, create, status, details, cancel, confirm) and the calls the hosted
 * app makes for the payor (start, consent, bank link, account, amount,
 * guarantee, review, PAD), against a real test app.
 */
import assert from 'node:assert/strict';
import { call, type JsonResponse } from '../../support/app.ts';
import { FlinksClient, answerFor } from '../../support/flinks.ts';
import { SANDBOX_TENANT } from '../../../src/platform/tenants.ts';

export const basic = (id: string, secret: string) => 'Basic ' + Buffer.from(`${id}:${secret}`).toString('base64');

export function assertProblem(res: JsonResponse, status: number, detail?: RegExp): void {
  assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${res.text}`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
  assert.equal(res.body.status, status);
  assert.equal(typeof res.body.type, 'string');
  assert.equal(typeof res.body.title, 'string');
  if (detail) assert.match(String(res.body.detail), detail);
}

export function happyBody(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    referenceId: 'Happy1',
    type: 'EFT',
    direction: 'DEBIT',
    currency: 'CAD',
    amount: 100,
    options: { guarantee: { enable: true }, notificationPreferences: { language: 'EN' }, showConsentScreen: true },
    payor: { firstName: 'John', lastName: 'Doe', email: 'john.doe@example.com', address: { addressLine1: '123 Front Avenue', city: 'Toronto', postalCode: 'h2eh2e', province: 'ON', country: 'CA' } },
    ...over,
  };
}

export class PayClient {
  token = '';
  readonly connect: FlinksClient;

  constructor(readonly base: string, readonly customerId: string = SANDBOX_TENANT.id, readonly secret: string = SANDBOX_TENANT.secretKey) {
    this.connect = new FlinksClient(base, customerId);
  }

  async authorize(): Promise<string> {
    const r = await call(`${this.base}/pay/api/v1/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(this.customerId, this.secret) },
      body: 'grant_type=client_credentials',
    });
    assert.equal(r.status, 200, r.text);
    this.token = r.body.access_token;
    return this.token;
  }

  private auth(): Record<string, string> {
    return { authorization: `Bearer ${this.token}` };
  }

  post(path: string, json: unknown, headers: Record<string, string> = {}): Promise<JsonResponse> {
    return call(`${this.base}${path}`, { method: 'POST', json, headers: { ...this.auth(), ...headers } });
  }

  get(path: string, headers: Record<string, string> = {}): Promise<JsonResponse> {
    return call(`${this.base}${path}`, { headers: { ...this.auth(), ...headers } });
  }

  create(body: unknown, headers: Record<string, string> = {}): Promise<JsonResponse> {
    return this.post('/pay/api/v2/sessions', body, headers);
  }

  async createOk(body: unknown): Promise<string> {
    const r = await this.create(body);
    assert.equal(r.status, 201, r.text);
    return r.body.sessionId;
  }

  status(id: string): Promise<JsonResponse> {
    return this.get(`/pay/api/v2/sessions/${id}/status`);
  }

  details(id: string): Promise<JsonResponse> {
    return this.get(`/pay/api/v2/sessions/${id}/details`);
  }

  // ---- what the hosted app does --------------------------------------------------------

  app(id: string, action: string, json: unknown = {}): Promise<JsonResponse> {
    return call(`${this.base}/pay/app/api/sessions/${id}/${action}`, { method: 'POST', json });
  }

  async appOk(id: string, action: string, json: unknown = {}): Promise<any> {
    const r = await this.app(id, action, json);
    assert.equal(r.status, 200, `${action}: ${r.text}`);
    return r.body;
  }

  view(id: string): Promise<JsonResponse> {
    return call(`${this.base}/pay/app/api/sessions/${id}`);
  }

  /**
   * The payor logs in to Flinks Capital as the Connect widget framed in the app
   * does: with the authorize token and the tag of the widget URL the app gets
   * from /connect; then the app reports the link.
   */
  async linkBank(id: string, username: string): Promise<any> {
    const w = await call(`${this.base}/pay/app/api/sessions/${id}/connect`, { method: 'POST', json: {} });
    assert.equal(w.status, 200, w.text);
    const params = new URL(w.body.widgetUrl, this.base).searchParams;
    const headers: Record<string, string> = {};
    const token = params.get('authorizeToken');
    if (token) headers['flinks-auth-key'] = token;
    let r = await this.connect.post('Authorize', { Institution: 'FlinksCapital', Username: username, Password: 'Everyday', MostRecentCached: false, Save: true, Tag: params.get('tag'), Language: params.get('language') }, headers);
    for (let round = 0; r.status === 203 && round < 5; round++) {
      const responses: Record<string, string[]> = {};
      for (const c of r.body.SecurityChallenges) responses[c.Prompt] = [answerFor(c.Prompt)];
      r = await this.connect.post('Authorize', { RequestId: r.body.RequestId, SecurityResponses: responses }, headers);
    }
    assert.equal(r.status, 200, `connect ${username}: ${r.text}`);
    return this.appOk(id, 'linked', { loginId: r.body.Login.Id, requestId: r.body.RequestId });
  }

  /** Polls the app's account list until the aggregation is done. */
  async accounts(id: string): Promise<any> {
    const until = Date.now() + 20_000;
    for (;;) {
      const r = await call(`${this.base}/pay/app/api/sessions/${id}/accounts`);
      if (r.status !== 202) {
        assert.equal(r.status, 200, r.text);
        return r.body;
      }
      if (Date.now() > until) throw new Error('accounts never became ready');
      await new Promise((res) => setTimeout(res, 100));
    }
  }

  /** Start → (consent) → bank → first account → the app view after choosing it. */
  async upToAmount(id: string, username: string): Promise<any> {
    const started = await this.appOk(id, 'start');
    if (started.step === 'Consent') await this.appOk(id, 'consent');
    await this.appOk(id, 'institution');
    await this.linkBank(id, username);
    const list = await this.accounts(id);
    assert.ok(list.accounts.length > 0, JSON.stringify(list));
    return this.appOk(id, 'account', { accountId: list.accounts[0].id });
  }
}
