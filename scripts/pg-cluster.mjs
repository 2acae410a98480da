// A throwaway PostgreSQL cluster in a temporary folder on a free loopback port, for the tests and the
// benchmark. initdb refuses to run as root, so as root the folder is given to the `postgres` user and
// the server binaries run as that user (runuser). `stop()` stops the server and removes the folder.
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pgBin } from './pg-bin.mjs';

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** @returns {Promise<{ url: (db?: string) => string, port: number, dir: string, stop: () => void }>} */
export async function startCluster({ settings = [] } = {}) {
  const bin = pgBin();
  if (!bin) throw new Error('[aftercare] PostgreSQL server binaries not found: run `apt-get install -y postgresql` or set PG_BIN');
  const dir = mkdtempSync(join(tmpdir(), 'aftercare-pg-'));
  const data = join(dir, 'data');
  const root = process.getuid?.() === 0;
  let uid;
  if (root) {
    uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
    chmodSync(dir, 0o700);
  }
  const run = (cmd, args) => execFileSync(root ? 'runuser' : join(bin, cmd), root ? ['-u', 'postgres', '--', join(bin, cmd), ...args] : args, { stdio: 'pipe', cwd: dir });
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C']);
  // The free port is released before the server binds it, so another process may take it in
  // between: pick again, up to three times.
  let port;
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    const opts = [`-p ${port}`, `-k ${dir}`, '-c listen_addresses=127.0.0.1', '-c fsync=on', '-c synchronous_commit=on', '-c max_connections=200', ...settings.map((s) => `-c ${s}`)].join(' ');
    try {
      run('pg_ctl', ['-D', data, '-o', opts, '-l', join(dir, 'server.log'), '-w', 'start']);
      break;
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    } catch {
      // Already gone (killed with the test run); the folder is removed either way.
    }
    rmSync(dir, { recursive: true, force: true });
  };
  return { port, dir, url: (db = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${db}`, stop };
}
