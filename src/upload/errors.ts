/**
 * Upload's errors, in the Flinks envelope. Flinks documents no codes for its upload limits
 * (the submission API is not public): bad input answers INVALID_REQUEST like the rest of /v3,
 * with 413 for what is too large (a bad field is the shared flinksErrors.invalidRequest). A
 * document that cannot be read fails the login's aggregation with Document_Processing_Failed
 * (the code docs.flinks.com/changelog/2026-06 names), an aggregation failure, not an error here.
 */
import { defineError } from '../platform/errors.ts';

export const MAX_FILES = 24;
export const MAX_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_UPLOAD_BYTES = 180 * 1024 * 1024;

export const uploadErrors = {
  notMultipart: defineError(415, 'INVALID_REQUEST', 'Content-Type {type} is not supported: send the documents as multipart/form-data'),
  noFiles: defineError(400, 'INVALID_REQUEST', 'Send at least one document: a multipart/form-data part with a file name'),
  emptyFile: defineError(400, 'INVALID_REQUEST', 'The document {name} is empty'),
  tooManyFiles: defineError(400, 'INVALID_REQUEST', `An upload holds at most ${MAX_FILES} documents; this one has more`),
  fileTooLarge: defineError(413, 'INVALID_REQUEST', `The document {name} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB, the limit for one document`),
  uploadTooLarge: defineError(413, 'INVALID_REQUEST', `The documents of an upload add up to more than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB, the limit for one upload`),
  unknownUpload: defineError(400, 'SESSION_NONEXISTENT', 'RequestId {requestId} is not an upload of this customer'),
  notAnUpload: defineError(400, 'METHOD_NOT_AVAILABLE', 'FraudAnalysis is available for logins created by Upload; {loginId} was linked to its bank'),
};
