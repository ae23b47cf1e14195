/**
 * The Upload product: bank statements as documents (PDF with text, OFX/QFX, CSV, CAMT.053,
 * MT940/MT942) turned into a Connect login, read by a background job, with fraud and
 * consistency signals (FraudAnalysis). The API is in docs/upload.md.
 *
 * This module is Upload's only door. Besides the product it opens onto the statement
 * reader, which `maplelink import` (src/cli/import.ts) runs offline: so that the command
 * stays light, the product's service and routes (and through them the database, the job
 * queue and the HTTP server) load at setup, not when this module is imported.
 */
import type { Product } from '../platform/platform.ts';
import type { Connect } from '../connect/index.ts';
import type { UploadJob, UploadService } from './service.ts';
import { uploadMigrations } from './migrations.ts';

// What the offline reader of `maplelink import` uses: statement files in, statements out, as CSV too.
export { formatWarning, parseStatementStream, StatementParseError, type CsvOptions, type Statement, type StatementFormat } from './parsers/index.ts';
export { CSV_PRESETS, type CsvPresetId } from './parsers/csv-presets.ts';
export { describePosition } from './parsers/position.ts';
export { normalizeCharset } from './parsers/encoding.ts';
export { writeCsv } from './writers/csv.ts';

export function uploadProduct(connect: () => Connect): Product {
  let service: UploadService | null = null;
  return {
    name: 'upload',
    tags: [
      { name: 'Upload', description: "Enrich's Upload API and document upload (docs.flinks.com/api/enrich): attributes of transactions sent by the customer, and bank statements read into accounts, with a fraud analysis." },
    ],
    migrations: uploadMigrations,
    async setup(p) {
      const [{ UploadService, UPLOAD_QUEUE }, { UploadStore }] = await Promise.all([import('./service.ts'), import('./store.ts')]);
      const s = new UploadService(p, connect, new UploadStore());
      service = s;
      p.jobs.define<UploadJob>({
        name: UPLOAD_QUEUE,
        handler: (data, meta) => s.process(data, meta.retryCount),
        retryLimit: 2,
        retryDelaySeconds: 2,
        // A large upload of PDFs takes a while to read; past this pg-boss hands it to another worker.
        expireInSeconds: 900,
        concurrency: 1,
      });
    },
    async v3Routes(v3) {
      if (!service) throw new Error('Upload routes are registered before its setup ran');
      const { uploadRoutes } = await import('./routes.ts');
      await uploadRoutes(v3, service);
    },
  };
}
