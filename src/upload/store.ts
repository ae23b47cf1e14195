/**
 * Upload's SQL. Every statement names customer_id (tenant isolation in the queries).
 * Connect's own tables are written only through Connect's store.
 */
import type { Queryable } from '../platform/db.ts';
import { isGuid } from '../platform/ids.ts';

export type UploadState = 'Processing' | 'Completed' | 'Failed';
export type DocumentStatus = 'Pending' | 'Processed' | 'Failed';

export interface UploadRow {
  id: string;
  customer_id: string;
  login_id: string;
  state: UploadState;
  tag: string | null;
  language: 'en' | 'fr';
  institution: string | null;
  failure: string | null;
  created_at: Date;
  completed_at: Date | null;
}

export interface DocumentRow {
  id: string;
  upload_id: string;
  position: number;
  file_name: string;
  content_type: string | null;
  size_bytes: number;
  sha256: string;
  status: DocumentStatus;
  format: string | null;
  error: string | null;
  statements: number | null;
  transactions: number | null;
  pages: number | null;
  /** What the document left blank or the reader skipped (formatted warnings); null until processed. */
  warnings: string[] | null;
  analysis: StoredAnalysis | null;
}

/** A document's fraud analysis as stored (the wire shape is built from it). */
export interface StoredAnalysis {
  verdict: string;
  signals: { type: string; evidence: { specificType: string; value: string; dataType: string; page?: number }[] }[];
}

export interface NewDocument {
  id: string;
  position: number;
  fileName: string;
  contentType: string | null;
  bytes: Uint8Array;
  sha256: string;
}

const DOCUMENT_COLUMNS = 'id, upload_id, position, file_name, content_type, size_bytes, sha256, status, format, error, statements, transactions, pages, warnings, analysis';

export class UploadStore {
  async insertUpload(q: Queryable, u: { id: string; customerId: string; loginId: string; tag: string | null; language: string; institution: string | null; now: Date }): Promise<void> {
    await q.query(
      `insert into upload_requests (id, customer_id, login_id, state, tag, language, institution, created_at) values ($1, $2, $3, 'Processing', $4, $5, $6, $7)`,
      [u.id, u.customerId, u.loginId, u.tag, u.language, u.institution, u.now],
    );
  }

  async insertDocument(q: Queryable, customerId: string, uploadId: string, d: NewDocument): Promise<void> {
    await q.query(
      // Bytes travel as base64 text: PGlite encodes a bytea parameter byte by byte (5 s for 20 MB), decode() takes 0.6 s.
      `insert into upload_documents (id, upload_id, customer_id, position, file_name, content_type, size_bytes, sha256, content) values ($1, $2, $3, $4, $5, $6, $7, $8, decode($9, 'base64'))`,
      [d.id, uploadId, customerId, d.position, d.fileName, d.contentType, d.bytes.byteLength, d.sha256, Buffer.from(d.bytes.buffer, d.bytes.byteOffset, d.bytes.byteLength).toString('base64')],
    );
  }

  // Ids come from clients: anything that is not a GUID is simply not found.
  async findUpload(q: Queryable, customerId: string, uploadId: string, lock = false): Promise<UploadRow | null> {
    if (!isGuid(uploadId)) return null;
    const rows = await q.query<UploadRow>(`select * from upload_requests where id = $1 and customer_id = $2${lock ? ' for update' : ''}`, [uploadId.toLowerCase(), customerId]);
    return rows[0] ?? null;
  }

  async uploadsOfLogin(q: Queryable, customerId: string, loginId: string): Promise<UploadRow[]> {
    if (!isGuid(loginId)) return [];
    return q.query<UploadRow>('select * from upload_requests where login_id = $1 and customer_id = $2 order by created_at', [loginId.toLowerCase(), customerId]);
  }

  async documents(q: Queryable, customerId: string, uploadId: string): Promise<DocumentRow[]> {
    return q.query<DocumentRow>(`select ${DOCUMENT_COLUMNS} from upload_documents where upload_id = $1 and customer_id = $2 order by position`, [uploadId, customerId]);
  }

  /** One document's bytes (read one at a time: an upload may hold 180 MB). */
  async content(q: Queryable, customerId: string, documentId: string): Promise<Uint8Array | null> {
    const rows = await q.query<{ content: string | null }>(`select encode(content, 'base64') as content from upload_documents where id = $1 and customer_id = $2`, [documentId, customerId]);
    const c = rows[0]?.content ?? null;
    return c === null ? null : new Uint8Array(Buffer.from(c, 'base64'));
  }

  async setDocumentResult(q: Queryable, customerId: string, documentId: string, r: { status: DocumentStatus; format: string | null; error: string | null; statements: number | null; transactions: number | null; pages: number | null; warnings: string[] | null }): Promise<void> {
    await q.query(
      `update upload_documents set status = $3, format = $4, error = $5, statements = $6, transactions = $7, pages = $8, warnings = $9 where id = $1 and customer_id = $2`,
      [documentId, customerId, r.status, r.format, r.error, r.statements, r.transactions, r.pages, r.warnings === null ? null : JSON.stringify(r.warnings)],
    );
  }

  async setDocumentAnalysis(q: Queryable, customerId: string, documentId: string, analysis: StoredAnalysis): Promise<void> {
    await q.query('update upload_documents set analysis = $3 where id = $1 and customer_id = $2', [documentId, customerId, JSON.stringify(analysis)]);
  }

  /** Ends an upload: its state, and the documents' bytes are dropped (what they held is now in Connect's tables). */
  async finishUpload(q: Queryable, customerId: string, uploadId: string, state: UploadState, failure: string | null, now: Date): Promise<void> {
    await q.query('update upload_requests set state = $3, failure = $4, completed_at = $5 where id = $1 and customer_id = $2', [uploadId, customerId, state, failure, now]);
    await q.query('update upload_documents set content = null where upload_id = $1 and customer_id = $2', [uploadId, customerId]);
  }
}
