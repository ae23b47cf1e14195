/**
 * Upload's HTTP surface under /v3/{customerId}/upload:
 *   POST /upload/documents                 multipart/form-data, up to 24 files, 20 MB each, 180 MB in all → 202
 *   GET  /upload/documents/{requestId}     202 while the documents are read, then 200
 *   GET  /upload/fraudanalysis/{loginId}   Flinks's FraudAnalysis (Authorization: Bearer {secret})
 * The submission endpoints are our documented extension (Flinks publishes none); FraudAnalysis
 * is Flinks's path. Multipart is registered in this scope only: the rest of /v3 stays JSON.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ApiError } from '../platform/errors.ts';
import { headerValue } from '../platform/http/v3.ts';
import { assertNoNul } from '../platform/http/nul-guard.ts';
import { flinksErrors } from '../platform/http/flinks-errors.ts';
import { uploadErrors, MAX_FILE_BYTES, MAX_FILES, MAX_UPLOAD_BYTES } from './errors.ts';
import type { IncomingFile, UploadFields, UploadService } from './service.ts';
import { CreatedAnswer, Customer, CustomerLogin, CustomerUpload, DocumentsForm, FraudAnswer, StatusAnswer } from './schemas.ts';

const tags = ['Upload'];

/** After a refused upload, what the client still sends is read and dropped (up to this much) so it gets the answer. */
const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;

export async function uploadRoutes(v3: FastifyInstance, service: UploadService): Promise<void> {
  await v3.register(async (scope) => {
    await scope.register(multipart, {
      throwFileSizeLimit: true,
      limits: { fileSize: MAX_FILE_BYTES, files: MAX_FILES, fields: 20, fieldSize: 4096, parts: MAX_FILES + 20, headerPairs: 200 },
    });

    scope.withTypeProvider<ZodTypeProvider>().post('/:customerId/upload/documents', {
      config: { auth: 'apiKey' },
      bodyLimit: MAX_UPLOAD_BYTES,
      schema: {
        tags,
        consumes: ['multipart/form-data'],
        params: Customer,
        body: DocumentsForm,
        response: CreatedAnswer,
        summary: `Upload bank statements (multipart/form-data: up to ${MAX_FILES} files, ${MAX_FILE_BYTES / 1048576} MB each, ${MAX_UPLOAD_BYTES / 1048576} MB in all; fields Tag, Language, Institution). Answers 202 with RequestId and LoginId`,
      },
      // Refused before the body is read (and after the credentials are checked): a JSON or form body is not an upload.
      preParsing: async (req, _reply, payload) => {
        const type = headerValue(req, 'content-type') ?? '';
        if (!/^multipart\/form-data\b/i.test(type)) throw uploadErrors.notMultipart({ type: type || '(none)' });
        return payload;
      },
    }, async (req, reply) => {
      let incoming: { files: IncomingFile[]; fields: UploadFields };
      try {
        incoming = await readParts(req);
      } catch (err) {
        await drain(req);
        reply.header('connection', 'close');
        throw toUploadError(err);
      }
      const answer = await service.create(req.tenant, incoming.files, incoming.fields);
      return reply.code(answer.status).send(answer.body);
    });
  });

  const r = v3.withTypeProvider<ZodTypeProvider>();
  r.get('/:customerId/upload/documents/:requestId', {
    config: { auth: 'apiKey' },
    schema: { tags, params: CustomerUpload, response: StatusAnswer, summary: 'Status of an upload: 202 while its documents are read, then 200 with each document and the LoginId' },
  }, async (req, reply) => {
    const answer = await service.status(req.tenant, req.params.requestId);
    return reply.code(answer.status).send(answer.body);
  });

  r.get('/:customerId/upload/fraudanalysis/:loginId', {
    config: { auth: 'bearer' },
    schema: { tags, params: CustomerLogin, response: FraudAnswer, summary: 'FraudAnalysis of an uploaded login: signals per document and the verdict (Trust, Normal, Warning, High Risk)' },
  }, async (req, reply) => {
    const answer = await service.fraudAnalysis(req.tenant, req.params.loginId);
    return reply.code(answer.status).send(answer.body);
  });
}

