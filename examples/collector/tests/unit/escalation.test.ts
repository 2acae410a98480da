// Escalation end to end (deliver/escalation.ts): the built collector as a real process (so it can be
// SIGKILLed), sending through a real SMTP server (tests/support/smtp-sink.mjs) and posting webhooks to
// a real receiver (tests/support/webhook-sink.mjs), while the test moves the collector's clock with
// POST /__test/clock. An urgent case (1 h to respond, 2 h to resolve, no calendar: wall-clock time)
// assigned to an agent: past the response deadline the agent gets one e-mail and one case.overdue
// (step response) goes out; the process is killed and started again on the same database; past the
// resolution deadline the team's manager gets one e-mail and one case.overdue (step resolution), and
// the response step is not taken again. A second case waiting on the customer is never escalated.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { spawnCollector, type CollectorProcess } from '../support/collector-process.ts';
import { addPerson, ADMIN, response } from '../support/harness.ts';
import { startSmtpSink, type SinkMessage, type SmtpSink } from '../support/smtp-sink.ts';
import { SECRET, startSink, type Sink } from '../support/webhook-sink.ts';

const MIN = 60_000;
const KAI = 'kai@shop.example';
const MIA = 'mia@shop.example';

const dir = mkdtempSync(join(tmpdir(), 'aftercare-escalation-'));
let smtp: SmtpSink;
let hooks: Sink;
beforeAll(async () => {
  [smtp, hooks] = await Promise.all([startSmtpSink(), startSink()]);
});
afterAll(async () => {
  await Promise.all([smtp?.stop(), hooks?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

/** A port nobody listens on now, so AFTERCARE_PUBLIC_URL can name the collector's own address before it starts. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Polls `f` until it returns something truthy; rejects naming `what` after `ms`. */
async function until<T>(f: () => Promise<T> | T, what: string, ms = 10_000): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
/**
 * For "nothing more happens": there is no event to wait for, so give a woken worker its pass (a few
 * tens of ms: one query, a webhook post, an SMTP exchange) with a wide margin, and no more.
 */
const settle = () => new Promise((r) => setTimeout(r, 600));

/** What the sinks saw, in a shape that is easy to compare: e-mails by kind and address, events by step and case. */
const kindOf = (m: SinkMessage) => (/first response/.test(m.subject ?? '') ? 'response' : /resolution deadline/.test(m.subject ?? '') ? 'resolution' : /join the feedback team/.test(m.subject ?? '') ? 'invitation' : `other: ${m.subject}`);
const mails = () => smtp.messages().map((m) => `${kindOf(m)} → ${m.envelope.to.join(',')}`).sort();
const overdue = () => hooks.lines().filter((l) => l.type === 'case.overdue').map((l) => l.body!.data as { step: string; case: { id: string } });
const steps = () => overdue().map((e) => `${e.step} ${e.case.id}`);

test('one step per deadline, to the right person, once, across a SIGKILL; a pending case is not escalated', async () => {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const env = {
    AFTERCARE_DB: join(dir, 'collector.db'), AFTERCARE_ADMIN_TOKEN: ADMIN, AFTERCARE_PORT: String(port), AFTERCARE_PUBLIC_URL: publicUrl,
    AFTERCARE_SMTP_URL: smtp.url(), AFTERCARE_MAIL_FROM: 'Aftercare <care@shop.example>',
    AFTERCARE_WEBHOOK_URLS: hooks.hook, AFTERCARE_WEBHOOK_SECRET: SECRET, AFTERCARE_WEBHOOK_ALLOW_PRIVATE: '1',
    AFTERCARE_TEST_HOOKS: '1',
  };
  let proc: CollectorProcess = await spawnCollector(env);
  const call = async (path: string, method = 'GET', body?: unknown) => {
    const res = await fetch(`${proc.url}${path}`, { method, headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = (await res.json()) as any;
    expect(res.status, `${method} ${path}: ${JSON.stringify(json)}`).toBe(200);
    return json;
  };
  // The test clock lives in the process: a restart forgets it, so every move names an instant.
  const clockAt = async (at: number) => expect(Date.parse((await call('/__test/clock', 'POST', { at })).now)).toBeCloseTo(at, -3);
  try {
    expect(proc.url).toBe(publicUrl);
    const kai = await addPerson(proc.url, { email: KAI, name: 'Kai', role: 'agent', team: 'Berlin' });
    await addPerson(proc.url, { email: MIA, name: 'Mia', role: 'manager', team: 'Berlin' });
    // Each invitation is a mail too; wait for both so the counts below start from a known total.
    await smtp.waitFor(2);

    // Two urgent detractors (NPS 2 and 1), no calendar: due 1 h and 2 h after the opening, wall clock.
    const a = response({ nps: 2, csat: undefined, meta: { store: 'Berlin' } });
    const b = response({ nps: 1, csat: undefined, meta: { store: 'Berlin' } });
    const posted = await fetch(`${proc.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ responses: [a, b] }) });
    expect(posted.status).toBe(200);
    const cases = (await call('/v1/cases?limit=10')).cases as Array<Record<string, any>>;
    const A = cases.find((c) => c.responseId === a.id)!;
    const B = cases.find((c) => c.responseId === b.id)!;
    expect([A.tier, B.tier]).toEqual(['urgent', 'urgent']);
    const respondBy = Date.parse(A.responseDueAt);
    const resolveBy = Date.parse(A.resolutionDueAt);
    expect(resolveBy - respondBy).toBe(60 * MIN);
    await call(`/v1/cases/${A.id}`, 'PATCH', { owner: kai.owner });
    // B waits on the customer from the start (pending also counts as the first response).
    expect(await call(`/v1/cases/${B.id}`, 'PATCH', { owner: kai.owner, status: 'pending', pendingReason: 'waiting for photos' })).toMatchObject({ status: 'pending' });

    // Past the first-response deadline: one e-mail to Kai, one case.overdue (response) for A.
    await clockAt(respondBy + MIN);
    await until(() => mails().includes(`response → ${KAI}`), 'the response e-mail to the agent');
    await until(() => overdue().length >= 1, 'the case.overdue event (response)');
    const first = smtp.messages().find((m) => kindOf(m) === 'response')!;
    expect(first.subject).toMatch(/a case waits for its first response/);
    expect(first.text).toContain(`${publicUrl}/dashboard/?view=followup&case=${A.id}`);
    expect(first.html).toContain(`${publicUrl}/dashboard/?view=followup&amp;case=${A.id}`);
    expect(overdue()[0]).toMatchObject({ step: 'response', case: { id: A.id, owner: kai.owner, status: 'open', overdue: true } });

    // Further, still before the resolution deadline: nothing new.
    await clockAt(respondBy + 30 * MIN);
    await settle();
    expect(mails()).toEqual([`invitation → ${KAI}`, `invitation → ${MIA}`, `response → ${KAI}`]);
    expect(steps()).toEqual([`response ${A.id}`]);
    // Taken at the clock of the pass: the moved instant plus the real milliseconds the pass waited.
    const escalated = (await call(`/v1/cases/${A.id}`)).escalatedAt;
    expect(escalated.resolution).toBeNull();
    expect(Date.parse(escalated.response) - (respondBy + MIN)).toBeGreaterThanOrEqual(0);
    expect(Date.parse(escalated.response) - (respondBy + MIN)).toBeLessThan(10_000);

    // SIGKILL: no shutdown, no chance to tidy up. Started again on the same database and port.
    await proc.kill('SIGKILL');
    proc = await spawnCollector(env);
    // Its own clock is the real one again, so it is before both deadlines: set it past the resolution one.
    await clockAt(resolveBy + MIN);
    await until(() => mails().includes(`resolution → ${MIA}`), 'the resolution e-mail to the manager');
    await until(() => overdue().length >= 2, 'the case.overdue event (resolution)');
    await settle();
    // Every mail and every case.overdue, counted: the response step was not taken again after the
    // restart, and B (pending since before its deadline) was never escalated.
    expect(mails()).toEqual([`invitation → ${KAI}`, `invitation → ${MIA}`, `resolution → ${MIA}`, `response → ${KAI}`]);
    expect(steps()).toEqual([`response ${A.id}`, `resolution ${A.id}`]);
    const second = smtp.messages().find((m) => kindOf(m) === 'resolution')!;
    expect(second.subject).toMatch(/a case is past its resolution deadline/);
    expect(second.text).toContain(`${publicUrl}/dashboard/?view=followup&case=${A.id}`);
    expect(overdue()[1]).toMatchObject({ step: 'resolution', case: { id: A.id, resolutionOverdue: true } });
    const after = (await call(`/v1/cases/${A.id}`)).escalatedAt;
    expect(after.response).toBe(escalated.response); // kept through the kill, not taken again
    expect(Date.parse(after.resolution) - (resolveBy + MIN)).toBeGreaterThanOrEqual(0);
    expect(Date.parse(after.resolution) - (resolveBy + MIN)).toBeLessThan(10_000);
    expect(await call(`/v1/cases/${B.id}`)).toMatchObject({ status: 'pending', resolutionOverdue: false, escalatedAt: { response: null, resolution: null } });
    // Every event reached the receiver with a valid signature (the timestamps are hours ahead on the
    // moved clock, so `signed`, not `verified`).
    expect(hooks.lines().every((l) => l.signed)).toBe(true);
  } catch (e) {
    // What the process said, what the sinks saw, and whether it still answers at all (a worker that
    // holds SQLite's only connection while waiting for another query stops every request).
    const health = await fetch(`${proc.url}/health`, { signal: AbortSignal.timeout(1_000) }).then((r) => `${r.status}`, (x: Error) => `no answer (${x.name})`);
    (e as Error).message += `\n--- GET /health: ${health}\n--- collector output:\n${proc.output()}\n--- mails: ${JSON.stringify(mails())}\n--- case.overdue: ${JSON.stringify(steps())}`;
    throw e;
  } finally {
    await proc.kill('SIGKILL');
  }
});
