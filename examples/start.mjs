// `npm start`: the demo shop, the reference collector and its dashboard on one origin, embedded SQLite,
// no other service. Every shop page is served with a strict Content-Security-Policy.
// Flags: --port N (0 = any free port), --db PATH, --host H, --delay MS (the demo tags' data-delay),
// --no-seed (a fresh database stays empty), --smtp URL (send invitations through this SMTP server instead
// of keeping them in the dashboard's mail preview), and the test flags --faults RATE and --test-hooks.
// The collector's environment variables (docs/configuration.md) apply too; flags win.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Hono } from 'hono';
import { configOrExit, createCollector, isPostgresUrl, serveCollector, suppressionSalt, testFlagsError } from './collector/dist/index.js';
import { seedSamples } from './seed.mjs';
import { seedInvitations } from './seed-invitations.mjs';
import { renderPage } from './shop/pages.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dist = resolve(here, '..', 'dist');
const { values: args } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    db: { type: 'string' },
    faults: { type: 'string', default: '0' },
    'test-hooks': { type: 'boolean', default: false },
    'no-seed': { type: 'boolean', default: false },
    delay: { type: 'string' },
    smtp: { type: 'string' },
  },
});
if (!existsSync(join(dist, 'aftercare.js')) || !existsSync(join(here, 'collector', 'dist', 'index.js'))) {
  console.error('[aftercare demo] dist/ or examples/collector/dist/ is missing: run `npm run build` first (npm start does it for you)');
  process.exit(1);
}

const config = configOrExit(
  {
    ...process.env,
    AFTERCARE_PORT: args.port ?? process.env.AFTERCARE_PORT ?? process.env.PORT ?? '8080',
    ...(args.host ? { AFTERCARE_HOST: args.host } : {}),
    ...(args.db ? { AFTERCARE_DB: args.db } : {}),
    // Invitations: through --smtp (or AFTERCARE_SMTP_URL) for real, else kept in the mail preview. The
    // public URL is this demo's own address, known once it listens (set below).
    ...(args.smtp ? { AFTERCARE_SMTP_URL: args.smtp } : process.env.AFTERCARE_SMTP_URL ? {} : { AFTERCARE_MAIL_PREVIEW: '1' }),
    AFTERCARE_MAIL_FROM: process.env.AFTERCARE_MAIL_FROM ?? 'Aftercare demo shop <feedback@shop.example>',
    AFTERCARE_PUBLIC_URL: process.env.AFTERCARE_PUBLIC_URL ?? 'http://127.0.0.1',
    AFTERCARE_BRAND_NAME: process.env.AFTERCARE_BRAND_NAME ?? 'Aftercare demo shop',
    AFTERCARE_MAIL_FOOTER: process.env.AFTERCARE_MAIL_FOOTER ?? 'Aftercare demo shop · 1 Example Street · 10115 Berlin (sample data)',
    AFTERCARE_SURVEY_REASONS: process.env.AFTERCARE_SURVEY_REASONS ?? 'speed staff solved communication',
  },
  { db: join(here, '.data', 'collector.db') },
);
// The test flags only on loopback: /__test/* moves the clock and purges data.
const hooks = testFlagsError(args['test-hooks'] ? '--test-hooks' : '--faults', args['test-hooks'] || Number(args.faults) > 0, config.host);
if (hooks) {
  console.error(hooks.message);
  process.exit(2);
}
// Embedded SQLite by default; a postgres:// AFTERCARE_DB is honoured as the standalone collector does.
const postgres = isPostgresUrl(config.db);
const dbPath = config.db;

// The demo keeps its admin token beside its database (in examples/.data for PostgreSQL), so the
// sign-in link it prints works on every start. A merchant's own AFTERCARE_ADMIN_TOKEN is never printed.
function demoToken() {
  if (config.adminToken) return config.adminToken;
  const file = join(postgres ? join(here, '.data') : dirname(dbPath), 'admin-token');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const token = randomBytes(24).toString('base64url');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, token + '\n', { mode: 0o600 });
  return token;
}
const adminToken = demoToken();

const collector = await createCollector({
  ...config,
  adminToken,
  faultRate: Number(args.faults),
  testHooks: args['test-hooks'],
});
const seeded = args['no-seed'] ? 0 : await seedSamples(collector.db, { alert: config.alert, followupHours: config.followupHours, tiers: config.tiers });