/** The C0 control characters and DEL, kept out of names and messages. */
// eslint-disable-next-line no-control-regex -- matching the control characters is this pattern's purpose
const CONTROLS = /[\u0000-\u001f\u007f]/g;

/** A field's text. @fastify/multipart parses a field sent as application/json: its JSON text is kept. */
function fieldText(value: unknown): string {
  if (typeof value === 'string') return value;
  return value === undefined || value === null ? '' : JSON.stringify(value);
}

async function readParts(req: FastifyRequest): Promise<{ files: IncomingFile[]; fields: UploadFields }> {
  const files: IncomingFile[] = [];
  const fields: Record<string, string> = {};
  let total = 0;
  for await (const part of req.parts()) {
    if (part.type === 'field') {
      const value = fieldText(part.value).trim();
      assertNoNul(value, `The field ${JSON.stringify(part.fieldname.replace(CONTROLS, ''))}`);
      fields[part.fieldname.toLowerCase()] = value;
      continue;
    }
    const name = safeName(part.filename || part.fieldname || `document-${files.length + 1}`);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of part.file as AsyncIterable<Buffer>) {
      size += chunk.length;
      total += chunk.length;
      if (total > MAX_UPLOAD_BYTES) throw uploadErrors.uploadTooLarge();
      chunks.push(chunk);
    }
    if (part.file.truncated) throw uploadErrors.fileTooLarge({ name });
    if (size === 0) throw uploadErrors.emptyFile({ name });
    files.push({ fileName: name, contentType: part.mimetype || null, bytes: Buffer.concat(chunks, size) });
  }
  if (files.length === 0) throw uploadErrors.noFiles();
  const language = (fields.language ?? 'en').toLowerCase();
  if (language !== 'en' && language !== 'fr') throw flinksErrors.invalidRequest({ detail: 'Language must be en or fr' });
  const tag = fields.tag ? fields.tag.slice(0, 200) : null;
  return { files, fields: { tag, language, institution: fields.institution || null } };
}

/** Multipart limit errors become Upload's Flinks-style errors; anything else keeps its meaning. */
function toUploadError(err: unknown): unknown {
  if (err instanceof ApiError) return err;
  const code = (err as { code?: string }).code;
  switch (code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return uploadErrors.fileTooLarge({ name: 'sent' });
    case 'FST_FILES_LIMIT':
      return uploadErrors.tooManyFiles();
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return flinksErrors.invalidRequest({ detail: `Too many form fields: send up to ${MAX_FILES} files and the fields Tag, Language and Institution` });
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return uploadErrors.notMultipart({ type: 'this body' });
    case 'FST_MP_PREMATURE_CLOSE':
      return flinksErrors.invalidRequest({ detail: 'The upload ended before its last document was complete' });
  }
  if (err instanceof Error && /multipart|boundary|unexpected end/i.test(err.message)) return flinksErrors.invalidRequest({ detail: `The multipart body cannot be read: ${err.message}` });
  return err;
}

/** Reads and drops the rest of a refused upload (bounded), so the client is not cut off mid-send and reads our answer. */
function drain(req: FastifyRequest): Promise<void> {
  const raw = req.raw;
  if (raw.complete || raw.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let seen = 0;
    const finish = () => {
      clearTimeout(timer);
      raw.off('data', onData).off('end', finish).off('close', finish).off('error', finish);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > DRAIN_LIMIT_BYTES) finish();
    };
    const timer = setTimeout(finish, 30_000);
    raw.unpipe();
    raw.on('data', onData).on('end', finish).on('close', finish).on('error', finish);
    raw.resume();
  });
}

/** File names as the user's system gave them, without paths or control characters. */
function safeName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name;
  return base.replace(CONTROLS, '').trim().slice(0, 255) || 'document';
}
