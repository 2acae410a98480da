// Signed deliveries: recordDelivery({ token }) (or data-delivery-token) travels as `deliveryToken` with
// every response and display of that delivery, as the collector receives them.
import Ajv2020 from 'ajv/dist/2020.js';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { protocolJsonSchema } from '../../src/protocol-schema.ts';
import { checkDisplay, checkResponse } from '../../src/schema.ts';
import { deliveryOfTag } from '../../widget/tag-delivery.ts';
import { deliveryRecord } from '../../src/delivery-record.ts';
import { readTag } from '../../widget/tag.ts';
import { surveyKinds } from '../../widget/attrs.ts';
import { at, collector, DAY, ENDPOINT, ok, sdk, server, T0 } from './helpers.ts';

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvcmRlci0xMDQyIn0.c2lnbmF0dXJl';
const RESIGNED = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvcmRlci0xMDQyIiwidiI6Mn0.bmV3LXNpZ25hdHVyZQ';

/** The published JSON Schema (built from src, so no build is needed here), as a non-JS collector would check bodies. */
const validBody = new Ajv2020({ validateFormats: false }).compile(protocolJsonSchema());

/** A delivery shown, then answered and flushed: the bodies the collector got. */
async function answered(token?: string) {
  const { a } = sdk();
  const state = collector((rs) => ok(state)(rs));
  await a.recordDelivery({ id: 'o1', deliveredAt: at(T0), ...(token ? { token } : {}) });
  await a.markShown('o1');
  const r = await a.answer({ deliveryId: 'o1', csat: 5 });
  await a.flush();
  return { a, state, r };
}

describe('deliveryToken on the wire', () => {
  test('a delivery recorded with a token: its response and its display both carry it, and are valid', async () => {
    const { a, state, r } = await answered(TOKEN);
    expect(r.deliveryToken).toBe(TOKEN);
    expect(state.requests).toEqual([[r]]);
    const [x] = state.displayRequests.flat();
    expect(x).toMatchObject({ deliveryId: 'o1', outcome: 'answered', responseId: r.id, deliveryToken: TOKEN });
    expect(checkResponse(r)).toEqual({ success: true, data: r });
    expect(checkDisplay(x)).toEqual({ success: true, data: x });
    for (const body of [{ responses: state.requests[0] }, { displays: state.displayRequests[0] }]) expect(validBody(body), JSON.stringify(validBody.errors)).toBe(true);
    expect((await a.delivery('o1'))?.token).toBe(TOKEN);
    a.destroy();
  });

  test('a delivery without a token: no deliveryToken field at all', async () => {
    const { a, state, r } = await answered();
    expect(r).not.toHaveProperty('deliveryToken');
    expect(state.requests.flat()[0]).not.toHaveProperty('deliveryToken');
    expect(state.displayRequests.flat()[0]).not.toHaveProperty('deliveryToken');
    expect(await a.delivery('o1')).not.toHaveProperty('token');
    a.destroy();
  });

  test('a dismissed display carries it too', async () => {
    const { a } = sdk();
    const state = collector((rs) => ok(state)(rs));
    await a.recordDelivery({ id: 'o1', deliveredAt: at(T0), token: TOKEN });
    await a.markShown('o1');
    await a.dismiss('o1', { later: true });
    await a.flush();
    expect(state.displayRequests.flat()).toEqual([expect.objectContaining({ outcome: 'dismissed', later: true, deliveryToken: TOKEN })]);
    a.destroy();
  });
});

