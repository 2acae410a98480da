// A real collector (createCollector from examples/collector) over real HTTP on a fresh database, for the
// collector's unit suites. Reads go through the admin credential, as a merchant's would.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { createCollector, type CollectorOptions } from '../../src/app.ts';
import { fromDisplayRow, fromRow } from '../../src/read/lists.ts';
import { closeServer, serveCollector } from '../../src/serve.ts';

export const ADMIN = 'test-admin-token-0123456789abcdef';

/** Adds a person to the team through the API (as the admin token); their id and invitation link. */
export async function addPerson(url: string, p: { email: string; name?: string; role: string; team?: string; limit?: { key: string; values: string[] } }) {
  const res = await fetch(`${url}/v1/people`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify(p) });
  if (res.status !== 201) throw new Error(`addPerson: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { person: { id: string }; invitation: { url: string } };
  return { id: body.person.id, owner: `person:${body.person.id}`, invitation: body.invitation.url, code: body.invitation.url.split('#join=')[1]! };
}

export type Running = Awaited<ReturnType<typeof startCollector>>;

/**
 * `db` defaults to a fresh SQLite file in a temporary folder (removed by `close`). Retention defaults
 * to 100 years, so the suites' fixed 2026 dates are not purged at start once the real clock passes
 * them by a year; the retention tests set their own.
 */
export async function startCollector(options: Partial<CollectorOptions> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'aftercare-collector-'));
  const c = await createCollector({ db: join(dir, 'collector.db'), adminToken: ADMIN, retentionDays: 36_500, ...options });
  const { server, port } = await serveCollector(c.app.fetch, 0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}`;
  const post = (body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    fetch(`${url}/v1/responses`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const send = (body: unknown) => post(body);
  const get = async (path: string, token = ADMIN) => (await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } })).json();
  /** A read with the admin credential: its status and JSON body. */
  const read = async (path: string) => {
    const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${ADMIN}` } });
    return { status: res.status, body: (await res.json()) as any };
  };
  /** A read that must answer 200 (the body is in the failure message otherwise): its JSON body. */
  const ok = async (path: string) => {
    const { status, body } = await read(path);
    expect(status, JSON.stringify(body)).toBe(200);
    return body;
  };
  const rows = async () => (await c.db.selectFrom('responses').selectAll().orderBy('answered_at', 'desc').execute()).map(fromRow);
  const displays = async () => (await c.db.selectFrom('displays').selectAll().orderBy('ended_at', 'desc').execute()).map(fromDisplayRow);
  const row = async (id: string) => (await rows()).find((r) => r.id === id);
  const displayRow = async (id: string) => (await displays()).find((d) => d.id === id);
  const close = async () => {
    await closeServer(server);
    await c.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { c, url, post, send, get, read, ok, rows, displays, row, displayRow, close };
}

let n = 0;
/**
 * A valid wire response; `over` replaces fields (undefined removes one). An `answeredAt` given without
 * a `deliveredAt` is answered four days after its delivery, as the widget would ask.
 */
export const response = (over: Record<string, unknown> = {}) => ({
  id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  revision: 1,
  deliveryId: `order-${n}`,
  deliveredAt: typeof over.answeredAt === 'string' && !('deliveredAt' in over) && !Number.isNaN(Date.parse(over.answeredAt)) ? new Date(Date.parse(over.answeredAt) - 4 * 86_400_000).toISOString() : '2026-11-20T10:00:00.000Z',
  answeredAt: '2026-11-24T10:00:00.000Z',
  csat: 4,
  complete: true,
  locale: 'en',
  ...over,
});
let m = 0;
export const display = (over: Record<string, unknown> = {}) => ({
  id: `00000000-0000-4000-9000-${String(++m).padStart(12, '0')}`,
  deliveryId: `shown-${m}`,
  shownAt: '2026-11-24T10:00:00.000Z',
  endedAt: '2026-11-24T10:01:00.000Z',
  outcome: 'dismissed',
  locale: 'en',
  ...over,
});
