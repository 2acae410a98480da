// The dashboard's files: the Vite build in dist/dashboard/ (index.html + hashed assets/). The page and
// its script hold no customer data (they are the same for everyone); every figure and comment comes
// from the read API with the session cookie. Served under a strict CSP: no inline script or style, not
// framed by anyone; it frames only its own origin (the mail preview's sandboxed message). The files are
// read once at start-up; a path that is not one of them is a 404.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { Context, Hono } from 'hono';

export const DASHBOARD_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  map: 'application/json; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  woff2: 'font/woff2',
};

/** Every file under `assets/`, by name. Their names carry a content hash, so they never change. */
function readAssets(dir: URL): Map<string, { body: Buffer<ArrayBuffer>; type: string }> {
  const assets = new Map<string, { body: Buffer<ArrayBuffer>; type: string }>();
  const folder = new URL('assets/', dir);
  if (!existsSync(folder)) return assets;
  for (const name of readdirSync(folder)) {
    const type = TYPES[name.slice(name.lastIndexOf('.') + 1)];
    if (type) assets.set(name, { body: readFileSync(new URL(name, folder)), type });
  }
  return assets;
}

/**
 * `dir`: the built dashboard (`dist/dashboard/`: index.html and assets/). Registers `/dashboard`,
 * `/dashboard/` and `/dashboard/assets/:name` only; `/dashboard/session` belongs to the session routes.
 */
export function dashboardRoutes(app: Hono, dir: URL) {
  if (!existsSync(new URL('index.html', dir))) {
    // Not built (e.g. the collector's own tests run from source): say so instead of failing to start.
    app.get('/dashboard', (c) => c.text('dashboard not built: run npm run build', 503));
    return;
  }
  const index = readFileSync(new URL('index.html', dir));
  const assets = readAssets(dir);
  const page = (c: Context) => {
    c.header('content-security-policy', DASHBOARD_CSP);
    // Always revalidated: a new build's index names new asset hashes.
    c.header('cache-control', 'no-cache');
    c.header('content-type', 'text/html; charset=utf-8');
    return c.body(index);
  };
  app.get('/dashboard', page);
  app.get('/dashboard/', page);
  app.get('/dashboard/assets/:name', (c, next) => {
    const file = assets.get(c.req.param('name'));
    if (!file) return next(); // the app's 404
    c.header('content-security-policy', DASHBOARD_CSP);
    c.header('cache-control', 'public, max-age=31536000, immutable');
    c.header('content-type', file.type);
    return c.body(file.body);
  });
}
