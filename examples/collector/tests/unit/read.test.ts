// The read API on embedded SQLite (the same suite runs on PostgreSQL in tests/postgres/read.test.ts).
import { expect, test } from 'vitest';
import { readSuite, TZ } from '../support/read-suite.ts';
import { ADMIN, startCollector } from '../support/harness.ts';

readSuite(() => startCollector({ timeZone: TZ }));

test('behind a trusted https proxy the session cookie is Secure', async () => {
  const k = await startCollector({ trustProxy: true });
  try {
    const res = await fetch(`${k.url}/dashboard/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ token: ADMIN }),
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('set-cookie')).toMatch(/; Secure/);
  } finally {
    await k.close();
  }
});

test('the login throttle covers the sign-in form: 11 wrong tokens a minute → 429, even for the right one', async () => {
  const k = await startCollector();
  try {
    const post = (token: string) =>
      fetch(`${k.url}/dashboard/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
    for (let i = 0; i < 10; i++) expect((await post(`wrong-token-number-${i}-xxxxxxxx`)).status).toBe(401);
    const limited = await post(ADMIN);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  } finally {
    await k.close();
  }
});
