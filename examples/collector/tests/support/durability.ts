// Shared by the SQLite and PostgreSQL durability tests: post a batch, SIGKILL the collector the moment
// the 2xx status line arrives, restart it on the same database, repeat; then read everything back.
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { spawnCollector } from './collector-process.ts';

const TOKEN = 'durability-admin-token-0123456789';

/** POSTs and resolves with the status as soon as the status line is in (before the body is read). */
function postStatus(url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      res.on('error', () => undefined);
    });
    req.on('error', reject);
    req.end(body);
  });
}

export async function killAfterAck(env: Record<string, string>, rounds = 5) {
  const acknowledged = { responses: [] as string[], displays: [] as string[] };
  for (let round = 0; round < rounds; round++) {
    const p = await spawnCollector({ ...env, AFTERCARE_ADMIN_TOKEN: TOKEN });
    const responses = Array.from({ length: 20 }, (_, i) => ({
      id: randomUUID(), revision: 1 + (i % 3), deliveryId: `kill-${round}-${i}`, deliveredAt: '2026-11-20T10:00:00.000Z',
      answeredAt: '2026-11-24T10:00:00.000Z', nps: i % 11, comment: `round ${round} answer ${i}`, complete: true, locale: 'en',
    }));
    const displays = responses.slice(0, 5).map((r) => ({
      id: randomUUID(), deliveryId: r.deliveryId, shownAt: '2026-11-24T09:59:00.000Z', endedAt: '2026-11-24T10:00:00.000Z', outcome: 'answered', responseId: r.id, locale: 'en',
    }));
    const status = await postStatus(p.url, JSON.stringify({ responses, displays }));
    p.proc.kill('SIGKILL');
    await p.kill();
    if (status !== 200) throw new Error(`round ${round}: expected 200, got ${status}`);
    acknowledged.responses.push(...responses.map((r) => r.id));
    acknowledged.displays.push(...displays.map((d) => d.id));
  }
  const p = await spawnCollector({ ...env, AFTERCARE_ADMIN_TOKEN: TOKEN });
  try {
    const get = async (path: string) => (await fetch(`${p.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } })).json();
    const { responses } = (await get('/v1/responses?limit=500')) as { responses: Array<{ id: string }> };
    const { displays } = (await get('/v1/displays?limit=500')) as { displays: Array<{ id: string }> };
    const sort = (a: string[]) => [...a].sort();
    acknowledged.responses = sort(acknowledged.responses);
    acknowledged.displays = sort(acknowledged.displays);
    return { acknowledged, found: { responses: sort(responses.map((r) => r.id)), displays: sort(displays.map((d) => d.id)) } };
  } finally {
    await p.kill();
  }
}
