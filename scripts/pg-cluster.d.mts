export declare function startCluster(options?: { settings?: string[] }): Promise<{ url: (db?: string) => string; port: number; dir: string; stop: () => void }>;
