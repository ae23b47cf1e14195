/** Upload calls as a client makes them: multipart POST, status polling, FraudAnalysis. */
import { call, type JsonResponse } from '../../support/app.ts';
import { CID } from '../../support/flinks.ts';
import { SANDBOX_TENANT } from '../../../src/platform/tenants.ts';

export interface FileToSend {
  name: string;
  bytes: Uint8Array;
  type?: string;
}

export async function upload(base: string, files: FileToSend[], fields: Record<string, string> = {}, opts: { customerId?: string; headers?: Record<string, string> } = {}): Promise<JsonResponse> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files) form.append('files', new Blob([f.bytes as Uint8Array<ArrayBuffer>], { type: f.type ?? 'application/pdf' }), f.name);
  const res = await fetch(`${base}/v3/${opts.customerId ?? CID}/upload/documents`, { method: 'POST', body: form, headers: opts.headers });
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, body, text };
}

export function uploadStatus(base: string, requestId: string, customerId = CID): Promise<JsonResponse> {
  return call(`${base}/v3/${customerId}/upload/documents/${requestId}`);
}

/** Polls the upload until it stops answering 202. */
export async function waitForUpload(base: string, requestId: string, timeoutMs = 60_000): Promise<JsonResponse> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await uploadStatus(base, requestId);
    if (r.status !== 202 || Date.now() > until) return r;
    await new Promise((res) => setTimeout(res, 100));
  }
}

export function fraudAnalysis(base: string, loginId: string, secret: string = SANDBOX_TENANT.secretKey): Promise<JsonResponse> {
  return call(`${base}/v3/${CID}/upload/fraudanalysis/${loginId}`, { headers: { authorization: `Bearer ${secret}` } });
}

/** Uploads, waits, and answers the finished status (asserting the 202 first). */
export async function uploadAndWait(base: string, files: FileToSend[], fields: Record<string, string> = {}): Promise<{ requestId: string; loginId: string; done: JsonResponse }> {
  const r = await upload(base, files, fields);
  if (r.status !== 202) throw new Error(`upload answered ${r.status}: ${r.text}`);
  const done = await waitForUpload(base, r.body.RequestId);
  return { requestId: r.body.RequestId, loginId: r.body.LoginId, done };
}

export function signalTypes(body: any): string[] {
  return body.DocumentAnalysis.flatMap((d: any) => d.FullAnalysis.flatMap((a: any) => a.FraudSignals.flatMap((s: any) => s.UnderlyingData.flatMap((u: any) => u.Details.map((x: any) => `${s.Type}/${x.SpecificType}`)))));
}
