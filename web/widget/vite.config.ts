// Builds the Connect widget into web/widget/dist, served by Maplelink at /v2/ (src/widget).
// `npm run build:web`; `npm start` and `npm test` build it when it is missing or stale.
import { appConfig } from '../shared/vite-app.ts';

export default appConfig(import.meta.url, '/v2/');
