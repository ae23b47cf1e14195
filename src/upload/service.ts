/**
 * Upload's use cases: take documents (one upload = one new Connect login), read them in a
 * background job, write what they hold into Connect's tables, and answer the upload's status
 * and its fraud analysis.
 *
 * The login exists from the first answer (as in Flinks's Connect upload flow, the LoginId comes
 * back at once): it is marked as aggregating, so Authorize (cached) works immediately and
 * GetAccountsDetail answers 202 until the documents are read, then 200 with the accounts, or
 * Document_Processing_Failed when none could be read.
 */
import { createHash } from 'node:crypto';
import type { Platform } from '../platform/platform.ts';
import type { Tenant } from '../platform/tenants.ts';
import { connectErrors, findInstitution, link, type Connect } from '../connect/index.ts';
import { newId } from '../platform/ids.ts';
import { isoDate } from '../platform/clock.ts';
import { StatementParseError, type Statement } from './parsers/model.ts';
import { formatWarning } from './parsers/warnings.ts';
import { analyseDocuments, worst, type DocumentFacts, type Verdict } from './fraud/index.ts';
import { institutionOf, toLoginData } from './accounts.ts';
import { readDocument, type ReadDocument } from './documents.ts';
import { uploadErrors } from './errors.ts';
import type { DocumentRow, StoredAnalysis, UploadRow, UploadStore } from './store.ts';

export const UPLOAD_QUEUE = 'upload.process';

export interface UploadJob {
  customerId: string;
  uploadId: string;
}

export interface IncomingFile {
  fileName: string;
  contentType: string | null;
  bytes: Uint8Array;
}

export interface UploadFields {
  tag: string | null;
  language: 'en' | 'fr';
  institution: string | null;
}

/** An answer whose HTTP status is not always 200: the route sends `body` with `status`. */
export interface Answer<Status extends number, Body> {
  status: Status;
  body: Body;
}

/** A login made by Upload says so in its profile (its connector reaches no bank). */
export const UPLOAD_CONNECTOR = 'upload';
/** Until the documents name their bank (Flinks assigns the institution after processing). */
const UNKNOWN_INSTITUTION = { id: 0, code: 'Upload' };

export class UploadService {
  constructor(private readonly p: Platform, private readonly connect: () => Connect, readonly store: UploadStore) {}

  private get now(): Date {
    return this.p.clock.now();
  }

  /** Stores the documents and a new login, queues the reading; answers 202 with RequestId and LoginId. */
  async create(tenant: Tenant, files: IncomingFile[], fields: UploadFields): Promise<Answer<202, PendingBody>> {
    if (files.length === 0) throw uploadErrors.noFiles();
    const named = fields.institution ? namedInstitution(fields.institution, this.p.config.sandbox) : undefined;
    if (fields.institution && !named) throw connectErrors.institutionNotFound({ institution: fields.institution });
    const uploadId = newId();
    const loginId = newId();
    const now = this.now;
    const connectStore = this.connect().service.store;
    await this.p.db.tx(async (q) => {
      await connectStore.insertLogin(q, {
        id: loginId,
        customerId: tenant.id,
        institutionId: named?.id ?? UNKNOWN_INSTITUTION.id,
        institutionCode: named?.code ?? UNKNOWN_INSTITUTION.code,
        connector: UPLOAD_CONNECTOR,
        profile: { userKey: `upload:${uploadId}`, username: 'Upload', aggregation: 'pending', country: named?.country ?? 'CA', data: { upload: uploadId } },
        language: fields.language,
        tag: fields.tag,
        saved: true,
        credentialsEnc: null,
        answersEnc: null,
        scheduled: false,
        dataStart: isoDate(now),
        pendingQuestions: [],
      });
      // Marked as aggregating in the same transaction: a cached Authorize never finds it idle.
      await connectStore.startAggregation(q, tenant.id, loginId, now);
      await this.store.insertUpload(q, { id: uploadId, customerId: tenant.id, loginId, tag: fields.tag, language: fields.language, institution: named?.code ?? null, now });
      for (const [position, f] of files.entries()) {
        await this.store.insertDocument(q, tenant.id, uploadId, { id: newId(), position, fileName: f.fileName, contentType: f.contentType, bytes: f.bytes, sha256: createHash('sha256').update(f.bytes).digest('hex') });
      }
      await this.p.jobs.send<UploadJob>(UPLOAD_QUEUE, { customerId: tenant.id, uploadId }, { q });
    });
    this.p.jobs.nudge(UPLOAD_QUEUE);
    const upload = (await this.store.findUpload(this.p.db, tenant.id, uploadId))!;
    return { status: 202 as const, body: pendingBody(upload, await this.store.documents(this.p.db, tenant.id, uploadId)) };
  }

