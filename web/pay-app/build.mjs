#!/usr/bin/env node
// Builds the Pay hosted app (vite) into web/pay-app/dist (see web/shared/build-app.mjs).
import { appBuilder, appDir } from '../shared/build-app.mjs';

const app = appBuilder({ dir: appDir(import.meta.url), label: 'Pay hosted app', served: '/pay/app/', command: 'node web/pay-app/build.mjs' });

/** True when web/pay-app/dist is missing or older than any source of the app. */
export const payAppIsStale = app.isStale;
export const buildPayApp = app.build;
export const ensurePayAppBuilt = app.ensure;

app.main(import.meta.url);
