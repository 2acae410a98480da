export declare const gz: (data: string | Uint8Array) => number;
export declare const gzFile: (file: string) => number;
export declare function pageBytes(): {
  loader: number;
  sdk: number;
  ui: number;
  largestLocale: { file: string; bytes: number };
  nothingDue: number;
  survey: number;
};
export declare function bundle(code: string): Promise<string>;
export declare function bundledBytes(code: string): Promise<number>;
export declare const SDK_ENTRY: string;
export declare const FLOORS: Record<string, string>;