  /** GET the upload: 202 while its documents are read, then 200 with what each held. */
  async status(tenant: Tenant, requestId: string) {
    const upload = await this.store.findUpload(this.p.db, tenant.id, requestId.trim());
    if (!upload) throw uploadErrors.unknownUpload({ requestId });
    const documents = await this.store.documents(this.p.db, tenant.id, upload.id);
    if (upload.state === 'Processing') return { status: 202 as const, body: pendingBody(upload, documents) };
    const login = await this.connect().service.store.findLogin(this.p.db, tenant.id, upload.login_id);
    return {
      status: 200 as const,
      body: {
        HttpStatusCode: 200 as const,
        RequestId: upload.id,
        LoginId: upload.login_id,
        ...(upload.tag !== null ? { Tag: upload.tag } : {}),
        Status: upload.state,
        Institution: login?.institution_code ?? null,
        InstitutionId: login?.institution_id ?? null,
        Verdict: overallVerdict(documents),
        ...(upload.failure ? { Message: upload.failure } : {}),
        Documents: documents.map(documentJson),
        Links: [link('Authorize', '/BankingServices/Authorize'), link('FraudAnalysis', `/upload/fraudanalysis/${upload.login_id}`)],
      },
    };
  }

  /** GET /upload/fraudanalysis/{loginId}: the signals of every document of the login's uploads. */
  async fraudAnalysis(tenant: Tenant, loginId: string) {
    const id = loginId.trim().toLowerCase();
    const login = await this.connect().service.store.findLogin(this.p.db, tenant.id, id);
    if (!login) throw connectErrors.invalidLogin();
    const uploads = await this.store.uploadsOfLogin(this.p.db, tenant.id, id);
    if (uploads.length === 0) throw uploadErrors.notAnUpload({ loginId: login.id });
    const latest = uploads[uploads.length - 1]!;
    if (latest.state === 'Processing') {
      return { status: 202 as const, body: { HttpStatusCode: 202 as const, FlinksCode: 'OPERATION_PENDING' as const, Message: 'Your operation is still processing', Login: { LoginId: login.id, RequestId: latest.id } } };
    }
    const documents = (await Promise.all(uploads.map((u) => this.store.documents(this.p.db, tenant.id, u.id)))).flat();
    const signals = documents.some((d) => (d.analysis?.signals.length ?? 0) > 0);
    const tag = latest.tag ?? login.tag;
    return {
      status: 200 as const,
      body: {
        HttpStatusCode: 200 as const,
        Message: signals ? 'Fraud Signals Detected' : 'No Fraud Signal Detected',
        Verdict: overallVerdict(documents),
        ...(tag !== null ? { Tag: tag } : {}),
        Login: { LoginId: login.id, RequestId: latest.id },
        DocumentAnalysis: documents.map(fraudJson),
      },
    };
  }

  // ---- the job ------------------------------------------------------------------------

  async process(job: UploadJob, retryCount: number): Promise<void> {
    await this.p.refreshClock();
    const upload = await this.store.findUpload(this.p.db, job.customerId, job.uploadId);
    if (!upload || upload.state !== 'Processing') return; // deleted, or a duplicate of a finished job
    try {
      await this.read(upload);
    } catch (err) {
      // Storage failing is retried; the last attempt records the failure so no upload stays pending.
      if (retryCount >= 2) await this.fail(upload, 'The documents could not be processed; upload them again');
      throw err;
    }
  }

