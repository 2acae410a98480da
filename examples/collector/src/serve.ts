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

/** Closes the server, ending held connections (a `hang-after` fault keeps one open). */
export function closeServer(server: ServerType): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    (server as { closeAllConnections?: () => void }).closeAllConnections?.();
  });
}
