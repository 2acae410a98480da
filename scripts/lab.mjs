// Shared by the browser tests, `npm run soak` and `npm run bench`: the demo server as a child
// process, and Chromium as this machine runs it (Debian's build; no downloaded browsers).
import { spawn } from 'node:child_process';

/** Debian's Chromium unless CHROMIUM_PATH says otherwise. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Without the background-networking flags Chromium keeps calling home, which this machine refuses. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Starts `examples/start.mjs` on a free port with the given arguments (`--db`, `--faults`, `--test-hooks`…)
 * and environment (the collector's `AFTERCARE_*` variables). A fresh database stays empty (`--no-seed`),
 * and the rate limit is lifted unless `env` sets one: every tab of a suite posts from 127.0.0.1.
 * Resolves once it prints its URL, with the admin token it printed in the dashboard's sign-in link.
 * @returns {Promise<{ base: string, proc: import('node:child_process').ChildProcess, token: string }>}
 */
export function startDemoServer(args, env = {}) {
  // Test servers show surveys without the 3 s delay a real page waits, unless the caller sets one.
  const all = args.includes('--delay') ? args : ['--delay', '0', ...args];
  const proc = spawn(process.execPath, ['examples/start.mjs', '--port', '0', '--no-seed', ...all], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, AFTERCARE_RATE_LIMIT: '1000000', ...env },
  });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (c) => {
      out += c;
      const m = /running at (http:\/\/[^/\s]+)\//.exec(out);
      const t = /#token=(\S+)/.exec(out);
      if (m && t) resolve({ base: m[1], proc, token: t[1] });
    });
    proc.on('exit', (code) => reject(new Error(`demo server exited with ${code}: ${out}`)));
  });
}
