// `npm test` runs the PostgreSQL paths against a real server: installs Debian's postgresql with apt-get
// when its binaries are missing and we are root (as ensure-chromium.mjs does for Chromium), else stops
// with the one command to run. The tests start a throwaway cluster of their own; nothing is configured here.
import { ensureDebianPackage } from './apt-install.mjs';
import { pgBin } from './pg-bin.mjs';

ensureDebianPackage({
  pkg: 'postgresql',
  why: 'the PostgreSQL tests',
  works: () => pgBin() !== undefined,
  missing: '[aftercare] PostgreSQL server binaries not found (initdb): run `sudo apt-get install -y postgresql` (or set PG_BIN), then npm test again.',
  broken: '[aftercare] postgresql was installed but no initdb was found under /usr/lib/postgresql; set PG_BIN.',
});
