/**
 * Upload of bank statements (PDF, OFX/QFX, CSV, CAMT.053, MT940): a multipart POST answered 202
 * with a RequestId and LoginId, whose status answers 202 while the documents are read, then 200.
 */
import { apiKeyHeader, bearerSecretHeader, route, type Context } from './context.js';
import { follow202 } from './http.js';
import type { Answer, CallOptions, PollOptions } from './types.js';

const DOCUMENTS = '/v3/{customerId}/upload/documents';
const STATUS = '/v3/{customerId}/upload/documents/{requestId}';
const FRAUD = '/v3/{customerId}/upload/fraudanalysis/{loginId}';

export type UploadCreatedAnswer = Answer<typeof DOCUMENTS, 'post', 202>;
export type UploadStatusAnswer = Answer<typeof STATUS, 'get', 200>;
export type FraudAnalysisAnswer = Answer<typeof FRAUD, 'get', 200>;

export interface UploadFile {
  /** The file's name (its extension helps tell the format). */
  name: string;
  data: Blob | Uint8Array | string;
  /** Its media type, e.g. application/pdf. */
  type?: string;
}

export interface UploadFields {
  Tag?: string;
  Language?: 'en' | 'fr';
  /** An institution's code or id, or a bank's name. */
  Institution?: string;
}

export class Upload {
  constructor(private readonly ctx: Context) {}

  /** Sends statements; answers the 202 with the RequestId (for `status`) and the LoginId. */
  async documents(files: UploadFile[], fields: UploadFields = {}, opts: CallOptions = {}): Promise<UploadCreatedAnswer> {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) form.append(k, v);
    for (const f of files) {
      const blob = f.data instanceof Blob ? f.data : new Blob([f.data] as ConstructorParameters<typeof Blob>[0], { type: f.type ?? 'application/octet-stream' });
      form.append('files', blob, f.name);
    }
    const r = await this.ctx.transport.send({ surface: 'flinks', method: 'POST', ...route(this.ctx, DOCUMENTS), multipart: form, headers: apiKeyHeader(this.ctx), signal: opts.signal });
    return r.body as UploadCreatedAnswer;
  }

  /** The upload's status: its 202 followed until every document is read (200). */
  async status(requestId: string, options: PollOptions = {}): Promise<UploadStatusAnswer> {
    const send = () => this.ctx.transport.send({ surface: 'flinks', method: 'GET', ...route(this.ctx, STATUS, { requestId }), headers: apiKeyHeader(this.ctx), signal: options.signal });
    return (await follow202(await send(), send, 'upload status', requestId, options)).body as UploadStatusAnswer;
  }

  /** The fraud analysis of an uploaded login: signals per document and the verdict. */
  async fraudAnalysis(loginId: string, options: PollOptions = {}): Promise<FraudAnalysisAnswer> {
    const send = () => this.ctx.transport.send({ surface: 'flinks', method: 'GET', ...route(this.ctx, FRAUD, { loginId }), headers: bearerSecretHeader(this.ctx), signal: options.signal });
    return (await follow202(await send(), send, 'fraud analysis', loginId, options)).body as FraudAnalysisAnswer;
  }
}
