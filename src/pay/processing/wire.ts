/** The JSON of a CPA-005 file as GET /pay/api/v1/files answers it (our extension, docs/pay.md "Processing"). */
import type { z } from 'zod';
import type { FileAnswer } from '../schemas.ts';
import type { FileSummary } from './store.ts';

export function fileJson(f: FileSummary): z.infer<typeof FileAnswer> {
  return {
    id: f.id,
    valueDate: f.valueDate,
    creationDate: f.creationDate,
    fileCreationNumber: f.fileCreationNumber,
    originatorId: f.originatorId,
    records: f.records,
    debitCount: f.debitCount,
    debitTotal: f.debitCents / 100,
    creditCount: f.creditCount,
    creditTotal: f.creditCents / 100,
    createdAt: f.createdAt.toISOString(),
  };
}
