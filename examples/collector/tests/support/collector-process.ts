// The standalone collector (`npm run collector`: examples/collector/dist/server.js) as a real process,
// for the suites that kill it, restart it, or run two of it on one PostgreSQL.
import { spawn, type ChildProcess } from 'node:child_process';

export interface CollectorProcess {
  proc: ChildProcess;
  url: string;
  /** Everything it printed so far (stdout and stderr). */
  output: () => string;
  /** The token it printed on a first start, if it made one. */
  createdToken?: string;
  kill: (signal?: NodeJS.Signals) => Promise<number | null>;
}

/** Starts the built collector with `env` on a free port; resolves once it prints its listening line. */
export function spawnCollector(env: Record<string, string>): Promise<CollectorProcess> {
  const proc = spawn(process.execPath, ['examples/collector/dist/server.js'], {
    env: { PATH: process.env.PATH ?? '', AFTERCARE_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (c) => (out += c));
  proc.stderr!.on('data', (c) => (out += c));
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  const kill = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    return exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`collector did not start: ${out}`)), 20_000);
    proc.stdout!.on('data', () => {
      const m = /collector listening on (http:\/\/\S+)\/v1\/responses/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      const t = /admin token \(shown once; only its hash is kept\): (\S+)/.exec(out);
      resolve({ proc, url: m[1]!, output: () => out, createdToken: t?.[1], kill });
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`collector exited with ${code}: ${out}`), { code, output: out }));
    });
  });
}

/** Runs the collector expecting it to exit (bad configuration); resolves with its exit code and output. */
export function runCollector(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = spawn(process.execPath, ['examples/collector/dist/server.js'], {
    env: { PATH: process.env.PATH ?? '', AFTERCARE_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (c) => (stdout += c));
  proc.stderr.on('data', (c) => (stderr += c));
  const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
  return new Promise((r) => proc.once('exit', (code) => (clearTimeout(timer), r({ code, stdout, stderr }))));
}
