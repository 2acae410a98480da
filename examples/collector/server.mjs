// Standalone reference collector:
//   AFTERCARE_PORT=8787 AFTERCARE_DB=./aftercare.db AFTERCARE_ORIGINS=https://shop.example node examples/collector/server.mjs
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { z } from 'zod';
import { createCollector } from './collector.mjs';

const Env = z.object({
  AFTERCARE_PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  AFTERCARE_HOST: z.string().default('127.0.0.1'),
  AFTERCARE_DB: z.string().min(1).default('examples/.data/collector.db'),
  AFTERCARE_ORIGINS: z
    .string()
    .default('')
    .transform((s) => s.split(',').map((o) => o.trim()).filter(Boolean)),
});
const env = Env.safeParse(process.env);
if (!env.success) {
  console.error(`[aftercare collector] ${z.prettifyError(env.error)}`);
  process.exit(2);
}
const { AFTERCARE_PORT: port, AFTERCARE_HOST: host, AFTERCARE_ORIGINS: origins } = env.data;
const dbPath = resolve(env.data.AFTERCARE_DB);
const collector = createCollector({ dbPath, origins });
const server = createServer(async (req, res) => {
  if (!(await collector.handle(req, res))) res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
});
server.listen(port, host, () => {
  const { port: actual } = /** @type {import('node:net').AddressInfo} */ (server.address());
  console.log(`collector listening on http://${host}:${actual}/v1/responses`);
  console.log(`database ${dbPath}`);
});
const stop = () => server.close(() => (collector.close(), process.exit(0)));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
