// Builds the Pay hosted app into web/pay-app/dist, served by Maplelink at /pay/app/ (src/pay/sessions/app-routes.ts).
// `node web/pay-app/build.mjs`; `npm start` and `npm test` build it when it is missing or stale.
import { appConfig } from '../shared/vite-app.ts';

export default appConfig(import.meta.url, '/pay/app/');
