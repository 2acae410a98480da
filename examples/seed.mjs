// Sample answers for a fresh demo database, so a newcomer's dashboard has figures at once. Every sample
// is marked: delivery ids start with `sample-` and meta holds `sample: true`. Deterministic (a seeded
// generator), spread over the last 90 days, across stores and technicians with different quality.
// The unhappy ones open cases as the collector would (when each answer arrived), and the older cases
// were followed up by the store's people: most resolved or contacted, with notes; a few recent ones open,
// some of those past their deadline. Many deliveries were surveyed again every three weeks (re-survey
// waves 1–3), satisfaction wearing off as the appliance ages, and answers name reasons: detractors
// mostly speed and communication (and quality in later waves), promoters solved and staff. Many write a
// comment (seed-comments.mjs): unhappy ones about a late visit, a rude call or a mess, happy ones about
// a careful technician or a fix that held the first time, so those themes top What customers say.
import { randomUUID } from 'node:crypto';
import { commentFor } from './seed-comments.mjs';
import { createPerson, displayColumns, matchesAlert, parseAlert, patchCase, personByEmail, responseColumns, storeBatch } from './collector/dist/index.js';

const STORES = [
  ['Berlin', 0.8],
  ['Shanghai', 0.55],
  ['Munich', 0.7],
  ['Shenzhen', 0.35],
];
const TECHNICIANS = ['Anna', 'Li Wei', 'Jonas', 'Wang Fang', 'Mehmet'];
/** Who follows up in each store, and what they wrote. */
/**
 * The sample team (marked "(sample)" in their names, with addresses at example.com): each store's
 * agent in that store's team, a manager limited to the Chinese stores, a viewer; so the People page,
 * My cases and a limited view have someone in them. They have no passkey: join them from People.
 */
const PEOPLE = [
  { email: 'julia@sample.example.com', name: 'Julia (sample)', role: 'agent', team: 'Berlin' },
  { email: 'tobias@sample.example.com', name: 'Tobias (sample)', role: 'agent', team: 'Munich' },
  { email: 'wang.min@sample.example.com', name: '王敏 (sample)', role: 'agent', team: 'Shanghai' },
  { email: 'chen.jie@sample.example.com', name: '陈杰 (sample)', role: 'agent', team: 'Shenzhen' },
  { email: 'li.na@sample.example.com', name: '李娜 (sample)', role: 'manager', limit: { key: 'store', values: ['Shanghai', 'Shenzhen'] } },
  { email: 'sam@sample.example.com', name: 'Sam (sample)', role: 'viewer' },
];

/**
 * The stores' business hours (sample): the German stores Mon–Fri 09:00–18:00 and Sat 10:00–14:00 in
 * Europe/Berlin, the Chinese ones every day 09:00–21:00 in Asia/Shanghai, with a few holidays; so the
 * sample cases' clocks count business time as a merchant's would.
 */
