// Runs tests/support/webhook-sink.mjs as a real process and reads what it logged.
import { spawn } from 'node:child_process';

export interface SinkLine {
  at: number;
  done: number;
  id: string | null;
  timestamp: string | null;
  verified: boolean;
  signed: boolean;
  answer: string;
  type: string | null;
  path: string;
  body: { type: string; timestamp: string; data: Record<string, unknown> } | null;
}

export const SECRET = `whsec_${Buffer.alloc(32, 42).toString('base64')}`;

export async function startSink(env: Record<string, string> = {}) {
  const proc = spawn(process.execPath, ['examples/collector/tests/support/webhook-sink.mjs'], {
    env: { PATH: process.env.PATH ?? '', SINK_SECRET: SECRET, SINK_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  proc.stdout!.setEncoding('utf8');
  proc.stdout!.on('data', (c: string) => (out += c));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sink did not start: ${out}`)), 10_000);
    proc.stdout!.on('data', () => {
      const m = /sink listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
  // Complete lines only: the last one may still be arriving.
  const lines = (): SinkLine[] =>
    out
      .slice(0, out.lastIndexOf('\n') + 1)
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as SinkLine);
  return {
    url,
    hook: `${url}/hook`,
    lines,
    script: (steps: string[], o: { default?: string; holdMs?: number; repeat?: string } = {}) =>
      fetch(`${url}/__script`, { method: 'POST', body: JSON.stringify({ steps, ...o }) }).then((r) => r.text()),
    /** Resolves once `n` lines are logged (or rejects after `ms`). */
    async until(n: number, ms = 15_000) {
      const end = Date.now() + ms;
      while (lines().length < n) {
        if (Date.now() > end) throw new Error(`sink: ${lines().length} of ${n} requests after ${ms} ms`);
        await new Promise((r) => setTimeout(r, 25));
      }
      return lines();
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGKILL');
      }),
  };
}
export type Sink = Awaited<ReturnType<typeof startSink>>;
