// The attacked collector's holes, closed, on SQLite (the same suite runs on PostgreSQL: tests/postgres/holes.test.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { holesSuite } from '../support/holes-suite.ts';
import { spawnCollector } from '../support/collector-process.ts';
import { ADMIN, response, startCollector } from '../support/harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'aftercare-holes-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

holesSuite(startCollector, async () => join(dir, `restart-${++n}.db`));

test('two collector processes on one SQLite file, posting at once: every batch is committed, none is refused as busy', async () => {
  const db = join(dir, 'shared.db');
  const env = { AFTERCARE_DB: db, AFTERCARE_ADMIN_TOKEN: ADMIN, AFTERCARE_RATE_LIMIT: '1000000' };
  const a = await spawnCollector(env);
  const b = await spawnCollector(env);
  try {
    // Each batch reads before it writes; a read another process's commit overtook must wait, not fail.
    const post = (url: string) => fetch(`${url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ responses: Array.from({ length: 20 }, () => response()) }) });
    const statuses: number[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async (_, c) => {
        for (let i = 0; i < 25; i++) statuses.push((await post(c % 2 ? a.url : b.url)).status);
      }),
    );
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const summary = await (await fetch(`${a.url}/v1/summary`, { headers: { authorization: `Bearer ${ADMIN}` } })).json();
    expect(summary.responses).toBe(4_000);
  } finally {
    await a.kill();
    await b.kill();
  }
});
