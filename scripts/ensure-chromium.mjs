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
// A CJK font, so the Chinese dashboard (and its pictures in docs/) shows Chinese, not empty boxes.
const cjk = () => spawnSync('fc-list', [':lang=zh'], { encoding: 'utf8' }).stdout?.trim().length > 0;
ensureDebianPackage({
  pkg: 'fonts-noto-cjk',
  why: 'Chinese text in the browser tests and the docs pictures',
  works: cjk,
  missing: '[aftercare] no Chinese font found (fc-list :lang=zh): run `sudo apt-get install -y fonts-noto-cjk`, then npm test again.',
  broken: '[aftercare] fonts-noto-cjk was installed but fc-list :lang=zh lists no font.',
});
// Poppler's pdftoppm renders the printable QR card's PDF, so a test can decode the QR from the page.
ensureDebianPackage({
  pkg: 'poppler-utils',
  why: 'rendering the QR card PDF in the card tests',
  works: () => spawnSync('pdftoppm', ['-v'], { stdio: 'ignore' }).status === 0,
  missing: '[aftercare] pdftoppm not found: run `sudo apt-get install -y poppler-utils`, then npm test again.',
  broken: '[aftercare] poppler-utils was installed but pdftoppm does not run.',
});
