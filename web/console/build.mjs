#!/usr/bin/env node
// Builds the operator console (vite) into web/console/dist (see web/shared/build-app.mjs).
import { appBuilder, appDir } from '../shared/build-app.mjs';

const app = appBuilder({ dir: appDir(import.meta.url), label: 'Operator console', served: '/console/', command: 'node web/console/build.mjs' });

/** True when web/console/dist is missing or older than any source of the app. */
export const consoleIsStale = app.isStale;
export const buildConsole = app.build;
export const ensureConsoleBuilt = app.ensure;

app.main(import.meta.url);
