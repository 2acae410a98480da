// Known answers for the dashboard suite: 72 answers, one a day over ~10 weeks back from now, in three
// stores and four technicians, comments in English and Chinese (one with CSV's special characters, one
// that looks like HTML, one 600 characters without a space), plus displays for the response rate.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { DAY } from './harness.ts';

export const STORES = ['Berlin', 'Shanghai', 'Munich'] as const;
export const TECHNICIANS = ['Anna', '李伟', 'Omar', 'Chen'] as const;
/** Commas, quotes, a line break, Chinese: everything a CSV export can get wrong. */
export const TRICKY_COMMENT = '维修很快, "非常" 满意\n谢谢师傅';
export const HTML_COMMENT = '<b>Great</b> & <img src=x onerror=alert(1)>';
export const LONG_COMMENT = 'x'.repeat(600);

const CHINESE = ['师傅很专业，准时到达。', '等了三天才来，太慢了。', '服务态度很好，下次还找你们。'];
const ENGLISH = ['Quick and tidy.', 'Technician was late and did not call.', 'Fixed the washer in an hour.'];
// Skewed towards happy customers, as real answers are; cycled through with different periods so the
// weeks and the segments differ.
const CSAT = [5, 4, 5, 3, 4, 5, 2, 4, 5, 1, 4];
const NPS = [10, 9, 8, 9, 10, 7, 6, 9, 3, 10, 8, 0, 9];

export interface Seeded {
  id: string;
  deliveryId: string;
  answeredAt: string;
  csat?: number;
  nps?: number;
  comment?: string;
  store: string;
  technician: string;
}

/** The answers, oldest last (index 0 is a day ago). */
export function seedAnswers(now = Date.now()): { responses: object[]; displays: object[]; seeded: Seeded[] } {
  const responses: object[] = [];
  const displays: object[] = [];
  const seeded: Seeded[] = [];
  for (let i = 0; i < 72; i++) {
    const answered = now - (i + 1) * DAY + 3_600_000;
    const store = STORES[i % 3]!;
    const technician = TECHNICIANS[i % 4]!;
    const comment =
      i === 0 ? TRICKY_COMMENT : i === 1 ? HTML_COMMENT : i === 2 ? LONG_COMMENT : i % 4 === 0 ? CHINESE[(i / 4) % 3] : i % 4 === 1 ? ENGLISH[((i - 1) / 4) % 3] : undefined;
    const s: Seeded = {
      id: randomUUID(),
      deliveryId: `dash-${i}`,
      answeredAt: new Date(answered).toISOString(),
      ...(i % 7 === 3 ? {} : { csat: CSAT[i % CSAT.length]! }),
      ...(i % 5 === 2 && i % 7 !== 3 ? {} : { nps: NPS[i % NPS.length]! }),
      ...(comment ? { comment } : {}),
      store,
      technician,
    };
    seeded.push(s);
    responses.push({
      id: s.id,
      revision: 1,
      deliveryId: s.deliveryId,
      deliveredAt: new Date(answered - 4 * DAY).toISOString(),
      answeredAt: s.answeredAt,
      ...(s.csat !== undefined ? { csat: s.csat } : {}),
      ...(s.nps !== undefined ? { nps: s.nps } : {}),
      ...(comment ? { comment } : {}),
      complete: true,
      locale: comment && /[\u4e00-\u9fff]/.test(comment) ? 'zh-CN' : 'en-GB',
      customerId: `customer-${i % 9}`,
      meta: { store, technician },
    });
    const shown = new Date(answered - 60_000).toISOString();
    displays.push({ id: randomUUID(), deliveryId: s.deliveryId, shownAt: shown, endedAt: s.answeredAt, outcome: 'answered', responseId: s.id, locale: 'en-GB' });
    // Every third delivery was also shown once before and dismissed: the response rate is below 100 %.
    if (i % 3 === 0) displays.push({ id: randomUUID(), deliveryId: s.deliveryId, shownAt: new Date(answered - DAY).toISOString(), endedAt: new Date(answered - DAY + 5000).toISOString(), outcome: 'dismissed', locale: 'en-GB' });
  }
  return { responses, displays, seeded };
}

