/**
 * What Upload's routes take and answer: validation and /openapi.json (docs/upload.md).
 * The documents come as multipart/form-data, read part by part by the route (routes.ts) with
 * the limits and messages of errors.ts; the body schema documents the form and lets the
 * stream through untouched. Answers are loose objects: their documented members are checked,
 * every member is sent, declared in the order the service writes them (a loose object writes
 * its declared keys first).
 */
import { z } from 'zod';
import { MAX_FILE_BYTES, MAX_FILES } from './errors.ts';

export const Customer = z.object({ customerId: z.string() });
export const CustomerUpload = Customer.extend({ requestId: z.string() });
export const CustomerLogin = Customer.extend({ loginId: z.string() });

/** The multipart form, documented; the parts are read as a stream by the route, not by validation. */
export const DocumentsForm = z.unknown().meta({
  type: 'object',
  properties: {
    files: { type: 'array', maxItems: MAX_FILES, items: { type: 'string', format: 'binary' }, description: `Up to ${MAX_FILES} statements (PDF with text, OFX/QFX, CSV, CAMT.053, MT940/MT942), ${MAX_FILE_BYTES / 1048576} MB each` },
    Tag: { type: 'string', maxLength: 200 },
    Language: { type: 'string', enum: ['en', 'fr'] },
    Institution: { type: 'string', description: 'A code or id of GET /Institutions, or a bank name' },
  },
});

// connect/wire.ts link(): Flinks's Links entries.
const Link = z.looseObject({ rel: z.string(), href: z.string(), example: z.string().nullable() });
const Document = z.looseObject({
  DocumentId: z.string(),
  FileName: z.string(),
  Size: z.number(),
  Status: z.enum(['Pending', 'Processed', 'Failed']),
  Format: z.string().nullable(),
  Pages: z.number().nullable(),
  Statements: z.number().nullable(),
  Transactions: z.number().nullable(),
  Verdict: z.string().nullable(),
  Error: z.string().nullable(),
  Warnings: z.array(z.string()).nullable(),
});
const Processing = z.looseObject({
  HttpStatusCode: z.literal(202),
  FlinksCode: z.literal('OPERATION_PENDING'),
  Message: z.string(),
  RequestId: z.string(),
  LoginId: z.string(),
  Tag: z.string().optional(),
  Status: z.literal('Processing'),
  ProcessedDocuments: z.number(),
  Documents: z.array(Document),
  Links: z.array(Link),
});
export const CreatedAnswer = { 202: Processing };
export const StatusAnswer = {
  200: z.looseObject({
    HttpStatusCode: z.literal(200),
    RequestId: z.string(),
    LoginId: z.string(),
    Tag: z.string().optional(),
    Status: z.enum(['Completed', 'Failed']),
    Institution: z.string().nullable(),
    InstitutionId: z.number().nullable(),
    Verdict: z.string().nullable(),
    Message: z.string().optional(),
    Documents: z.array(Document),
    Links: z.array(Link),
  }),
  202: Processing,
};
const FraudSignal = z.looseObject({
  Type: z.string(),
  PageNumber: z.number().nullable(),
  Count: z.number(),
  UnderlyingData: z.array(z.looseObject({ PageNumber: z.number().nullable(), Details: z.array(z.looseObject({ SpecificType: z.string(), Value: z.string(), DataType: z.string() })) })),
});
const UploadLogin = z.looseObject({ LoginId: z.string(), RequestId: z.string() });
export const FraudAnswer = {
  200: z.looseObject({
    HttpStatusCode: z.literal(200),
    Message: z.string(),
    Verdict: z.string().nullable(),
    Tag: z.string().optional(),
    Login: UploadLogin,
    DocumentAnalysis: z.array(z.looseObject({
      Status: z.string(),
      DocumentId: z.string(),
      FileName: z.string(),
      Verdict: z.string().nullable(),
      Error: z.string().optional(),
      FullAnalysis: z.array(z.looseObject({ DocumentType: z.literal('BankStatement'), FraudSignals: z.array(FraudSignal) })),
    })),
  }),
  202: z.looseObject({ HttpStatusCode: z.literal(202), FlinksCode: z.literal('OPERATION_PENDING'), Message: z.string(), Login: UploadLogin }),
};
