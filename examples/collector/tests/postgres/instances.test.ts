// Two collector processes behind one PostgreSQL: started at once on an empty database (the migration
// lock lets one of them migrate), then hit with concurrent duplicates split across them.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { MIGRATIONS } from '../../src/store/migrations.ts';
import { spawnCollector, type CollectorProcess } from '../support/collector-process.ts';
import { freshDatabase, query } from './db.ts';

const TOKEN = 'two-instances-admin-token-0123456789';
const RANK = { expired: 1, dismissed: 2, answered: 3 } as const;
type Outcome = keyof typeof RANK;

let url: string;
let a: CollectorProcess;
let b: CollectorProcess;
beforeAll(async () => {
  url = await freshDatabase('instances');
  const env = { AFTERCARE_DB: url, AFTERCARE_ADMIN_TOKEN: TOKEN, AFTERCARE_RATE_LIMIT: '100000' };
  [a, b] = await Promise.all([spawnCollector(env), spawnCollector(env)]);
});
afterAll(async () => {
  await Promise.all([a?.kill(), b?.kill()]);
});

/** Deterministic choices, so a failure can be replayed. */
function rng(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

const rows = <T>(text: string) => query<T>(url, text);

test.each([1, 2, 3])('round %i: 20 concurrent posts of the same 50 responses and 50 displays across two instances → 50 rows each, highest revision, best outcome', async (round) => {
  const random = rng(round * 7919);
  const ids = Array.from({ length: 50 }, () => randomUUID());
  const displayIds = Array.from({ length: 50 }, () => randomUUID());
  const best = new Map<string, number>();
  const bestOutcome = new Map<string, Outcome>();
  const posts = Array.from({ length: 20 }, (_, p) => {
    const responses = ids.map((id, i) => {
      const revision = 1 + Math.floor(random() * 6);
      best.set(id, Math.max(best.get(id) ?? 0, revision));
      return {
        id, revision, deliveryId: `multi-${round}-${i}`, deliveredAt: '2026-11-20T10:00:00.000Z', answeredAt: '2026-11-24T10:00:00.000Z',
        nps: revision, comment: `revision ${revision}`, complete: revision >= 3, locale: 'en',
      };
    });
    const displays = displayIds.map((id, i) => {
      const outcome = (['expired', 'dismissed', 'answered'] as const)[Math.floor(random() * 3)]!;
      if (RANK[outcome] > RANK[bestOutcome.get(id) ?? 'expired'] || !bestOutcome.has(id)) bestOutcome.set(id, outcome);
      return { id, deliveryId: `multi-${round}-${i}`, shownAt: '2026-11-24T09:00:00.000Z', endedAt: '2026-11-24T09:01:00.000Z', outcome, locale: 'en' };
    });
    // Each batch in its own order: without the collector sorting ids, overlapping batches would deadlock.
    responses.sort(() => random() - 0.5);
    displays.sort(() => random() - 0.5);
    const target = p % 2 ? b : a;
    return () => fetch(`${target.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ responses, displays }) });
  });
  const results = await Promise.all(posts.map((send) => send()));
  expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
  const stored = await rows<{ id: string; revision: number; comment: string; nps: number }>(`SELECT id, revision, comment, nps FROM responses WHERE delivery_id LIKE 'multi-${round}-%'`);
  expect(stored).toHaveLength(50);
  for (const r of stored) {
    expect(r.revision).toBe(best.get(r.id));
    // The whole row is the winning revision's, not a mix.
    expect(r).toMatchObject({ comment: `revision ${r.revision}`, nps: r.revision });
  }
  const shown = await rows<{ id: string; outcome: Outcome }>(`SELECT id, outcome FROM displays WHERE delivery_id LIKE 'multi-${round}-%'`);
  expect(shown).toHaveLength(50);
  for (const d of shown) expect(d.outcome).toBe(bestOutcome.get(d.id));
  // The counts the summary reads took out exactly the version each batch replaced, whatever the
  // interleaving across the two instances (each batch locks its ids first): they equal the rows.
  const weighted = Array.from({ length: 10 }, (_, s) => `${s + 1} * p${s + 1}`).join(' + ');
  const fromRows = await rows(`SELECT (answered_ms / 3600000)::int AS hour, complete, count(*)::int AS n, sum(nps)::int AS nps FROM responses GROUP BY 1, 2 ORDER BY 1, 2`);
  const fromCounts = await rows(`SELECT hour::int AS hour, complete, sum(n)::int AS n, sum(${weighted})::int AS nps FROM answer_counts WHERE dim = '' GROUP BY 1, 2 HAVING sum(n) > 0 ORDER BY 1, 2`);
  expect(fromCounts).toEqual(fromRows);
  const displaysFromRows = await rows(`SELECT (shown_ms / 3600000)::int AS hour, outcome, count(*)::int AS n FROM displays GROUP BY 1, 2 ORDER BY 1, 2`);
  const displaysFromCounts = await rows(`SELECT hour::int AS hour, outcome, sum(n)::int AS n FROM display_counts GROUP BY 1, 2 HAVING sum(n) > 0 ORDER BY 1, 2`);
  expect(displaysFromCounts).toEqual(displaysFromRows);
});

test('both instances serve reads from the one database, with the one credential', async () => {
  const read = async (p: CollectorProcess) => (await fetch(`${p.url}/v1/summary`, { headers: { authorization: `Bearer ${TOKEN}` } })).json();
  const [sa, sb] = await Promise.all([read(a), read(b)]);
  expect(sa.responses).toBe(150);
  expect(sb.responses).toBe(150);
  expect(sa.displays.total).toBe(150);
  expect(await (await fetch(`${b.url}/health`)).json()).toEqual({ ok: true, db: 'postgres' });
  // The migrations ran once although both started together.
  expect((await rows<{ n: string }>('SELECT count(*) AS n FROM kysely_migration'))[0]!.n).toBe(String(Object.keys(MIGRATIONS).length));
});
