// The closed loop end to end: a detractor answered in real Chromium reaches a merchant's real receiver
// process (examples/webhook-receiver, which verifies every event with the `standardwebhooks` package)
// as response.created and case.opened, its comment as response.updated; a promoter opens no case.
// A second endpoint (examples/collector/tests/support/webhook-sink.mjs) logs the headers too, verified the same way.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { SECRET, startSink, type Sink } from '../../examples/collector/tests/support/webhook-sink.ts';
import { DAY, launch, outbox, startDemo, waitFor, type Demo } from './harness.ts';

interface Received {
  id: string;
  type: string;
  receivedAt: string;
  event: { type: string; timestamp: string; data: Record<string, any> };
}

let receiver: ChildProcess;
let received: () => Received[];
let hook: string;
let sink: Sink;
let demo: Demo;
beforeAll(async () => {
  receiver = spawn(process.execPath, ['examples/webhook-receiver/receiver.mjs'], {
    env: { PATH: process.env.PATH ?? '', RECEIVER_PORT: '0', AFTERCARE_WEBHOOK_SECRET: SECRET },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  receiver.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
  received = () => out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Received);
  hook = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`receiver did not start: ${err}`)), 10_000);
    receiver.stderr!.setEncoding('utf8').on('data', (c: string) => {
      err += c;
      const m = /receiver listening on (http:\/\/\S+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
  sink = await startSink();
  demo = await startDemo([], { AFTERCARE_WEBHOOK_URLS: `${hook},${sink.hook}`, AFTERCARE_WEBHOOK_SECRET: SECRET, AFTERCARE_WEBHOOK_ALLOW_PRIVATE: '1' });
});
afterAll(async () => {
  await demo?.stop();
  await sink?.close();
  receiver?.kill('SIGKILL');
});

const deliveredAt = new Date(Date.now() - 4 * DAY).toISOString();

async function answerNps(order: string, score: string, comment: string) {
  const { context, close } = await launch();
  try {
    const page = await context.newPage();
    await page.goto(`${demo.base}/?order=${order}&deliveredAt=${deliveredAt}&survey=nps&customer=c-${order}`);
    await page.getByRole('dialog').waitFor();
    await page.getByRole('radio', { name: score, exact: true }).click();
    await page.getByRole('textbox').fill(comment);
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('status').getByText('Thank you for your feedback!').waitFor();
    // The comment's revision leaves the outbox before the browser closes (under load it can take a moment).
    await waitFor(() => outbox(page), (o) => o.pending === 0, 15_000, 'an empty outbox');
  } finally {
    await close();
  }
}

test('a detractor answered in Chromium: response.created and case.opened at the receiver, the comment in response.updated; a promoter opens no case', async () => {
  await answerNps('wh-detractor', '3', 'Two visits and it still leaks');
  await answerNps('wh-promoter', '10', 'Spotless work');
  const byOrder = (order: string) => received().filter((r) => (r.event.data.deliveryId ?? '') === order);
  const detractor = await waitFor(
    () => byOrder('wh-detractor'),
    (rs) => ['response.created', 'case.opened', 'response.updated'].every((t) => rs.some((r) => r.type === t)) && rs.some((r) => r.event.data.comment),
    20_000,
    'the detractor\'s events at the receiver',
  );
  const created = detractor.find((r) => r.type === 'response.created')!;
  expect(created.event.data).toMatchObject({ deliveryId: 'wh-detractor', nps: 3, customerId: 'c-wh-detractor' });
  const opened = detractor.find((r) => r.type === 'case.opened')!;
  expect(opened.event.data).toMatchObject({ responseId: created.event.data.id, status: 'open', nps: 3, overdue: false });
  // The comment arrives with a higher revision (the score is stored the moment it is given).
  const updated = detractor.filter((r) => r.type === 'response.updated').at(-1)!;
  expect(updated.event.data).toMatchObject({ id: created.event.data.id, comment: 'Two visits and it still leaks' });
  expect(updated.event.data.revision).toBeGreaterThan(created.event.data.revision);
  expect(detractor.find((r) => r.type === 'case.updated' && r.event.data.comment === 'Two visits and it still leaks')).toBeTruthy();

  const promoter = await waitFor(() => byOrder('wh-promoter'), (rs) => rs.some((r) => r.event.data.comment === 'Spotless work'), 20_000, 'the promoter\'s events');
  expect(promoter.filter((r) => r.type.startsWith('case.'))).toEqual([]);
  // The receiver took each event once; the sink saw every one verified, with one webhook-id each.
  const ids = received().map((r) => r.id);
  expect(new Set(ids).size).toBe(ids.length);
  const lines = await sink.until(ids.length);
  expect(lines.every((l) => l.verified)).toBe(true);
  expect(new Set(lines.map((l) => l.id))).toEqual(new Set(ids));
  // The case is in the API, as the event said.
  const { cases } = await demo.api<{ cases: Array<{ id: string; responseId: string }> }>('/v1/cases?limit=500');
  expect(cases.find((c) => c.id === opened.event.data.id)?.responseId).toBe(created.event.data.id);
});
