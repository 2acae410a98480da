// The one place the dialect is chosen: a file path → embedded SQLite (better-sqlite3), a postgres://
// URL → PostgreSQL (pg). Everything above this file speaks Kysely and does not care which.
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteAdapter, SqliteDialect, sql, type Transaction } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { migrationProvider } from './migrations.ts';
import type { Database } from './schema.ts';

export type DbKind = 'sqlite' | 'postgres';

export const isPostgresUrl = (s: string) => /^postgres(ql)?:\/\//i.test(s);

export interface OpenedDb {
  kind: DbKind;
  db: Kysely<Database>;
  /** PostgreSQL's pool (the shared rate limits of http/limits.ts keep their counts through it). */
  pool?: pg.Pool;
}

/**
 * Opens the database. SQLite runs in WAL mode with `synchronous = FULL` and `secure_delete`, so a committed transaction is
 * on disk before the collector answers 2xx (WAL's default, NORMAL, may lose the last commits on power
 * loss). PostgreSQL connections pin `synchronous_commit = on` for the same promise, whatever the
 * server's default says.
 */
export function openDb(target: string): OpenedDb {
  if (isPostgresUrl(target)) {
    // Timeouts, so an unreachable server makes /health answer 503 and a POST fail (the client retries)
    // instead of hanging while a load balancer waits.
    const pool = new pg.Pool({
      connectionString: target,
      max: 10,
      connectionTimeoutMillis: 5_000,
      options: '-c synchronous_commit=on -c statement_timeout=15000 -c lock_timeout=10000',
    });
    // An idle client that loses its server (restart, failover) must not crash the process; the pool
    // replaces it and the next query reconnects.
    pool.on('error', (e) => console.error(`[aftercare collector] PostgreSQL connection lost: ${e.message}`));
    return { kind: 'postgres', db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), pool };
  }
  if (target !== ':memory:') {
    mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
    // A new database file is the owner's alone (0600): it holds answers and customer ids. SQLite gives
    // its -wal and -shm files the main file's mode. An existing file keeps the mode its owner set.
    if (!existsSync(target)) closeSync(openSync(target, 'a', 0o600));
  }
  const file = new SQLite(target);
  file.pragma('journal_mode = WAL');
  file.pragma('synchronous = FULL');
  file.pragma('busy_timeout = 5000');
  // Erased and purged rows are overwritten with zeros, not left readable in the file's free pages.
  file.pragma('secure_delete = ON');
  return { kind: 'sqlite', db: new Kysely<Database>({ dialect: new SqliteDialect({ database: file }) }) };
}

/** Runs every pending migration; running it again changes nothing. Throws with the failing migration's name. */
export async function migrate(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results = [] } = await migrator.migrateToLatest();
  const failed = results.find((r) => r.status === 'Error');
  if (error) throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${(error as Error).message ?? error}`);
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** True when the database answers a trivial query. */
export async function ping(db: Kysely<Database>, timeoutMs = 3_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), timeoutMs)));
    await Promise.race([sql`select 1`.execute(db), late]);
    return true;
  } catch {
    // Any failure means "not answering": /health reports 503 and the load balancer moves on.
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * SQLite: takes the write lock at the start of `trx`. A transaction that reads before it writes, in WAL
 * mode, cannot become a write one once another process's commit overtook it (SQLITE_BUSY at once,
 * whatever busy_timeout says); a write statement first waits its turn instead. (A write that changes
 * nothing still takes the lock; Kysely's SQLite driver has no BEGIN IMMEDIATE.) Nothing on PostgreSQL.
 */
export async function writeLockFirst(trx: Transaction<Database>): Promise<void> {
  if (trx.getExecutor().adapter instanceof SqliteAdapter) await sql`update collector_settings set value = value where 1 = 0`.execute(trx);
}
