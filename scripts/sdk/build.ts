/**
 * npm run build:sdk — the SDK from the server's contract: writes the OpenAPI document the server
 * serves to sdk/openapi.json, its types (openapi-typescript) to sdk/src/schema.d.ts, then compiles
 * the SDK to sdk/dist. Both generated files are committed, so the SDK builds without the server;
 * test/integration/sdk checks they are what the server generates now.
 *   --no-compile   write the document and the types only
 */
import { writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { DOCUMENT_FILE, SCHEMA_FILE, SDK_DIR, documentText, schemaText, servedDocument } from './openapi.ts';

const doc = await servedDocument();
writeFileSync(DOCUMENT_FILE, documentText(doc));
writeFileSync(SCHEMA_FILE, await schemaText(doc));
process.stdout.write(`wrote ${DOCUMENT_FILE} and ${SCHEMA_FILE}\n`);
if (!process.argv.includes('--no-compile')) {
  const r = spawnSync('npm', ['run', 'build'], { cwd: SDK_DIR, stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
