#!/usr/bin/env node
// Builds the Connect widget (vite) into web/widget/dist (see web/shared/build-app.mjs).
import { appBuilder, appDir } from '../shared/build-app.mjs';

const widget = appBuilder({ dir: appDir(import.meta.url), label: 'Connect widget', served: '/v2/', command: 'npm run build:web' });

/** True when web/widget/dist is missing or older than any source of the widget. */
export const widgetIsStale = widget.isStale;
/** Runs `vite build web/widget`; throws when it fails. */
export const buildWidget = widget.build;
export const ensureWidgetBuilt = widget.ensure;

widget.main(import.meta.url);
