// The collector installs without this repository: `npm pack` gives a tarball that installs into an
// empty folder (its dependencies from the registry; the dashboard and `aftercare/schema` inside), and
// `npx aftercare-collector` there migrates a new SQLite file, prints its URL and token, and serves the
// dashboard. Needs the built collector (npm test builds it) and the npm registry, as `npm install` does.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'aftercare-pack-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' } });

test('npm pack → npm install in an empty folder → npx aftercare-collector: migrates, prints its URL and token, serves /health and the dashboard', async () => {
  // --ignore-scripts: dist/ is already built (npm test builds first); prepack's rebuild would empty it
  // under the other suites' running collectors.
  const [packed] = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', dir], 'examples/collector')) as Array<{ filename: string; files: Array<{ path: string }> }>;
  expect(packed!.filename).toBe('aftercare-collector-0.1.0.tgz');
  const files = packed!.files.map((f) => f.path);
  expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'dist/server.js', 'dist/index.js', 'dist/collector.js', 'dist/dashboard/index.html']));
  // Only what runs: no sources, tests or fixtures.
  expect(files.filter((f) => !f.startsWith('dist/') && !['package.json', 'README.md'].includes(f))).toEqual([]);
  // aftercare/schema is bundled in: no import of the browser package is left.
  expect(readFileSync('examples/collector/dist/collector.js', 'utf8')).not.toMatch(/from ['"]aftercare(\/schema)?['"]/);

  const app = join(dir, 'app');
  execFileSync('mkdir', ['-p', app]);
  npm(['install', join(dir, packed!.filename)], app);
  expect(JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')).dependencies).toHaveProperty('aftercare-collector');

  const proc = spawn('npx', ['aftercare-collector'], { cwd: app, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir, AFTERCARE_PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout.on('data', (c) => (out += c));
  proc.stderr.on('data', (c) => (out += c));
  try {
    const started = Date.now();
    while (!/dashboard login: /.test(out)) {
      if (proc.exitCode !== null || Date.now() - started > 60_000) throw new Error(`npx aftercare-collector did not start: ${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const url = /collector listening on (http:\/\/\S+)\/v1\/responses/.exec(out)![1]!;
    const token = /admin token \(shown once; only its hash is kept\): (\S+)/.exec(out)![1]!;
    expect(out).toContain(`database ${join(app, 'aftercare.db')}`);
    expect(statSync(join(app, 'aftercare.db')).mode & 0o777).toBe(0o600);
    expect(await (await fetch(`${url}/health`)).json()).toEqual({ ok: true, db: 'sqlite' });
    const page = await fetch(`${url}/dashboard`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<script type="module"[^>]+src="\/dashboard\/assets\/[^"]+\.js"/);
    // A real answer in, figures out with the printed token.
    const answer = { id: '00000000-0000-4000-8000-000000000001', revision: 1, deliveryId: 'packed-1', deliveredAt: new Date(Date.now() - 4 * 86_400_000).toISOString(), answeredAt: new Date().toISOString(), csat: 5, complete: true, locale: 'en' };
    expect(await (await fetch(`${url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ responses: [answer] }) })).json()).toEqual({ accepted: 1, rejected: [] });
    expect((await (await fetch(`${url}/v1/summary`, { headers: { authorization: `Bearer ${token}` } })).json()).responses).toBe(1);
  } finally {
    proc.kill('SIGTERM');
    await new Promise((r) => (proc.exitCode !== null ? r(null) : proc.once('exit', r)));
  }
  expect(existsSync(join(app, 'node_modules', 'aftercare-collector', 'dist', 'dashboard', 'index.html'))).toBe(true);
}, 600_000);
