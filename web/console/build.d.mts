/** Types of build.mjs (imported by scripts/test.js and the browser tests). */
export declare function consoleIsStale(): boolean;
export declare function buildConsole(): void;
export declare function ensureConsoleBuilt(): void;
