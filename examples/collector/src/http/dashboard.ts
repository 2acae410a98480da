// The dashboard's files. The page and its script hold no customer data (they are the same for everyone);
// the script reads the API with the admin token the merchant signs in with, so every figure and comment
// still needs the credential. Served under a strict CSP: no inline script or style, no framing.
import { readFileSync } from 'node:fs';
import type { Hono } from 'hono';

export const DASHBOARD_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const FILES: Record<string, [string, string]> = {
  '/dashboard': ['index.html', 'text/html'],
  '/dashboard/dashboard.js': ['dashboard.js', 'text/javascript'],
  '/dashboard/dashboard.css': ['dashboard.css', 'text/css'],
};

/** `dir`: the folder holding index.html, dashboard.js and dashboard.css. */
export function dashboardRoutes(app: Hono, dir: URL) {
  for (const [path, [file, type]] of Object.entries(FILES)) {
    const body = readFileSync(new URL(file, dir));
    app.get(path, (c) => {
      c.header('content-security-policy', DASHBOARD_CSP);
      c.header('cache-control', 'no-cache');
      c.header('content-type', `${type}; charset=utf-8`);
      return c.body(body);
    });
  }
}
