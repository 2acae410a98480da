// Shared by ensure-chromium.mjs and ensure-postgres.mjs: install a Debian package with apt-get when
// `works()` says it is missing and we are root; otherwise stop with the one command to run.
import { execFileSync, spawnSync } from 'node:child_process';

/**
 * @param {{ pkg: string, works: () => boolean, why: string, missing: string, broken: string }} o
 *   `missing`: the message when we cannot install; `broken`: when it installed but still does not work.
 */
export function ensureDebianPackage({ pkg, works, why, missing, broken }) {
  if (works()) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const apt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!root || !apt) {
    console.error(missing);
    process.exit(1);
  }
  console.log(`[aftercare] installing Debian ${pkg} for ${why} (apt-get)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', pkg], { stdio: 'inherit', env }).status === 0;
  if (!install()) {
    execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
    if (!install()) {
      console.error(`[aftercare] apt-get could not install ${pkg}; install it by hand: apt-get install -y ${pkg}`);
      process.exit(1);
    }
  }
  if (!works()) {
    console.error(broken);
    process.exit(1);
  }
}
