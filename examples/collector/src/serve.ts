import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';

/**
 * Listens with @hono/node-server; resolves with the real port once listening. `fetch` is the app's
 * (the demo passes one that also serves the shop).
 */
export function serveCollector(fetch: (req: Request, env: unknown) => Response | Promise<Response>, port: number, hostname: string) {
  return new Promise<{ server: ServerType; port: number }>((resolve, reject) => {
    const server = serve({ fetch, port, hostname }, (info: AddressInfo) => resolve({ server, port: info.port }));
    server.once('error', reject);
  });
}

/**
 * Stops accepting connections and closes idle ones at once; requests in flight get `graceMs` to finish
 * (a rolling restart must not cut off a POST mid-commit), then every connection is closed.
 */
export function closeServer(server: ServerType, graceMs = 0): Promise<void> {
  const s = server as { closeIdleConnections?: () => void; closeAllConnections?: () => void };
  return new Promise((resolve) => {
    server.close(() => resolve());
    s.closeIdleConnections?.();
    if (graceMs > 0) setTimeout(() => s.closeAllConnections?.(), graceMs).unref();
    else s.closeAllConnections?.();
  });
}
