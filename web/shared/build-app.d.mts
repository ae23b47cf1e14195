/** Types of build-app.mjs. */
export interface AppBuilder {
  isStale(): boolean;
  build(): void;
  ensure(): void;
  main(moduleUrl: string): void;
}
export declare function appBuilder(o: { dir: string; label: string; served: string; command: string }): AppBuilder;
export declare function appDir(moduleUrl: string): string;
