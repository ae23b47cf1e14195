/**
 * A client of Maplelink's Pay API for tests: x-client-id or Bearer calls,
 * ProblemDetails assertions, transaction bodies, signing a PAD through its page.
 */
import assert from 'node:assert/strict';
import { call, type JsonResponse } from './app.ts';
import { SANDBOX_TENANT } from '../../src/platform/tenants.ts';

export interface PayCreds {
  customerId: string;
  secretKey: string;
  apiKey: string;
}

export const SANDBOX_CREDS: PayCreds = { customerId: SANDBOX_TENANT.id, secretKey: SANDBOX_TENANT.secretKey, apiKey: SANDBOX_TENANT.apiKey };

export class PayClient {
  constructor(readonly base: string, readonly creds: PayCreds = SANDBOX_CREDS) {}

  headers(extra: Record<string, string> = {}): Record<string, string> {
    return { 'x-client-id': this.creds.apiKey, ...extra };
  }

  get(path: string, headers: Record<string, string> = {}): Promise<JsonResponse> {
    return call(`${this.base}/pay/api/v1${path}`, { headers: this.headers(headers) });
  }

  post(path: string, json?: unknown, headers: Record<string, string> = {}): Promise<JsonResponse> {
    return call(`${this.base}/pay/api/v1${path}`, { method: 'POST', headers: this.headers(headers), ...(json === undefined ? {} : { json }) });
  }

  async token(): Promise<string> {
    const res = await call(`${this.base}/pay/api/v1/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'Basic ' + Buffer.from(`${this.creds.customerId}:${this.creds.secretKey}`).toString('base64') },
      body: 'grant_type=client_credentials',
    });
    assert.equal(res.status, 200, res.text);
    return res.body.access_token;
  }

  /** POST /transactions with one transaction; asserts 200 and answers the schedule. */
  async create(tx: Record<string, unknown>, headers: Record<string, string> = {}): Promise<any> {
    const res = await this.post('/transactions', [tx], headers);
    assert.equal(res.status, 200, res.text);
    return res.body.schedules[0];
  }

  /** Signs a schedule's PAD on its page, as the payor would. */
  async signPad(padId: string, name = 'Jane Doe'): Promise<void> {
    const pad = await this.get(`/pads/${padId}`);
    assert.equal(pad.status, 200, pad.text);
    const link = new URL(pad.body.padLink);
    const token = link.searchParams.get('token')!;
    const res = await fetch(`${this.base}/pay/pad/${padId}/sign`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, name, agree: 'yes' }).toString(),
      redirect: 'manual',
    });
    assert.equal(res.status, 303, await res.text());
  }

  async cutoff(valueDate: string, headers: Record<string, string> = {}): Promise<any> {
    const res = await this.post('/files', { valueDate }, headers);
    assert.equal(res.status, 200, res.text);
    return res.body;
  }

  async fileText(id: string): Promise<string> {
    const res = await fetch(`${this.base}/pay/api/v1/files/${id}`, { headers: this.headers() });
    assert.equal(res.status, 200);
    return res.text();
  }
}

export function assertProblem(res: JsonResponse, status: number, detail?: RegExp): void {
  assert.equal(res.status, status, res.text);
  assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/, res.text);
  assert.equal(res.body.status, status);
  assert.equal(typeof res.body.type, 'string');
  assert.equal(typeof res.body.title, 'string');
  assert.equal(typeof res.body.detail, 'string');
  if (detail) assert.match(res.body.detail, detail);
}

export { plusDays, debit, credit, payToday } from './pay-fixtures.ts';