async function sampleCalendars(db, now) {
  const week = (open, close, days) => Object.fromEntries(days.map((d) => [String(d), [[open, close]]]));
  const germany = { ...week('09:00', '18:00', [1, 2, 3, 4, 5]), 6: [['10:00', '14:00']] };
  const china = week('09:00', '21:00', [1, 2, 3, 4, 5, 6, 7]);
  const rows = [
    ['berlin', 'Berlin store (sample)', 'Europe/Berlin', germany, ['2026-12-24', '2026-12-25', '2026-12-26', '2027-01-01'], 'Berlin'],
    ['munich', 'Munich store (sample)', 'Europe/Berlin', germany, ['2026-12-24', '2026-12-25', '2026-12-26', '2027-01-01'], 'Munich'],
    ['shanghai', 'Shanghai store (sample)', 'Asia/Shanghai', china, ['2027-01-01', '2027-02-06', '2027-02-07'], 'Shanghai'],
    ['shenzhen', 'Shenzhen store (sample)', 'Asia/Shanghai', china, ['2027-01-01', '2027-02-06', '2027-02-07'], 'Shenzhen'],
  ];
  for (const [i, [id, name, zone, hours, holidays, store]] of rows.entries()) {
    await db
      .insertInto('calendars')
      .values({ id, name, time_zone: zone, hours: JSON.stringify(hours), holidays: JSON.stringify(holidays), match_key: 'store', match_value: store, team: null, position: i, updated_ms: now })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
}

/** The sample team, made once: each store's agent, by the store. */
async function sampleTeam(db, now) {
  const byStore = {};
  for (const p of PEOPLE) {
    const person = (await createPerson(db, { ...p, createdBy: 'sample data', now })) ?? (await personByEmail(db, p.email));
    if (p.team) byStore[p.team] = person;
  }
  return byStore;
}
const NOTES = {
  contacted: ['Called the customer, second visit booked for Thursday.', '已致电客户，安排师傅再次上门。', 'Left a voicemail and sent an email with two new dates.', 'Apologised on the phone; the call-out fee is refunded.'],
  resolved: ['Second visit done, the customer confirmed it works.', '问题已解决，客户表示满意。', 'Replaced the part under warranty.', 'Customer accepted the refund, case closed.'],
};

/** Re-surveys every 21 days after delivery, waves 1–3 (the widget's `resurvey: { everyDays: 21, untilDays: 70 }`). */
const RESURVEY_DAYS = 21;
const RESURVEY_UNTIL_DAYS = 70;
/** How likely an answer is to name each reason, by band. Later waves add to quality (wear). */
const REASON_ODDS = {
  unhappy: [['speed', 0.5], ['communication', 0.42], ['attitude', 0.18], ['price', 0.15], ['quality', 0.12], ['delivery', 0.08]],
  passive: [['price', 0.3], ['speed', 0.22], ['delivery', 0.18], ['solved', 0.2], ['quality', 0.1]],
  happy: [['solved', 0.55], ['staff', 0.45], ['speed', 0.14], ['communication', 0.1], ['quality', 0.12]],
};

/** The reasons a sample answer names (null for none): a quarter name none, at most three. */
function reasonsFor(r, wave, random) {
  if (random() < 0.25) return null;
  const unhappy = (r.nps !== null && r.nps <= 6) || (r.nps === null && r.csat <= 2);
  const happy = (r.nps !== null && r.nps >= 9) || (r.nps === null && r.csat >= 4);
  const odds = REASON_ODDS[unhappy ? 'unhappy' : happy ? 'happy' : 'passive'];
  const chosen = odds.filter(([id, p]) => random() < p + (id === 'quality' && !happy ? 0.12 * wave : 0)).map(([id]) => id);
  return chosen.length ? JSON.stringify(chosen.slice(0, 3)) : null;
}

/**
 * A re-survey answer's comment (null for none): nearly half the happy customers write one and three in
 * four unhappy ones; now and then a clear score comes with words that say the opposite (a 10 saying
 * the tap was broken).
 */
function waveComment(happy, csat, nps, locale, recent, random) {
  // Unhappy customers write more often, as they do.
  if (random() >= (happy ? 0.45 : 0.75)) return null;
  const roll = random();
  const clear = happy ? (nps ?? csat * 2) >= 9 : (nps ?? csat * 2) <= 4;
  return commentFor(happy, locale, roll, { contrary: clear && random() < 0.1, recent });
}

/** Mulberry32: a tiny seeded generator, so every fresh demo shows the same picture. */
export function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Adds sample answers and displays when the database holds no answers yet; returns how many answers.
 * `alert`, `followupHours` and `tiers` are the collector's (AFTERCARE_ALERT, AFTERCARE_FOLLOWUP_HOURS,
 * AFTERCARE_TIER_RULES and AFTERCARE_TIER_HOURS): the sample cases get their tiers and clocks as live ones do.
 */
