/**
 * The Upload product: bank statements as documents (PDF with text, OFX/QFX, CSV, CAMT.053,
 * MT940/MT942) turned into a Connect login, read by a background job, with fraud and
 * consistency signals (FraudAnalysis). Spec §5.2; the API is in docs/upload.md.
 */
import type { Product } from '../platform/platform.ts';
import type { Connect } from '../connect/index.ts';
import { uploadMigrations } from './migrations.ts';
import { UploadService, UPLOAD_QUEUE, type UploadJob } from './service.ts';
import { UploadStore } from './store.ts';
import { uploadRoutes } from './routes.ts';

export function uploadProduct(connect: () => Connect): Product {
  let service: UploadService | null = null;
  return {
    name: 'upload',
    migrations: uploadMigrations,
    setup(p) {
      service = new UploadService(p, connect, new UploadStore());
      p.jobs.define<UploadJob>({
        name: UPLOAD_QUEUE,
        handler: (data, meta) => service!.process(data, meta.retryCount),
        retryLimit: 2,
        retryDelaySeconds: 2,
        // A large upload of PDFs takes a while to read; past this pg-boss hands it to another worker.
        expireInSeconds: 900,
        concurrency: 1,
      });
    },
    async v3Routes(v3) {
      await uploadRoutes(v3, service!);
    },
  };
}
