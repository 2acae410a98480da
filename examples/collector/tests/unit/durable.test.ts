// Durable acknowledgement on SQLite: the collector is killed with SIGKILL the moment it answered 2xx
// (no shutdown, no checkpoint), started again on the same file, and every acknowledged row is there.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { killAfterAck } from '../support/durability.ts';

const dir = mkdtempSync(join(tmpdir(), 'aftercare-durable-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('SIGKILL right after a 2xx, five times over: every acknowledged response and display survives', async () => {
  const { acknowledged, found } = await killAfterAck({ AFTERCARE_DB: join(dir, 'kill.db') });
  expect(acknowledged.responses).toHaveLength(5 * 20);
  expect(acknowledged.displays).toHaveLength(5 * 5);
  expect(found.responses).toEqual(acknowledged.responses);
  expect(found.displays).toEqual(acknowledged.displays);
}, 60_000);
