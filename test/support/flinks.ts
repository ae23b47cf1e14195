/** A small Flinks client for tests: the calls a real integration makes, against a test app. */
import { call, type JsonResponse } from './app.ts';
import { SANDBOX_TENANT } from '../../src/platform/tenants.ts';

export const CID = SANDBOX_TENANT.id;

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Flinks's LastRefresh: zone-less UTC with microseconds. */
export const LAST_REFRESH = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/;

export class FlinksClient {
  constructor(readonly base: string, readonly customerId: string = CID, readonly headers: Record<string, string> = {}) {}

  url(path: string): string {
    return `${this.base}/v3/${this.customerId}/BankingServices/${path}`;
  }

  post(path: string, json: unknown = {}, headers: Record<string, string> = {}): Promise<JsonResponse> {
    return call(this.url(path), { method: 'POST', json, headers: { ...this.headers, ...headers } });
  }

  get(path: string, headers: Record<string, string> = {}): Promise<JsonResponse> {
    return call(this.url(path), { headers: { ...this.headers, ...headers } });
  }

  /** Polls an Async endpoint until it stops answering 202. */
  async poll(endpoint: string, requestId: string, timeoutMs = 15_000): Promise<JsonResponse> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const r = await this.get(`${endpoint}Async/${requestId}`);
      if (r.status !== 202 || Date.now() > until) return r;
      await new Promise((res) => setTimeout(res, 100));
    }
  }

  /** Legacy live login with Flinks Capital, answering every challenge from `answers` (prompt keyword → answer). */
  async connect(username: string, opts: { language?: 'en' | 'fr'; save?: boolean; tag?: string } = {}): Promise<{ loginId: string; requestId: string }> {
    let r = await this.post('Authorize', { Institution: 'FlinksCapital', Username: username, Password: 'Everyday', MostRecentCached: false, Save: opts.save ?? true, Language: opts.language ?? 'en', Tag: opts.tag });
    for (let round = 0; r.status === 203 && round < 5; round++) {
      const responses: Record<string, string[]> = {};
      for (const c of r.body.SecurityChallenges) responses[c.Prompt] = [answerFor(c.Prompt)];
      r = await this.post('Authorize', { RequestId: r.body.RequestId, SecurityResponses: responses });
    }
    if (r.status !== 200) throw new Error(`connect ${username} failed: ${r.status} ${r.text}`);
    return { loginId: r.body.Login.Id, requestId: r.body.RequestId };
  }
}

export function answerFor(prompt: string): string {
  const p = prompt.toLowerCase();
  if (p.includes('city') || p.includes('ville')) return 'Montreal';
  if (p.includes('country') || p.includes('pays')) return 'Canada';
  if (p.includes('shape') || p.includes('forme')) return 'Triangle';
  const sum = /(\d+)\s*([+\-x*])\s*(\d+)/.exec(p);
  if (sum) {
    const a = Number(sum[1]), b = Number(sum[3]);
    return String(sum[2] === '+' ? a + b : sum[2] === '-' ? a - b : a * b);
  }
  throw new Error(`no answer for ${prompt}`);
}
