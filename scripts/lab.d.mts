import type { ChildProcess } from 'node:child_process';
export declare const CHROMIUM_PATH: string;
export declare const CHROMIUM_ARGS: string[];
export declare function startDemoServer(args: string[], env?: Record<string, string>): Promise<{ base: string; proc: ChildProcess; token: string }>;
