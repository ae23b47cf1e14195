/**
 * Upload's public API as the widget calls it (docs/upload.md): a multipart POST sent with
 * XMLHttpRequest (fetch reports no upload progress), then the status polled while it answers 202.
 * The authorize token travels in flinks-auth-key, as on the Connect calls.
 */
import type { Answer } from './api.ts';
import { parseJson } from '../../shared/json.ts';

export class UploadApi {
  constructor(private readonly customerId: string, private readonly token: string | null) {}

  private url(path: string): string {
    return `/v3/${encodeURIComponent(this.customerId)}/upload/${path}`;
  }

  /** Sends the files; `onProgress` gets the fraction of bytes sent. Network failures answer status 0. */
  send(files: File[], fields: Record<string, string>, onProgress: (fraction: number) => void): Promise<Answer> {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    for (const f of files) form.append('files', f, f.name);
    return new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', this.url('documents'));
      xhr.setRequestHeader('accept', 'application/json');
      if (this.token) xhr.setRequestHeader('flinks-auth-key', this.token);
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
      };
      xhr.onload = () => resolve({ status: xhr.status, body: parseJson(xhr.responseText) ?? {} });
      xhr.onerror = () => resolve({ status: 0, body: { FlinksCode: 'NETWORK' } });
      xhr.onabort = xhr.onerror;
      xhr.send(form);
    });
  }

  async status(requestId: string): Promise<Answer> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.token) headers['flinks-auth-key'] = this.token;
    try {
      const res = await fetch(this.url(`documents/${encodeURIComponent(requestId)}`), { headers, credentials: 'omit', cache: 'no-store' });
      return { status: res.status, body: parseJson(await res.text()) ?? {} };
    } catch {
      return { status: 0, body: { FlinksCode: 'NETWORK' } };
    }
  }
}