export async function seedSamples(db, { count = 360, now = Date.now(), alert = parseAlert(undefined), followupHours = undefined, tiers = undefined } = {}) {
  const { n } = await db.selectFrom('responses').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  if (Number(n) > 0) return 0;
  await sampleCalendars(db, now);
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
    const locale = store.startsWith('S') ? 'zh-CN' : 'de';
    // One draw for the comment's choice, as before the lists grew, so every later draw stays the same.
    const comment = random() < 0.35 ? commentFor(happy, locale, random(), { recent: now - answered < 30 * DAY }) : null;
    const deliveryId = `sample-${String(i + 1).padStart(4, '0')}`;
    responses.push({
      id, revision: comment ? 2 : 1, delivery_id: deliveryId, delivered_at: new Date(delivered).toISOString(), answered_at: new Date(answered).toISOString(),
      csat, nps: both ? nps : null, comment, complete: 1, locale,
      customer_id: `sample-c-${Math.floor(random() * 5000)}`, meta: JSON.stringify({ sample: true, store, technician }),
      origin: null, path: null, received_at: at, updated_at: at, wave: 0, reasons: null, ...responseColumns(new Date(answered).toISOString(), comment),
    });
    displays.push({
      id: randomUUID(), delivery_id: deliveryId, shown_at: new Date(answered - 60_000).toISOString(), ended_at: new Date(answered).toISOString(),
      outcome: 'answered', later: 0, response_id: id, locale: 'en', customer_id: null, origin: null, path: null, received_at: at, updated_at: at, wave: 0, ...displayColumns(new Date(answered - 60_000).toISOString()),
    });
    // Some displays end without an answer, so the response rate is not 100 %.
    if (random() < 0.45) {
      displays.push({
        id: randomUUID(), delivery_id: `${deliveryId}-unanswered`, shown_at: new Date(answered - DAY).toISOString(), ended_at: new Date(answered - DAY + 30_000).toISOString(),
        outcome: random() < 0.7 ? 'dismissed' : 'expired', later: random() < 0.3 ? 1 : 0, response_id: null, locale: 'en', customer_id: null, origin: null, path: null, received_at: at, updated_at: at, wave: 0, ...displayColumns(new Date(answered - DAY).toISOString()),
      });
    }
  }
  // Waves and reasons from a stream of their own, so the first answers stay the picture they were.
  const random3 = rng(20261203);
  const pick3 = (list) => list[Math.floor(random3() * list.length)];
  const random4 = rng(20261204); // the re-surveys' comments, from a stream of their own too
  for (const r of [...responses]) {
    r.reasons = reasonsFor(r, 0, random3);
    const { store, technician } = JSON.parse(r.meta);
    const quality = STORES.find(([s]) => s === store)[1];
    const delivered = Date.parse(r.delivered_at);
    for (let wave = 1; wave * RESURVEY_DAYS < RESURVEY_UNTIL_DAYS; wave++) {
      const answered = delivered + (wave * RESURVEY_DAYS + 1 + random3() * 5) * DAY;
      if (answered > now) break;
      const shown = answered - 60_000;
      const display = { delivery_id: r.delivery_id, locale: 'en', customer_id: null, origin: null, path: null, received_at: at, updated_at: at, wave };
      // Not everyone answers again; those who do not, closed it or let it expire.
      if (random3() < 0.35) {
        displays.push({ ...display, id: randomUUID(), shown_at: new Date(shown).toISOString(), ended_at: new Date(shown + 20_000).toISOString(), outcome: random3() < 0.6 ? 'dismissed' : 'expired', later: 0, response_id: null, ...displayColumns(new Date(shown).toISOString()) });
        continue;
      }
      // Satisfaction wears off over the product's life: each wave a little less happy.
      const happy = random3() < Math.max(0.15, quality + 0.1 - 0.08 * wave);
      const csat = happy ? (random3() < 0.5 ? 5 : 4) : pick3([1, 2, 2, 3, 3, 3]);
      const nps = happy ? pick3([8, 9, 9, 10, 10]) : pick3([2, 3, 4, 5, 6, 6, 7, 7]);
      const id = randomUUID();
      const iso = new Date(answered).toISOString();
      const comment = waveComment(happy, csat, r.nps === null ? null : nps, r.locale, now - answered < 30 * DAY, random4);
      const again = {
        id, revision: comment ? 2 : 1, delivery_id: r.delivery_id, delivered_at: r.delivered_at, answered_at: iso, csat, nps: r.nps === null ? null : nps, comment, complete: 1,
        locale: r.locale, customer_id: r.customer_id, meta: JSON.stringify({ sample: true, store, technician }), origin: null, path: null, received_at: at, updated_at: at,
        wave, reasons: null, ...responseColumns(iso, comment),
      };
      again.reasons = reasonsFor(again, wave, random3);
      responses.push(again);
      displays.push({ ...display, id: randomUUID(), shown_at: new Date(shown).toISOString(), ended_at: iso, outcome: 'answered', later: 0, response_id: id, ...displayColumns(new Date(shown).toISOString()) });
    }
  }
  // The collector's own write path, so the derived columns and meta side table are filled: the happy
  // answers in one transaction, each unhappy one in its own, when it arrived, so its case opens then.
  const unhappy = responses.filter((r) => matchesAlert(alert, r));
  await storeBatch(db, responses.filter((r) => !unhappy.includes(r)), displays);
  const followupMs = followupHours === undefined ? undefined : followupHours * 3_600_000;
  const random2 = rng(20261202); // a second stream: the answers above stay the same picture as before
  const MINUTE = 60_000;
  for (const r of unhappy) {
    await storeBatch(db, [r], [], { alert, followupMs, tiers, endpoints: [], now: Date.parse(r.answered_at) + (1 + random2() * 10) * MINUTE });
  }
  await followUp(db, { now, followupMs, tiers, random: random2 });
  return responses.length;
}