  private async read(upload: UploadRow): Promise<void> {
    const customerId = upload.customer_id;
    const documents = await this.store.documents(this.p.db, customerId, upload.id);
    const results: (ReadDocument | null)[] = [];
    for (const d of documents) {
      const bytes = await this.store.content(this.p.db, customerId, d.id);
      let result: ReadDocument | null = null;
      let error: string | null = null;
      try {
        if (!bytes) throw new StatementParseError('the document is no longer stored', { offset: 0 });
        result = await readDocument(bytes, d.file_name);
      } catch (err) {
        if (err instanceof StatementParseError) {
          error = `${err.message} (at byte ${err.position.offset}${err.position.line ? `, line ${err.position.line}` : ''})`;
        } else {
          // A parser bug must not leave the upload pending: the document fails, the log says why.
          this.p.log.error({ err, uploadId: upload.id, document: d.id }, 'unexpected error while reading an uploaded document');
          error = 'The document could not be read';
        }
      }
      results.push(result);
      // Written document by document, so the status endpoint shows progress.
      await this.store.setDocumentResult(this.p.db, customerId, d.id, result
        ? { status: 'Processed', format: result.format, error: null, statements: result.statements.length, transactions: result.statements.reduce((n, s) => n + s.transactions.length, 0), pages: result.pages, warnings: documentWarnings(result.statements) }
        : { status: 'Failed', format: null, error, statements: null, transactions: null, pages: null, warnings: null });
    }

    const readable = documents.map((d, i) => ({ d, r: results[i]! })).filter((x) => x.r !== null);
    const facts: DocumentFacts[] = readable.map(({ d, r }) => ({ fileName: d.file_name, sha256: d.sha256, format: r.format, statements: r.statements, ...(r.pdf ? { pdf: r.pdf } : {}) }));
    const analyses = analyseDocuments(facts);
    const statements = readable.flatMap(({ r }) => r.statements);
    const connect = this.connect();

    await this.p.db.tx(async (q) => {
      // A job handed to a second worker (the first one too slow) writes once: the first to get here.
      const still = await this.store.findUpload(q, customerId, upload.id, true);
      if (!still || still.state !== 'Processing') return;
      for (const [i, { d }] of readable.entries()) await this.store.setDocumentAnalysis(q, customerId, d.id, storedAnalysis(analyses[i]!));
      const login = await connect.service.store.findLogin(q, customerId, upload.login_id, 'update');
      if (!login) {
        await this.store.finishUpload(q, customerId, upload.id, 'Failed', 'The login was deleted while its documents were read', this.now);
        return;
      }
      if (readable.length === 0) {
        await connect.service.store.finishAggregation(q, customerId, login.id, false, this.now, 'Document_Processing_Failed');
        await this.store.finishUpload(q, customerId, upload.id, 'Failed', 'None of the documents could be read', this.now);
        return;
      }
      const named = upload.institution ? findInstitution(upload.institution) : undefined;
      const found = named ?? statements.map((s) => institutionOf(s.account.institution, { sandbox: this.p.config.sandbox })).find((x) => x);
      if (found) await connect.service.store.setLoginInstitution(q, customerId, login.id, found.id, found.code);
      await connect.service.store.saveLoginData(q, customerId, login.id, toLoginData(statements));
      // LastRefresh is the date the documents' data is as of: GetAccountsDetail's windows (Days90, Days365)
      // count back from it, so statements of any age are served whole.
      await connect.service.store.finishAggregation(q, customerId, login.id, true, asOf(statements, this.now), null);
      await this.store.finishUpload(q, customerId, upload.id, 'Completed', null, this.now);
      // The same webhooks as an aggregation (KYC, GetAccountsDetail), in the same transaction.
      await connect.fireWebhooks(q, customerId, login.id);
    });
    connect.data.forgetLogin(upload.login_id);
  }