/** POSTs a body to the collector's public ingest route; throws unless every record was accepted. */
export async function post(base: string, body: { responses?: object[]; displays?: object[] }): Promise<void> {
  const res = await fetch(`${base}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const reply = (await res.json()) as { rejected?: unknown[] };
  if (!res.ok || reply.rejected?.length) throw new Error(`seeding failed: ${res.status} ${JSON.stringify(reply)}`);
}

/** RFC 4180: quoted fields may hold commas, doubled quotes and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\n' || (ch === '\r' && text[i + 1] === '\n')) {
      if (ch === '\r') i++;
      row.push(field), rows.push(row), (row = []), (field = '');
    } else field += ch;
  }
  if (field || row.length) row.push(field), rows.push(row);
  return rows;
}

/** The looks every dashboard view is checked in: light, dark (the system's), and a 360 px phone. */
export const LOOKS: ReadonlyArray<readonly [mode: string, options: BrowserContextOptions]> = [
  ['light', {}],
  ['dark', { colorScheme: 'dark' }],
  ['360 px', { viewport: { width: 360, height: 740 } }],
];

/** axe-core's violations on the page as it is now (id, help, the nodes' selectors); [] when clean. */
export async function axeViolations(page: Page): Promise<Array<{ id: string; help: string; nodes: string[] }>> {
  await page.evaluate(readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));
  const result = await page.evaluate(() =>
    (window as unknown as { axe: { run: (c: Document, o: object) => Promise<{ violations: Array<{ id: string; help: string; nodes: Array<{ target: unknown }> }> }> } }).axe.run(document, {
      resultTypes: ['violations'],
    }),
  );
  return result.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => JSON.stringify(n.target)) }));
}

/** One answer of the Product life suite: its wave, scores and the reasons it named. */
export interface LifeSeeded {
  wave: number;
  csat: number;
  nps?: number;
  reasons: string[];
}

/** Answers per wave (0 = the first survey, then three monthly re-surveys; the last one has few answers). */
export const LIFE_WAVES = [48, 40, 32, 12] as const;
// NPS per wave, cycled: the mood falls over the product's life, as a washer ages.
const LIFE_NPS = [
  [10, 9, 9, 8, 10, 7, 9, 6, 10, 9, 3, 8],
  [9, 8, 10, 6, 7, 9, 5, 8, 10, 4, 9, 7],
  [8, 6, 9, 5, 7, 10, 3, 8, 6, 9, 2, 7],
  [6, 7, 4, 9, 5, 8, 3, 6, 10, 2, 7, 5],
];

/**
 * 132 answers over the last 80 days in four waves of one re-survey plan (every 30 days), with the
 * reasons unhappy and happy customers name: detractors "speed" and "communication", promoters "solved"
 * and "staff", passives "price", a merchant's own "parking" now and then (few), CSAT-only answers
 * "quality". Every tenth answer has no NPS, so NPS and CSAT have different n.
 */
export function seedLife(now = Date.now()): { responses: object[]; seeded: LifeSeeded[] } {
  const responses: object[] = [];
  const seeded: LifeSeeded[] = [];
  LIFE_WAVES.forEach((count, wave) => {
    for (let i = 0; i < count; i++) {
      const score = LIFE_NPS[wave]![i % 12]!;
      const nps = i % 10 === 9 ? undefined : score;
      const csat = score >= 9 ? 5 : score >= 7 ? 4 : score >= 5 ? 3 : score >= 3 ? 2 : 1;
      const reasons: string[] = [];
      if (nps === undefined) reasons.push('quality');
      else if (nps <= 6) {
        if (i % 2 === 0) reasons.push('speed');
        if (i % 3 === 0) reasons.push('communication');
      } else if (nps >= 9) {
        if (i % 2 === 0) reasons.push('solved');
        if (i % 3 === 1) reasons.push('staff');
      } else if (i % 4 === 0) reasons.push('price');
      if (i % 11 === 5) reasons.push('parking');
      const answered = now - (((i * 7 + wave * 13) % 80) + 1) * DAY + 3_600_000;
      seeded.push({ wave, csat, ...(nps === undefined ? {} : { nps }), reasons });
      responses.push({
        id: randomUUID(),
        revision: 1,
        deliveryId: `life-${i}`,
        deliveredAt: new Date(answered - (4 + 30 * wave) * DAY).toISOString(),
        answeredAt: new Date(answered).toISOString(),
        csat,
        ...(nps === undefined ? {} : { nps }),
        ...(reasons.length ? { reasons } : {}),
        ...(wave ? { wave } : {}),
        complete: true,
        locale: 'en-GB',
        meta: { store: i % 2 ? 'Berlin' : 'Shanghai' },
      });
    }
  });
  return { responses, seeded };
}
