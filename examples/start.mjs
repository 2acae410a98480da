// `npm start`: the demo shop, the reference collector and the dashboard on one origin, every page served
// with a strict Content-Security-Policy. Options: --port N (0 = any free port), --db PATH, --host H,
// --faults RATE (share of POSTs that fail: 503, dropped connections, hangs), --test-hooks (for the test suites).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createCollector } from './collector/collector.mjs';
import { renderPage } from './shop/pages.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dist = resolve(here, '..', 'dist');
const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '8080' },
    host: { type: 'string', default: '127.0.0.1' },
    db: { type: 'string', default: process.env.AFTERCARE_DB ?? join(here, '.data', 'aftercare.db') },
    faults: { type: 'string', default: '0' },
    'test-hooks': { type: 'boolean', default: false },
    delay: { type: 'string' },
  },
});
if (!existsSync(join(dist, 'aftercare.js'))) {
  console.error('[aftercare demo] dist/aftercare.js is missing: run `npm run build` first (npm start does it for you)');
  process.exit(1);
}

export const CSP = "default-src 'self'; script-src 'self'; style-src 'self'";
const dbPath = resolve(args.db);
const collector = createCollector({
  dbPath,
  origins: (process.env.AFTERCARE_ORIGINS ?? '').split(',').filter(Boolean),
  faultRate: Number(args.faults),
  testHooks: args['test-hooks'],
});

const files = {
  '/shop.css': [join(here, 'shop', 'shop.css'), 'text/css'],
  '/dashboard.js': [join(here, 'shop', 'dashboard.js'), 'text/javascript'],
  '/spa.js': [join(here, 'shop', 'spa.js'), 'text/javascript'],
  '/headless.js': [join(here, 'headless', 'dist', 'headless.js'), 'text/javascript'],
};
// The widget's files, as a merchant hosts them: the loader and every chunk beside it.
for (const f of readdirSync(dist)) {
  if (/^aftercare[\w.-]*\.js(\.map)?$/.test(f)) files[`/${f}`] = [join(dist, f), f.endsWith('.map') ? 'application/json' : 'text/javascript'];
}

const server = createServer(async (req, res) => {
  try {
    if (await collector.handle(req, res)) return;
    const url = new URL(req.url ?? '/', 'http://localhost');
    res.setHeader('Content-Security-Policy', CSP);
    if (url.pathname === '/favicon.ico') return res.writeHead(204).end();
    const file = files[url.pathname];
    if (file && req.method === 'GET') {
      res.writeHead(200, { 'content-type': `${file[1]}; charset=utf-8`, 'cache-control': 'no-cache' });
      return res.end(readFileSync(file[0]));
    }
    const html = req.method === 'GET' ? renderPage(url.pathname, url.searchParams, { delay: args.delay }) : null;
    if (html === null) return res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(html);
  } catch (e) {
    console.error('[aftercare demo]', e);
    if (!res.headersSent) res.writeHead(500).end();
  }
});

server.listen(Number(args.port), args.host, () => {
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  const base = `http://${args.host}:${port}`;
  console.log(`Aftercare demo running at ${base}/`);
  console.log(`  shop (order delivered 4 days ago, survey shows)  ${base}/`);
  console.log(`  order confirmation (day 0, no survey)            ${base}/order`);
  console.log(`  page with only data-endpoint                     ${base}/help`);
  console.log(`  single-page app (route changes, show()/hide())   ${base}/app`);
  console.log(`  survey inline in the page, stars, brand theme    ${base}/feedback`);
  console.log(`  headless: own UI on the SDK, no Preact           ${base}/headless`);
  console.log(`  dashboard                                        ${base}/dashboard`);
  console.log(`  collector                                        POST ${base}/v1/responses · GET ${base}/v1/summary`);
  console.log(`  database                                         ${dbPath}`);
});
const stop = () => {
  server.close(() => (collector.close(), process.exit(0)));
  server.closeAllConnections(); // including requests a `hang-after` fault holds open
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
