// `npm test` needs Debian's Chromium for the real-browser suite (Playwright's own download cannot work
// here). Installs it with apt-get when running as root, else stops with the one command to run.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ensureDebianPackage } from './apt-install.mjs';
import { CHROMIUM_PATH } from './lab.mjs';

const path = CHROMIUM_PATH;
ensureDebianPackage({
  pkg: 'chromium',
  why: 'the browser tests',
  works: () => existsSync(path) && spawnSync(path, ['--version'], { stdio: 'ignore' }).status === 0,
  missing: `[aftercare] Chromium not found at ${path}: run \`sudo apt-get install -y chromium\` (or set CHROMIUM_PATH), then npm test again.`,
  broken: `[aftercare] chromium was installed but ${path} does not run; set CHROMIUM_PATH to a working Chromium.`,
});
