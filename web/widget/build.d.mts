/** Types of build.mjs (imported by scripts/test.js and the browser tests). */
export declare function widgetIsStale(): boolean;
export declare function buildWidget(): void;
export declare function ensureWidgetBuilt(): void;
