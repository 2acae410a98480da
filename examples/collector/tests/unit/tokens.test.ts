// Signed deliveries at unit level: tokens made with jose as a merchant's server would, checked by a real
// collector with AFTERCARE_DELIVERY_SECRET set.
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { display, response, startCollector, type Running } from '../support/harness.ts';

const SECRET = 'merchant-delivery-secret-0123456789-abcdef';
const key = new TextEncoder().encode(SECRET);

/** A delivery token as the merchant's server makes it. */
function token(claims: { sub?: string; dat?: string; cid?: string }, { exp, secret = key, alg = 'HS256' }: { exp?: number; secret?: Uint8Array; alg?: string } = {}) {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg }).setIssuedAt();
  if (exp !== undefined) jwt.setExpirationTime(exp);
  return jwt.sign(secret);
}

let k: Running;
beforeAll(async () => {
  k = await startCollector({ deliverySecret: SECRET });
});
afterAll(() => k.close());

const reply = async (body: unknown) => {
  const res = await k.send(body);
  return { status: res.status, body: await res.json() };
};

describe('with AFTERCARE_DELIVERY_SECRET set', () => {
  test('a valid token (sub, dat, cid, exp in the future): stored, marked signed', async () => {
    const r = response({ customerId: 'c-1' });
    const t = await token({ sub: r.deliveryId, dat: r.deliveredAt, cid: 'c-1' }, { exp: Math.floor(Date.now() / 1000) + 3600 });
    expect(await reply({ responses: [{ ...r, deliveryToken: t }] })).toEqual({ status: 200, body: { accepted: 1, rejected: [] } });
    expect(await k.row(r.id)).toMatchObject({ signed: true, customerId: 'c-1' });
  });

  test('dat is compared as an instant: +08:00 and Z name the same delivery', async () => {
    const r = response({ deliveredAt: '2026-11-20T18:00:00+08:00' });
    const t = await token({ sub: r.deliveryId, dat: '2026-11-20T10:00:00Z' });
    expect((await reply({ responses: [{ ...r, deliveryToken: t }] })).body).toEqual({ accepted: 1, rejected: [] });
  });

  test('a display with its delivery token is stored (displays carry no deliveredAt: sub and cid are checked)', async () => {
    const d = display({ customerId: 'c-2' });
    const t = await token({ sub: d.deliveryId, dat: '2026-11-20T10:00:00Z', cid: 'c-2' });
    expect((await reply({ displays: [{ ...d, deliveryToken: t }] })).body).toEqual({ accepted: 1, rejected: [] });
    expect(await k.displayRow(d.id)).toMatchObject({ signed: true });
    const other = display();
    const wrong = await token({ sub: 'someone-else', dat: '2026-11-20T10:00:00Z' });
    expect((await reply({ displays: [{ ...other, deliveryToken: wrong }] })).body.rejected).toEqual([
      { id: other.id, error: 'displays.0.deliveryToken: sub does not match deliveryId' },
    ]);
  });

  const cases: Array<[string, (r: ReturnType<typeof response>) => Promise<string | undefined>, string]> = [
    ['missing', async () => undefined, 'missing; this collector accepts only signed deliveries (data-delivery-token on the tag)'],
    ['forged (another secret)', (r) => token({ sub: r.deliveryId, dat: r.deliveredAt }, { secret: new TextEncoder().encode('not-the-merchant-secret-0123456789-xyz') }), 'signature does not verify with AFTERCARE_DELIVERY_SECRET'],
    ['expired', (r) => token({ sub: r.deliveryId, dat: r.deliveredAt }, { exp: Math.floor(Date.now() / 1000) - 60 }), 'expired (exp is in the past); the merchant makes a new token'],
    ['sub of another delivery', (r) => token({ sub: `${r.deliveryId}-other`, dat: r.deliveredAt }), 'sub does not match deliveryId'],
    ['dat of another day', (r) => token({ sub: r.deliveryId, dat: '2026-11-21T10:00:00Z' }), 'dat does not match deliveredAt'],
    ['no dat', (r) => token({ sub: r.deliveryId }), 'dat: expected the delivery time as an ISO 8601 date-time'],
    ['cid of another customer', (r) => token({ sub: r.deliveryId, dat: r.deliveredAt, cid: 'c-someone-else' }), 'cid does not match customerId'],
    ['not a JWT', async () => 'hello.world.again', 'expected a JWT (HS256) made by the merchant with AFTERCARE_DELIVERY_SECRET'],
    ['alg none', async (r) => {
      const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      return `${b64({ alg: 'none' })}.${b64({ sub: r.deliveryId, dat: r.deliveredAt, cid: 'c-9' })}.`;
    }, 'expected an HS256 JWT'],
    ['HS512 with the right secret', (r) => token({ sub: r.deliveryId, dat: r.deliveredAt, cid: 'c-9' }, { alg: 'HS512' }), 'expected an HS256 JWT'],
  ];
  test.each(cases)('%s → listed in rejected naming deliveryToken; the good record beside it is kept', async (_name, make, reason) => {
    const bad = response({ customerId: 'c-9' });
    const good = response();
    const t = await make(bad);
    const goodToken = await token({ sub: good.deliveryId, dat: good.deliveredAt });
    const res = await reply({ responses: [{ ...good, deliveryToken: goodToken }, { ...bad, ...(t ? { deliveryToken: t } : {}) }] });
    expect(res).toEqual({ status: 200, body: { accepted: 1, rejected: [{ id: bad.id, error: `responses.1.deliveryToken: ${reason}` }] } });
    expect(await k.row(bad.id)).toBeUndefined();
    expect(await k.row(good.id)).toBeDefined();
  });

  test('a token without cid vouches for no customer: a record naming one is refused', async () => {
    const r = response({ customerId: 'c-invented' });
    const t = await token({ sub: r.deliveryId, dat: r.deliveredAt });
    expect((await reply({ responses: [{ ...r, deliveryToken: t }] })).body.rejected[0].error).toBe('responses.0.deliveryToken: cid does not match customerId');
  });

  test('a batch of forgeries only: 400 naming the field, nothing stored', async () => {
    const r = response();
    const res = await reply({ responses: [r] });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('responses.0.deliveryToken: missing; this collector accepts only signed deliveries (data-delivery-token on the tag)');
    expect(await k.row(r.id)).toBeUndefined();
  });
});

test('a signed row is never replaced by an unsigned one (the secret switched off later), and stays signed', async () => {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'aftercare-signed-'));
  try {
    const db = join(dir, 'c.db');
    const r = response();
    const signed = await startCollector({ db, deliverySecret: SECRET });
    await signed.send({ responses: [{ ...r, comment: 'real', deliveryToken: await token({ sub: r.deliveryId, dat: r.deliveredAt }) }] });
    await signed.close();
    const open = await startCollector({ db });
    try {
      expect((await open.send({ responses: [{ ...r, revision: 5, comment: 'forged later' }] })).status).toBe(200);
      expect(await open.row(r.id)).toMatchObject({ revision: 1, comment: 'real', signed: true });
    } finally {
      await open.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('without the secret, deliveryToken is ignored (and nothing is marked signed)', async () => {
  const plain = await startCollector();
  try {
    const r = response();
    const res = await plain.send({ responses: [{ ...r, deliveryToken: 'anything at all' }] });
    expect(await res.json()).toEqual({ accepted: 1, rejected: [] });
    expect(await plain.row(r.id)).toMatchObject({ signed: false });
  } finally {
    await plain.close();
  }
});