describe('a changed token', () => {
  test('updates the stored delivery with a history line; what is answered or ended next carries the new one', async () => {
    const { a, clock } = sdk();
    const state = collector((rs) => ok(state)(rs));
    clock.now = T0;
    await a.recordDelivery({ id: 'o1', deliveredAt: at(T0), token: TOKEN });
    clock.now = T0 + 1000;
    await a.recordDelivery({ id: 'o1', deliveredAt: at(T0), token: TOKEN }); // same token: nothing changed
    await a.recordDelivery({ id: 'o1', deliveredAt: at(T0) }); // no token: the stored one stays
    clock.now = T0 + 4 * DAY;
    // Shown under the old token, re-signed while on screen: the display ends with the token of its delivery then.
    await a.markShown('o1');
    const d = await a.recordDelivery({ id: 'o1', deliveredAt: at(T0), token: RESIGNED });
    expect(d.token).toBe(RESIGNED);
    expect(d.history.filter((h) => h.type !== 'shown')).toEqual([
      { at: at(T0), type: 'recorded' },
      { at: at(T0 + 4 * DAY), type: 'updated', previous: { token: TOKEN } },
    ]);
    expect(await a.delivery('o1')).toEqual(d);
    const r = await a.answer({ deliveryId: 'o1', csat: 4 });
    await a.flush();
    expect(r.deliveryToken).toBe(RESIGNED);
    expect(state.rows.get(r.id)?.deliveryToken).toBe(RESIGNED);
    expect(state.displayRequests.flat()).toEqual([expect.objectContaining({ outcome: 'answered', deliveryToken: RESIGNED })]);
    a.destroy();
  });

  test('a revision after the token changed carries the new one; the revision sent before kept the old', async () => {
    const { a } = sdk();
    const state = collector((rs) => ok(state)(rs));
    await a.recordDelivery({ id: 'o1', deliveredAt: at(T0), token: TOKEN });
    await a.answer({ deliveryId: 'o1', csat: 3, complete: false });
    await a.flush();
    await a.recordDelivery({ id: 'o1', deliveredAt: at(T0), token: RESIGNED });
    await a.answer({ deliveryId: 'o1', comment: 'fixed the next day' });
    await a.flush();
    expect(state.requests.map((rs) => rs.map((r) => [r.revision, r.deliveryToken]))).toEqual([[[1, TOKEN]], [[2, RESIGNED]]]);
    a.destroy();
  });
});

describe('recordDelivery({ token }) validation', () => {
  test.each([
    ['', '[aftercare] recordDelivery.token: expected a delivery token (a JWT) of 1–4096 characters'],
    ['x'.repeat(4097), '[aftercare] recordDelivery.token: expected at most 4096 characters'],
    [42 as unknown as string, '[aftercare] recordDelivery.token: expected a delivery token (a JWT) of 1–4096 characters'],
  ])('token %# rejects with the field named, and records nothing', async (token, message) => {
    const { a } = sdk();
    await expect(a.recordDelivery({ id: 'o1', deliveredAt: at(T0), token })).rejects.toHaveProperty('message', message);
    expect(await a.delivery('o1')).toBeUndefined();
    a.destroy();
  });
});

describe('the script tag and the loader agree', () => {
  /** A tag as the merchant's page has it, read the way readTag (the SDK) and the loader each read it. */
  function tag(attrs: Record<string, string>) {
    const el = document.createElement('script');
    for (const [name, value] of Object.entries({ 'data-endpoint': ENDPOINT, 'data-delivery-id': 'o1', 'data-delivered-at': at(T0), 'data-customer-id': 'c-1', ...attrs })) el.setAttribute(name, value);
    const attr = (name: string) => el.getAttribute(name)?.trim() || undefined;
    return { delivery: readTag(el).delivery!, loader: deliveryOfTag(attr, surveyKinds(attr('data-survey')))! };
  }

  test('once the SDK recorded the tag, the loader sees nothing to record; a re-signed token is something to record, until it is', async () => {
    const { a } = sdk();
    /** Recording the loader's reading of the tag over what IndexedDB holds would change nothing. */
    const unchanged = async (loader: ReturnType<typeof tag>['loader']) => {
      const stored = (await a.delivery('o1'))!;
      return deliveryRecord(stored, loader, Date.now()) === stored;
    };
    const first = tag({ 'data-delivery-token': TOKEN });
    await a.recordDelivery(first.delivery);
    expect(await unchanged(first.loader)).toBe(true);
    const resigned = tag({ 'data-delivery-token': RESIGNED });
    expect(await unchanged(resigned.loader)).toBe(false);
    await a.recordDelivery(resigned.delivery);
    expect(await unchanged(resigned.loader)).toBe(true);
    // A later page whose tag has no token: the SDK would keep the stored one, so the loader writes nothing.
    expect(await unchanged(tag({}).loader)).toBe(true);
    a.destroy();
  });
});
