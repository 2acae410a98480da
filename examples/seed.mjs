// Sample answers for a fresh demo database, so a newcomer's dashboard has figures at once. Every sample
// is marked: delivery ids start with `sample-` and meta holds `sample: true`. Deterministic (a seeded
// generator), spread over the last 90 days, across stores and technicians with different quality.
import { randomUUID } from 'node:crypto';
import { displayColumns, responseColumns, storeBatch } from './collector/dist/index.js';

const STORES = [
  ['Berlin', 0.8],
  ['Shanghai', 0.55],
  ['Munich', 0.7],
  ['Shenzhen', 0.35],
];
const TECHNICIANS = ['Anna', 'Li Wei', 'Jonas', 'Wang Fang', 'Mehmet'];
const COMMENTS = {
  good: ['Fixed in an hour, very tidy.', '师傅很专业，准时到达。', 'Friendly and quick, thank you!', '问题一次解决，非常满意。', 'Explained everything clearly.'],
  bad: ['Came two days late and the washer still leaks.', '等了三天才有人上门，态度一般。', 'Nobody called back.', '维修后问题依旧，很失望。', 'Left a mess in the kitchen.'],
};

/** Mulberry32: a tiny seeded generator, so every fresh demo shows the same picture. */
export function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Adds sample answers and displays when the database holds no answers yet; returns how many answers. */
export async function seedSamples(db, { count = 360, now = Date.now() } = {}) {
  const { n } = await db.selectFrom('responses').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  if (Number(n) > 0) return 0;
  const random = rng(20261201);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const DAY = 86_400_000;
  const at = new Date(now).toISOString();
  const responses = [];
  const displays = [];
  for (let i = 0; i < count; i++) {
    const [store, quality] = pick(STORES);
    const technician = pick(TECHNICIANS);
    const delivered = now - (4 + random() * 90) * DAY;
    const answered = delivered + (3 + random() * 4) * DAY;
    if (answered > now) continue;
    // Quality drifts up over the period (a fix rolled out), so the trend has a shape.
    const q = Math.min(0.95, quality + (1 - (now - answered) / (94 * DAY)) * 0.15);
    const happy = random() < q;
    const csat = happy ? (random() < 0.6 ? 5 : 4) : pick([1, 2, 2, 3, 3]);
    const nps = happy ? pick([8, 9, 9, 10, 10]) : pick([0, 2, 3, 4, 5, 6, 6, 7]);
    const both = random() < 0.6;
    const id = randomUUID();
    const comment = random() < 0.35 ? pick(happy ? COMMENTS.good : COMMENTS.bad) : null;
    const deliveryId = `sample-${String(i + 1).padStart(4, '0')}`;
    responses.push({
      id, revision: comment ? 2 : 1, delivery_id: deliveryId, delivered_at: new Date(delivered).toISOString(), answered_at: new Date(answered).toISOString(),
      csat, nps: both ? nps : null, comment, complete: 1, locale: store.startsWith('S') ? 'zh-CN' : 'de',
      customer_id: `sample-c-${Math.floor(random() * 5000)}`, meta: JSON.stringify({ sample: true, store, technician }),
      origin: null, path: null, received_at: at, updated_at: at, ...responseColumns(new Date(answered).toISOString(), comment),
    });
    displays.push({
      id: randomUUID(), delivery_id: deliveryId, shown_at: new Date(answered - 60_000).toISOString(), ended_at: new Date(answered).toISOString(),
      outcome: 'answered', later: 0, response_id: id, locale: 'en', customer_id: null, origin: null, path: null, received_at: at, updated_at: at, ...displayColumns(new Date(answered - 60_000).toISOString()),
    });
    // Some displays end without an answer, so the response rate is not 100 %.
    if (random() < 0.45) {
      displays.push({
        id: randomUUID(), delivery_id: `${deliveryId}-unanswered`, shown_at: new Date(answered - DAY).toISOString(), ended_at: new Date(answered - DAY + 30_000).toISOString(),
        outcome: random() < 0.7 ? 'dismissed' : 'expired', later: random() < 0.3 ? 1 : 0, response_id: null, locale: 'en', customer_id: null, origin: null, path: null, received_at: at, updated_at: at, ...displayColumns(new Date(answered - DAY).toISOString()),
      });
    }
  }
  // The collector's own write path (one transaction), so the derived columns and meta side table are filled.
  await storeBatch(db, responses, displays);
  return responses.length;
}
