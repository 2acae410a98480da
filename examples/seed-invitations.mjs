// Sample invitations for a fresh demo database: deliveries of the last three weeks with e-mail
// addresses on example.com (reserved, never delivered), sent through the collector's own schedule and
// worker on a simulated clock into the mail preview, so the Invitations view shows invitations sent,
// reminded, answered by e-mail and by the widget, one unsubscribed customer and two bounces (the
// demo's stand-in mailer refuses `bounce-*` addresses as a real server would). Every sample is
// marked: ids start with `sample-inv-`, meta holds `sample: true`. Deterministic (a seeded generator).
import { randomUUID } from 'node:crypto';
import { invitationWorker, previewMailer, responseColumns, storeBatch, storeDeliveries, unsubscribe } from './collector/dist/index.js';
import { rng } from './seed.mjs';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const LOCALES = ['en', 'en', 'zh-CN', 'zh-CN', 'de'];
const ZONES = { en: 'Europe/London', 'zh-CN': 'Asia/Shanghai', de: 'Europe/Berlin' };
const STORES = ['Berlin', 'Shanghai', 'Munich', 'Shenzhen'];
const COMMENTS = { good: ['Quick and friendly, thanks!', '师傅很专业，非常满意。', 'Alles bestens, danke.'], bad: ['Still leaking after the visit.', '等了很久才有人联系我。', 'Niemand hat zurückgerufen.'] };

/**
 * Adds the sample deliveries and runs their invitations up to `now`; returns how many deliveries.
 * Only into a database without deliveries. `config` is the collector's invitation settings (with the
 * public URL and sender the demo set).
 */
export async function seedInvitations(db, { config, timeZone = 'UTC', salt, now = Date.now(), count = 48 } = {}) {
  const { n } = await db.selectFrom('deliveries').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  if (Number(n) > 0) return 0;
  const random = rng(20261207);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const list = [];
  for (let i = 0; i < count; i++) {
    const locale = pick(LOCALES);
    const delivered = Math.floor(now - (1 + random() * 20) * DAY);
    const bounce = i === 7 || i === 29;
    list.push({
      index: i,
      d: {
        id: `sample-inv-${String(i + 1).padStart(3, '0')}`,
        deliveredAt: new Date(delivered).toISOString(),
        customerId: `sample-customer-${i + 1}`,
        email: `${bounce ? 'bounce' : 'customer'}-${i + 1}@example.com`,
        locale,
        timeZone: ZONES[locale],
        survey: i % 3 === 0 ? 'nps' : 'both',
        meta: { sample: true, store: pick(STORES) },
      },
    });
  }
  const start = Math.min(...list.map((x) => Date.parse(x.d.deliveredAt)));
  let clock = start + HOUR;
  await storeDeliveries(db, list, { now: clock, sendHours: config.sendHours, timeZone, channels: ['email'] });
  const preview = previewMailer(db, () => clock);
  // The demo's stand-in for an SMTP server that rejects an unknown mailbox.
  const mailer = {
    send: (m) => (m.to.startsWith('bounce-') ? Promise.resolve({ kind: 'permanent', error: `550 5.1.1 <${m.to}>: Recipient address rejected: User unknown (demo)` }) : preview.send(m)),
    close() {},
  };
  const worker = invitationWorker({ db, kind: 'sqlite', config, timeZone, mailer, salt, now: () => clock });
  // Who answers, and how: a fate per delivery, drawn once.
  const fate = new Map(list.map((x, i) => [x.d.id, i === 11 ? 'unsubscribe' : random() < 0.42 ? 'email' : random() < 0.3 ? 'web' : random() < 0.5 ? 'after-reminder' : 'silent']));
  const answered = new Set();
  const answer = async (d, channel, at) => {
    const happy = random() < 0.7;
    const score = d.survey === 'nps' ? { nps: happy ? 8 + Math.floor(random() * 3) : Math.floor(random() * 7), csat: null } : { csat: happy ? 4 + Math.floor(random() * 2) : 1 + Math.floor(random() * 2), nps: null };
    const comment = random() < 0.6 ? pick(COMMENTS[happy ? 'good' : 'bad']) : null;
    const iso = new Date(at).toISOString();
    await storeBatch(db, [{
      id: randomUUID(), revision: 2, delivery_id: d.id, delivered_at: d.deliveredAt, answered_at: iso, ...score, comment, complete: 1, locale: d.locale,
      customer_id: d.customerId, meta: JSON.stringify(d.meta), origin: null, path: null, received_at: iso, updated_at: iso, signed: 0, wave: 0,
      reasons: null, channel: channel === 'web' ? null : channel, ...responseColumns(iso, comment),
    }], [], { alert: { text: 'off', conditions: [] }, followupMs: DAY, endpoints: [], now: at });
    answered.add(d.id);
  };
  for (; clock <= now; clock += HOUR) {
    while ((await worker.runOnce()) > 0);
    for (const { d } of list) {
      if (answered.has(d.id)) continue;
      const f = fate.get(d.id);
      const sent = await db.selectFrom('invitations').select(['kind', 'sent_ms']).where('delivery_id', '=', d.id).where('status', '=', 'sent').execute();
      const invite = sent.find((s) => s.kind === 'invite');
      const reminder = sent.find((s) => s.kind === 'reminder');
      const opens = Date.parse(d.deliveredAt) + 3 * DAY;
      if (f === 'email' && invite && clock >= Number(invite.sent_ms) + 5 * HOUR) await answer(d, 'email', clock);
      else if (f === 'after-reminder' && reminder && clock >= Number(reminder.sent_ms) + 3 * HOUR) await answer(d, 'email', clock);
      else if (f === 'web' && clock >= opens + 20 * HOUR) await answer(d, 'web', clock);
      else if (f === 'unsubscribe' && invite) {
        const row = await db.selectFrom('deliveries').selectAll().where('id', '=', d.id).executeTakeFirstOrThrow();
        await unsubscribe(db, salt, row, clock);
        fate.set(d.id, 'silent');
      }
    }
  }
  return list.length;
}