  private async fail(upload: UploadRow, message: string): Promise<void> {
    await this.p.db.tx(async (q) => {
      await this.connect().service.store.finishAggregation(q, upload.customer_id, upload.login_id, false, this.now, 'Document_Processing_Failed');
      await this.store.finishUpload(q, upload.customer_id, upload.id, 'Failed', message, this.now);
    });
  }
}

/** The upload's Institution field: a code or an id of GET /Institutions, else a name. */
function namedInstitution(value: string, sandbox: boolean) {
  const inst = findInstitution(value.trim()) ?? institutionOf(value, { sandbox });
  return inst && (sandbox || !inst.sandbox) ? inst : undefined;
}

/** The end of the newest statement (its closing date, period end or last transaction), never later than now. */
function asOf(statements: Statement[], now: Date): Date {
  let latest = '';
  for (const s of statements) {
    for (const d of [s.balances.closing?.date, s.period?.end, s.transactions[s.transactions.length - 1]?.date]) if (d && d > latest) latest = d;
  }
  if (latest === '') return now;
  // The end of that day, UTC: transactions dated on it are inside every window.
  const end = new Date(`${latest}T23:59:59.000Z`);
  return Number.isNaN(end.getTime()) || end > now ? now : end;
}

// ---- wire ------------------------------------------------------------------------------

function storedAnalysis(a: { verdict: Verdict; signals: { type: string; evidence: { specificType: string; value: string; dataType: string; page?: number }[] }[] }): StoredAnalysis {
  return { verdict: a.verdict, signals: a.signals.map((s) => ({ type: s.type, evidence: s.evidence.map((e) => ({ ...e })) })) };
}

function overallVerdict(documents: DocumentRow[]): Verdict | null {
  const verdicts = documents.map((d) => d.analysis?.verdict).filter((v): v is Verdict => v !== undefined);
  return verdicts.length === 0 ? null : worst(verdicts);
}

type PendingBody = ReturnType<typeof pendingBody>;

function pendingBody(upload: UploadRow, documents: DocumentRow[]) {
  return {
    HttpStatusCode: 202 as const,
    FlinksCode: 'OPERATION_PENDING' as const,
    Message: 'Your operation is still processing',
    RequestId: upload.id,
    LoginId: upload.login_id,
    ...(upload.tag !== null ? { Tag: upload.tag } : {}),
    Status: 'Processing' as const,
    ProcessedDocuments: documents.filter((d) => d.status !== 'Pending').length,
    Documents: documents.map(documentJson),
    Links: [link('Upload', `/upload/documents/${upload.id}`)],
  };
}

function documentJson(d: DocumentRow) {
  return {
    DocumentId: d.id,
    FileName: d.file_name,
    Size: Number(d.size_bytes),
    Status: d.status,
    Format: d.format,
    Pages: d.pages,
    Statements: d.statements,
    Transactions: d.transactions,
    Verdict: d.analysis?.verdict ?? null,
    Error: d.error,
    Warnings: d.warnings,
  };
}

/** Every statement's warnings, prefixed with its account when the document holds several. */
function documentWarnings(statements: Statement[]): string[] {
  return statements.flatMap((s) => (s.warnings ?? []).map((w) => (statements.length > 1 ? `account ${s.account.number || '(unknown)'}: ` : '') + formatWarning(w)));
}

function fraudJson(d: DocumentRow) {
  const signals = d.analysis?.signals ?? [];
  return {
    Status: d.status,
    DocumentId: d.id,
    FileName: d.file_name,
    Verdict: d.analysis?.verdict ?? null,
    ...(d.error ? { Error: d.error } : {}),
    FullAnalysis: d.status === 'Processed'
      ? [{
          DocumentType: 'BankStatement' as const,
          FraudSignals: signals.map((s) => ({
            Type: s.type,
            PageNumber: s.evidence.map((e) => e.page).find((p) => p !== undefined) ?? null,
            Count: s.evidence.length,
            UnderlyingData: s.evidence.map((e) => ({
              PageNumber: e.page ?? null,
              Details: [{ SpecificType: e.specificType, Value: e.value, DataType: e.dataType }],
            })),
          })),
        }]
      : [],
  };
}
