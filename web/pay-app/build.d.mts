/** Types of build.mjs (imported by scripts/test.js and the browser tests). */
export declare function payAppIsStale(): boolean;
export declare function buildPayApp(): void;
export declare function ensurePayAppBuilt(): void;
