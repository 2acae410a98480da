// The terms side table (migration 012, store/terms-write.ts) on SQLite and PostgreSQL alike: it follows
// the response it came from (revisions, erasure, retention), and the migration fills it from the
// comments stored before it. `target` gives a fresh database: a SQLite path or a PostgreSQL URL.
import { Migrator } from 'kysely/migration';
import { describe, expect, test } from 'vitest';
import { MIGRATIONS, migrationProvider } from '../../src/store/migrations.ts';
import { migrate, openDb } from '../../src/store/open.ts';
import type { Database } from '../../src/store/schema.ts';
import { termsOf } from '../../src/store/terms.ts';
import { ADMIN, response, startCollector, type Running } from './harness.ts';

const DAY = 86_400_000;
type Row = Database['response_terms'];
/** Rows as plain values (PostgreSQL gives bigint as text), sorted by response and term in JavaScript's order (collations differ). */
const plain = (rows: Row[]) =>
  rows.map((r) => ({ ...r, answered_ms: Number(r.answered_ms) })).sort((a, b) => (a.response_id + '\u0000' + a.term < b.response_id + '\u0000' + b.term ? -1 : 1));

export function termsSuite(target: () => Promise<string>) {
  describe('the terms side table', () => {
    const terms = async (k: Running, id: string) => plain(await k.c.db.selectFrom('response_terms').selectAll().where('response_id', '=', id).execute());

    test('a stored comment gives its terms with the scores, wave, channel and who beside them; a newer revision replaces them, an older one does not', async () => {
      const k = await startCollector({ db: await target() });
      try {
        const a = response({ nps: 2, csat: 2, comment: 'Rude driver, late delivery', customerId: 'c-1', wave: 1 });
        const b = response({ nps: 9, comment: 'Careful technician' });
        expect(await (await k.send({ responses: [a, b] })).json()).toEqual({ accepted: 2, rejected: [] });
        const ms = Date.parse(a.answeredAt);
        expect(await terms(k, a.id)).toEqual(
          ['delivery', 'driver', 'late', 'late delivery', 'rude', 'rude driver'].map((term) => ({
            response_id: a.id, term, answered_ms: ms, answered_q: Math.floor(ms / 900_000), csat: 2, nps: 2, complete: 1, wave: 1, channel: null, who: 'c-1',
          })),
        );
        expect((await terms(k, b.id)).map((r) => [r.term, r.who])).toEqual([['careful', `d:${b.deliveryId}`], ['careful technician', `d:${b.deliveryId}`], ['technician', `d:${b.deliveryId}`]]);
        // Revision 3: another comment and score. Then revision 2 arrives late: it changes nothing.
        expect((await k.send({ responses: [{ ...a, revision: 3, nps: 8, csat: 4, comment: 'Late, but the driver apologised' }] })).status).toBe(200);
        expect((await k.send({ responses: [{ ...a, revision: 2, nps: 0, comment: 'Terrible' }] })).status).toBe(200);
        expect((await terms(k, a.id)).map((r) => [r.term, r.nps, r.csat])).toEqual([['apologised', 8, 4], ['driver', 8, 4], ['driver apologised', 8, 4], ['late', 8, 4]]);
        // A revision without a comment leaves none; a resend of it changes nothing.
        const bare = { ...a, revision: 4, comment: undefined };
        for (let i = 0; i < 2; i++) expect((await k.send({ responses: [bare] })).status).toBe(200);
        expect(await terms(k, a.id)).toEqual([]);
      } finally {
        await k.close();
      }
    });

    test('erasure and the retention purge delete the terms with their answers', async () => {
      const t = { now: Date.parse('2026-01-01T00:00:00.000Z') };
      const k = await startCollector({ db: await target(), now: () => t.now, retentionDays: 30 });
      try {
        t.now = Date.parse('2026-06-01T12:00:00.000Z');
        const at = (days: number) => new Date(t.now - days * DAY).toISOString();
        const gone = response({ customerId: 'c-erase', comment: 'Broken tap', answeredAt: at(2) });
        const old = response({ comment: 'Slow refund', answeredAt: at(31) });
        const young = response({ comment: 'Friendly staff', answeredAt: at(29) });
        expect((await k.send({ responses: [gone, old, young] })).status).toBe(200);
        const held = async () => [...new Set((await k.c.db.selectFrom('response_terms').select('response_id').execute()).map((r) => r.response_id))].sort();
        expect(await held()).toEqual([gone.id, old.id, young.id].sort());
        const res = await fetch(`${k.url}/v1/customers/c-erase`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN}` } });
        expect(res.status).toBe(200);
        expect(await held()).toEqual([old.id, young.id].sort());
        expect(await k.c.purge()).toMatchObject({ responses: 1 });
        expect(await held()).toEqual([young.id]);
      } finally {
        await k.close();
      }
    });

    test('migration 012 fills the table from the comments already stored, page by page', async () => {
      const o = openDb(await target());
      try {
        const names = Object.keys(MIGRATIONS);
        expect((await new Migrator({ db: o.db, provider: migrationProvider }).migrateTo(names[names.indexOf('2026-12-07-012-terms') - 1]!)).error).toBeUndefined();
        const comments = ['Rude driver', '客服态度很好', 'Careful technician, thanks', null, '3 days'];
        const at = '2026-11-24T10:00:00.000Z';
        const rows = Array.from({ length: 2_345 }, (_, i) => ({
          id: `r-${String(i).padStart(5, '0')}`, revision: 1, delivery_id: `d-${i}`, delivered_at: '2026-11-20T10:00:00.000Z', answered_at: at,
          csat: 1 + (i % 5), nps: null, comment: comments[i % comments.length]!, complete: 1, locale: i % 5 === 1 ? 'zh-CN' : 'en', customer_id: i % 2 ? `c-${i}` : null,
          meta: null, origin: null, path: null, received_at: at, updated_at: at,
          answered_ms: Date.parse(at) + i, answered_q: Math.floor(Date.parse(at) / 900_000), comment_folded: null, first_revision: 1, wave: i % 3, channel: i % 7 ? null : 'email',
        }));
        for (let i = 0; i < rows.length; i += 200) await o.db.insertInto('responses').values(rows.slice(i, i + 200)).execute();
        expect(await migrate(o.db)).toContain('2026-12-07-012-terms');
        const expected = rows.flatMap((r) =>
          termsOf(r.comment, r.locale).map((term) => ({ response_id: r.id, term, answered_ms: r.answered_ms, answered_q: r.answered_q, csat: r.csat, nps: null, complete: 1, wave: r.wave, channel: r.channel, who: r.customer_id ?? `d:${r.delivery_id}` })),
        );
        expect(expected.length).toBeGreaterThan(4_000);
        expect(plain(await o.db.selectFrom('response_terms').selectAll().execute())).toEqual(plain(expected));
      } finally {
        await o.db.destroy();
      }
    });
  });
}
