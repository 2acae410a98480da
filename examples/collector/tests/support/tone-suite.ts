// GET /v1/themes/tone and POST /v1/themes/tone/train (issue 27), the same suite on SQLite (tests/unit)
// and PostgreSQL (tests/postgres): synthetic comments whose vocabularies are known (English and
// Chinese) give a high cross-validated accuracy and AUC; a 5-star "broke the tap" is listed as sounding
// unhappy and a 2 full of praise as sounding happy (also once learnt from); the filters, the limit,
// too few comments, the hour's cache, retraining, the credential and the audit.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CollectorOptions } from '../../src/app.ts';
import { openApiDocument } from '../../src/http/openapi.ts';
import { ADMIN, response, type Running } from './harness.ts';
import { openApiChecker } from './openapi-check.ts';

const check = openApiChecker(openApiDocument('0.1.0'));

/** Mulberry32, so the synthetic comments are the same on every run. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = {
  en: {
    unhappy: ['broke the tap', 'rude', 'late', 'left a mess', 'still leaking', 'never called back', 'scratched the floor'],
    happy: ['careful', 'tidy', 'friendly', 'quick', 'explained everything', 'polite', 'on time'],
    neutral: ['technician', 'washer', 'kitchen', 'visit', 'Tuesday', 'dishwasher', 'appointment'],
  },
  zh: {
    unhappy: ['态度很差', '迟到了', '弄坏了水龙头', '问题依旧', '没人回电话'],
    happy: ['师傅很细心', '干净整洁', '热情周到', '准时到达', '非常专业'],
    neutral: ['洗衣机', '师傅', '厨房', '周二'],
  },
} as const;

const DAY = 86_400_000;
const NOW = Date.parse('2026-12-01T12:00:00Z');
let k: Running;
let clock = NOW;
const admin = { authorization: `Bearer ${ADMIN}` };

/** `unhappy` and `happy` comments in English and Chinese (a third Chinese), with scores to match and a few passives. */
function synthetic(n: number, seed: number) {
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const out: Array<Record<string, unknown>> = [];
  for (let i = 0; i < n; i++) {
    const unhappy = i % 2 === 0;
    const lang = i % 3 === 0 ? 'zh' : 'en';
    const w = WORDS[lang];
    const side = unhappy ? w.unhappy : w.happy;
    // Mostly the side's words, a neutral one, and now and then a word from the other side.
    const parts = [pick(side), pick(w.neutral), pick(side), ...(random() < 0.15 ? [pick(unhappy ? w.happy : w.unhappy)] : [])];
    const comment = parts.join(lang === 'zh' ? '，' : ', ');
    const withNps = random() < 0.6;
    const score = withNps ? { nps: unhappy ? pick([0, 2, 4, 5, 6]) : pick([9, 10]), csat: undefined } : { csat: unhappy ? pick([1, 2]) : pick([4, 5]) };
    const answeredAt = new Date(NOW - (1 + random() * 80) * DAY).toISOString();
    out.push(response({ ...score, comment, answeredAt, locale: lang === 'zh' ? 'zh-CN' : 'en', meta: { store: i % 4 === 0 ? 'Shanghai' : 'Berlin' } }));
  }
  return out;
}

const post = async (responses: unknown[]) => {
  const res = await k.post({ responses });
  const body = (await res.json()) as { accepted: number; rejected: unknown[] };
  expect(body.rejected).toEqual([]);
};
const retrain = async () => {
  const res = await fetch(`${k.url}/v1/themes/tone/train`, { method: 'POST', headers: admin });
  return { status: res.status, body: (await res.json()) as any };
};