/**
 * What the stores' people did with the sample cases, through the collector's own patchCase (history
 * and all): the older a case, the likelier it was contacted and resolved; a few are still open.
 */
async function followUp(db, { now, followupMs, tiers, random }) {
  const HOUR = 3_600_000;
  const cases = await db.selectFrom('cases').select(['id', 'opened_ms', 'meta']).where('delivery_id', 'like', 'sample-%').orderBy('opened_ms').execute();
  const pick = (list) => list[Math.floor(random() * list.length)];
  const team = await sampleTeam(db, now);
  for (const c of cases) {
    const opened = Number(c.opened_ms);
    const age = now - opened;
    const agent = team[JSON.parse(c.meta ?? '{}').store] ?? team.Berlin;
    // A case goes to the store's agent; the history names them by e-mail, as the audit does.
    const owner = `person:${agent.id}`;
    const author = agent.email;
    const loop = (at) => ({ followupMs, tiers, endpoints: [], now: at });
    // Under a day old: mostly still waiting. Older: most were called, usually within the deadline.
    const left = age < (followupMs ?? 4 * HOUR) ? 0.75 : age < 4 * 24 * HOUR ? 0.5 : 0.03;
    const roll = random();
    if (roll < left) {
      if (random() < 0.3) await patchCase(db, c.id, { owner, author }, loop(opened + random() * Math.min(age, 2 * HOUR)));
      continue;
    }
    const contacted = opened + (0.5 + random() * (random() < 0.8 ? 16 : 60)) * HOUR;
    if (contacted >= now) continue;
    await patchCase(db, c.id, { status: 'contacted', owner, note: pick(NOTES.contacted), author }, loop(contacted));
    if (random() < (age < 4 * 24 * HOUR ? 0.3 : 0.85)) {
      // Often settled on that first call; otherwise a second visit, days later.
      const resolved = contacted + (random() < 0.5 ? 0.2 + random() * 3 : 6 + random() * 70) * HOUR;
      if (resolved < now) await patchCase(db, c.id, { status: 'resolved', note: pick(NOTES.resolved), author }, loop(resolved));
    }
  }
}
