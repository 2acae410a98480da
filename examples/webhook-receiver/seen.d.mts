// Types for seen.mjs (the tests import it from TypeScript).
export declare const SEEN_WINDOW_MS: number;
export declare const SEEN_MAX: number;
export interface SeenIds {
  has(id: string): boolean;
  add(id: string): void;
  readonly size: number;
}
export declare function seenIds(o?: { file?: string | undefined; now?: () => number; windowMs?: number; max?: number }): SeenIds;
