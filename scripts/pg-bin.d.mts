export declare function pgBin(): string | undefined;
