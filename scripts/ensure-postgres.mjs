// `npm test` runs the PostgreSQL paths against a real server: installs Debian's postgresql with apt-get
// when its binaries are missing and we are root (as ensure-chromium.mjs does for Chromium), else stops
// with the one command to run. The tests start a throwaway cluster of their own; nothing is configured here.
import { execFileSync, spawnSync } from 'node:child_process';
import { pgBin } from './pg-bin.mjs';

if (!pgBin()) {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const apt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!root || !apt) {
    console.error('[aftercare] PostgreSQL server binaries not found (initdb): run `sudo apt-get install -y postgresql` (or set PG_BIN), then npm test again.');
    process.exit(1);
  }
  console.log('[aftercare] installing Debian postgresql for the PostgreSQL tests (apt-get)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'postgresql'], { stdio: 'inherit', env }).status === 0;
  if (!install()) {
    execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
    if (!install()) {
      console.error('[aftercare] apt-get could not install postgresql; install it by hand: apt-get install -y postgresql');
      process.exit(1);
    }
  }
  if (!pgBin()) {
    console.error('[aftercare] postgresql was installed but no initdb was found under /usr/lib/postgresql; set PG_BIN.');
    process.exit(1);
  }
}