export function toneSuite(start: (o: Partial<CollectorOptions>) => Promise<Running>) {
  beforeAll(async () => {
    k = await start({ now: () => clock });
  });
  afterAll(() => k?.close());

  describe('GET /v1/themes/tone', () => {
    test('too few scored comments: not trained, says why, lists nothing', async () => {
      await post(synthetic(60, 1));
      const body = await k.ok('/v1/themes/tone');
      check('/components/schemas/Tone', body);
      expect(body.trained).toBe(false);
      expect(body.reason).toBe('too few scored comments to learn from: 30 unhappy and 30 happy; at least 50 of each are needed');
      expect(body.model).toMatchObject({ comments: 60, unhappy: 30, happy: 30, terms: 0, accuracy: null, auc: null, folds: 5 });
      expect(body.checkThese).toEqual([]);
    });

    test('kept for the hour: more comments change nothing until retrained', async () => {
      await post([...synthetic(240, 2), ...Array.from({ length: 20 }, (_, i) => response({ nps: 7 + (i % 2), comment: 'rude but careful technician', answeredAt: new Date(NOW - 2 * DAY).toISOString() }))]);
      expect((await k.ok('/v1/themes/tone')).trained).toBe(false);
      const { status, body } = await retrain();
      expect(status).toBe(200);
      check('/components/schemas/ToneState', body);
      // 300 scored comments; the passives (NPS 7–8) are neither side.
      expect(body.model).toMatchObject({ comments: 300, unhappy: 150, happy: 150, folds: 5 });
      expect(body.trained).toBe(true);
      expect(body.model.terms).toBeGreaterThan(30);
      expect(body.model.accuracy).toBeGreaterThanOrEqual(0.95);
      expect(body.model.auc).toBeGreaterThanOrEqual(0.98);
      console.log(`tone on the synthetic comments: accuracy ${body.model.accuracy}, AUC ${body.model.auc} (${body.model.comments} comments, ${body.model.terms} terms)`);
    });

    test('a 5-star "broke the tap" sounds unhappy; a 2 full of praise sounds happy; agreeing comments are not listed', async () => {
      const at = new Date(NOW - DAY).toISOString();
      const tap = response({ csat: 5, comment: 'The technician broke the tap and left', answeredAt: at, meta: { store: 'Berlin' } });
      const praise = response({ nps: 2, csat: undefined, comment: '师傅很细心，干净整洁，非常专业', locale: 'zh-CN', answeredAt: at, meta: { store: 'Shanghai' } });
      const agree = response({ csat: 1, comment: 'Rude and late', answeredAt: at });
      await post([tap, praise, agree]);
      const body = await k.ok('/v1/themes/tone?limit=500');
      check('/components/schemas/Tone', body);
      const byId = new Map(body.checkThese.map((x: any) => [x.response.id, x]));
      expect(byId.get(tap.id)).toMatchObject({ direction: 'sounds-unhappy', response: { id: tap.id, csat: 5, comment: 'The technician broke the tap and left' } });
      expect((byId.get(tap.id) as any).pUnhappy).toBeGreaterThanOrEqual(0.8);
      expect(byId.get(praise.id)).toMatchObject({ direction: 'sounds-happy' });
      expect((byId.get(praise.id) as any).pUnhappy).toBeLessThanOrEqual(0.2);
      expect(byId.has(agree.id)).toBe(false);
      // The stored response, as GET /v1/responses gives it.
      const listed = await k.ok(`/v1/responses?q=${encodeURIComponent('broke the tap and left')}`);
      expect((byId.get(tap.id) as any).response).toEqual(listed.responses[0]);
      for (const x of body.checkThese) expect(x.direction === 'sounds-unhappy' ? x.pUnhappy >= 0.8 : x.pUnhappy <= 0.2).toBe(true);
      // Learnt from once retrained (as a happy comment), it is judged without itself: still listed.
      expect((await retrain()).body.model.comments).toBe(303);
      const again = new Map((await k.ok('/v1/themes/tone?limit=500')).checkThese.map((x: any) => [x.response.id, x.direction]));
      expect(again.get(tap.id)).toBe('sounds-unhappy');
      expect(again.get(praise.id)).toBe('sounds-happy');
    });

    test('the filters choose the comments checked; limit caps the list', async () => {
      const berlin = await k.ok('/v1/themes/tone?meta.store=Berlin&limit=500');
      expect(berlin.checkThese.length).toBeGreaterThan(0);
      for (const x of berlin.checkThese) expect(x.response.meta.store).toBe('Berlin');
      expect(berlin.checkThese.map((x: any) => x.response.comment)).toContain('The technician broke the tap and left');
      const promoters = await k.ok('/v1/themes/tone?band=detractor&limit=500');
      for (const x of promoters.checkThese) expect(x.response.nps).toBeLessThanOrEqual(6);
      expect(promoters.checkThese.some((x: any) => x.response.comment === '师傅很细心，干净整洁，非常专业')).toBe(true);
      expect((await k.ok(`/v1/themes/tone?to=${new Date(NOW - 3 * DAY).toISOString()}&limit=500`)).checkThese.map((x: any) => x.response.comment)).not.toContain('The technician broke the tap and left');
      expect((await k.ok('/v1/themes/tone?term=tap&limit=500')).checkThese.map((x: any) => x.response.comment)).toEqual(['The technician broke the tap and left']);
      expect((await k.ok('/v1/themes/tone?limit=1')).checkThese).toHaveLength(1);
      const bad = await k.read('/v1/themes/tone?band=happy');
      expect(bad.status).toBe(400);
      expect(bad.body.error).toBe('band: expected "detractor", "passive" or "promoter"; got "happy"');
    });

    test('needs the admin credential; reads and trainings are audited', async () => {
      expect((await fetch(`${k.url}/v1/themes/tone`)).status).toBe(401);
      expect((await fetch(`${k.url}/v1/themes/tone/train`, { method: 'POST' })).status).toBe(401);
      const audit = await k.ok('/v1/audit?limit=500');
      const actions = audit.entries.map((e: any) => e.action);
      expect(actions).toContain('tone.read');
      expect(actions).toContain('tone.train');
      const read = audit.entries.find((e: any) => e.action === 'tone.read' && e.detail?.query === 'limit=500');
      expect(read?.rows).toBeGreaterThan(0);
    });

    test('retrained after an hour on the next read', async () => {
      await post(synthetic(20, 3));
      // Still the model of the training above (303 comments), though 20 more came since.
      expect((await k.ok('/v1/themes/tone')).model.comments).toBe(303);
      clock += 3_600_000;
      expect((await k.ok('/v1/themes/tone')).model.comments).toBe(323);
    });
  });
}
