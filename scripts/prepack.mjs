#!/usr/bin/env node
// `npm pack` / `npm publish` (prepack): builds what the package carries, so that installing it builds
// nothing: the compiled server (dist/) and the three front ends (web/widget/dist, web/pay-app/dist, web/console/dist).
// Each is built only when missing or older than its sources, as `npm start` does, but here a failed
// build fails the pack instead of falling back to tsx or a 503 page.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildServer, serverIsStale } from './build-server.mjs';
import { ensureWidgetBuilt } from '../web/widget/build.mjs';
import { ensurePayAppBuilt } from '../web/pay-app/build.mjs';
import { ensureConsoleBuilt } from '../web/console/build.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

try {
  ensureWidgetBuilt();
  ensurePayAppBuilt();
  ensureConsoleBuilt();
  if (serverIsStale() && !buildServer()) throw new Error('the server did not compile');
  for (const file of ['dist/cli/main.js', 'web/widget/dist/index.html', 'web/pay-app/dist/index.html', 'web/console/dist/index.html']) {
    if (!existsSync(join(ROOT, file))) throw new Error(`${file} is missing after the build`);
  }
} catch (err) {
  process.stderr.write(`maplelink prepack: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
