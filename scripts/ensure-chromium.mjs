// `npm test` needs Debian's Chromium for the real-browser suite (Playwright's own download cannot work
// here). Installs it with apt-get when running as root, else stops with the one command to run.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CHROMIUM_PATH } from './lab.mjs';

const path = CHROMIUM_PATH;
const works = () => existsSync(path) && spawnSync(path, ['--version'], { stdio: 'ignore' }).status === 0;

if (!works()) {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const apt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!root || !apt) {
    console.error(`[aftercare] Chromium not found at ${path}: run \`sudo apt-get install -y chromium\` (or set CHROMIUM_PATH), then npm test again.`);
    process.exit(1);
  }
  console.log('[aftercare] installing Debian chromium for the browser tests (apt-get)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env }).status === 0;
  if (!install()) {
    execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
    if (!install()) {
      console.error('[aftercare] apt-get could not install chromium; install it by hand: apt-get install -y chromium');
      process.exit(1);
    }
  }
  if (!works()) {
    console.error(`[aftercare] chromium was installed but ${path} does not run; set CHROMIUM_PATH to a working Chromium.`);
    process.exit(1);
  }
}