export const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors 'none'";
const files = {
  '/shop.css': [join(here, 'shop', 'shop.css'), 'text/css'],
  '/spa.js': [join(here, 'shop', 'spa.js'), 'text/javascript'],
  '/headless.js': [join(here, 'headless', 'dist', 'headless.js'), 'text/javascript'],
};
// The widget's files, as a merchant hosts them: the loader and every chunk beside it.
for (const f of readdirSync(dist)) {
  if (/^aftercare[\w.-]*\.js(\.map)?$/.test(f)) files[`/${f}`] = [join(dist, f), f.endsWith('.map') ? 'application/json' : 'text/javascript'];
}

const shop = new Hono();
// The shop's pages send the collector's own security headers: no framing, no sniffing, no referrer.
shop.use('*', async (c, next) => {
  await next();
  c.res.headers.set('Content-Security-Policy', CSP);
  c.res.headers.set('X-Content-Type-Options', 'nosniff');
  c.res.headers.set('X-Frame-Options', 'DENY');
  c.res.headers.set('Referrer-Policy', 'no-referrer');
});
shop.get('/favicon.ico', (c) => c.body(null, 204));
for (const [path, [file, type]] of Object.entries(files)) {
  shop.get(path, (c) => c.body(readFileSync(file), 200, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-cache' }));
}
shop.get('*', (c) => {
  const url = new URL(c.req.url);
  const html = renderPage(url.pathname, url.searchParams, { delay: args.delay });
  if (html === null) return c.text('not found\n', 404);
  return c.body(html, 200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
});
shop.onError((e, c) => {
  console.error('[aftercare demo]', e);
  return c.text('internal error\n', 500);
});

/** The collector's paths go to the collector app (with its own headers and limits), the rest to the shop. */
const isCollector = (p) =>
  p.startsWith('/v1/') || p === '/health' || p === '/dashboard' || p.startsWith('/dashboard/') || p.startsWith('/__test/') || p.startsWith('/s/') || p.startsWith('/u/');
const fetch = (req, env) => (isCollector(new URL(req.url).pathname) ? collector.app : shop).fetch(req, env);

const { server, port } = await serveCollector(fetch, config.port, config.host);
const base = `http://${config.host}:${port}`;
// Every link in an invitation points here unless the merchant set AFTERCARE_PUBLIC_URL.
if (!process.env.AFTERCARE_PUBLIC_URL) collector.invitations.publicUrl = base;
const invited = args['no-seed'] ? 0 : await seedInvitations(collector.db, { config: collector.invitations, timeZone: config.timeZone, salt: await suppressionSalt(collector.db) });
console.log(`Aftercare demo running at ${base}/`);
console.log(`  shop (order delivered 4 days ago, survey shows)  ${base}/`);
console.log(`  order confirmation (day 0, no survey)            ${base}/order`);
console.log(`  page with only data-endpoint                     ${base}/help`);
console.log(`  single-page app (route changes, show()/hide())   ${base}/app`);
console.log(`  survey inline in the page, stars, brand theme    ${base}/feedback`);
console.log(`  headless: own UI on the SDK, no Preact           ${base}/headless`);
console.log(
  config.adminToken
    ? `  dashboard (sign in with AFTERCARE_ADMIN_TOKEN)   ${base}/dashboard`
    : `  dashboard (one-click sign-in)                    ${base}/dashboard#token=${adminToken}`,
);
if (seeded) console.log(`  team (6 sample people; invite your own)          ${base}/dashboard?view=people`);
console.log(`  collector                                        POST ${base}/v1/responses · GET ${base}/v1/summary (Bearer token)`);
console.log(`  invitations by e-mail (${config.invitations.smtpUrl ? 'sent by SMTP)' : 'mail preview)'}             ${base}/dashboard?view=channels${invited ? ` (${invited} sample deliveries)` : ''}`);
console.log(`  database                                         ${postgres ? 'PostgreSQL (AFTERCARE_DB)' : dbPath}${seeded ? ` (${seeded} sample answers added, marked meta.sample)` : ''}`);
if (config.deliverySecret) console.log('  signed deliveries: on (every record needs a deliveryToken)');
const stop = () => {
  server.close(() => void collector.close().then(() => process.exit(0)));
  server.closeAllConnections(); // including requests a `hang-after` fault holds open
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
