// Builds the operator console into web/console/dist, served by Maplelink at /console/ (src/platform/http/console.ts).
// `node web/console/build.mjs`; `npm start` and `npm test` build it when it is missing or stale.
import { appConfig } from '../shared/vite-app.ts';

export default appConfig(import.meta.url, '/console/');
