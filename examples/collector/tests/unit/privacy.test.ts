// The collector's privacy half on embedded SQLite (the same suite runs on PostgreSQL in
// tests/postgres/privacy.test.ts), and SQLite's secure_delete.
import { expect, test } from 'vitest';
import { sql } from 'kysely';
import { privacySuite } from '../support/privacy-suite.ts';
import { startCollector } from '../support/harness.ts';

privacySuite((o) => startCollector(o));

test('SQLite overwrites deleted rows (secure_delete), so an erased answer does not linger in free pages', async () => {
  const k = await startCollector();
  try {
    const { rows } = await sql<{ secure_delete: number }>`pragma secure_delete`.execute(k.c.db);
    expect(rows[0]!.secure_delete).toBe(1);
  } finally {
    await k.close();
  }
});
