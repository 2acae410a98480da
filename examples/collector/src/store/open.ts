// The one place the dialect is chosen: a file path → embedded SQLite (better-sqlite3), a postgres://
// URL → PostgreSQL (pg). Everything above this file speaks Kysely and does not care which.
import { closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteAdapter, SqliteDialect, sql, type Transaction } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { migrationProvider } from './migrations.ts';
import type { Database } from './schema.ts';

export type DbKind = 'sqlite' | 'postgres';

export const isPostgresUrl = (s: string) => /^postgres(ql)?:\/\//i.test(s);

/** Whether `db` (or a transaction of it) speaks SQLite: the few places the dialects differ ask this. */
export const isSqlite = (db: Kysely<any> | Transaction<any>) => db.getExecutor().adapter instanceof SqliteAdapter;

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
  const stop = target === ':memory:' ? () => undefined : checkpointsAside(target, file);
  return { kind: 'sqlite', db: new Kysely<Database>({ dialect: new SqliteDialect({ database: cachedStatements(file, stop) }) }) };
}

/** Prepared statements kept per SQL text (the queries are few and fixed; their parameters vary). */
const STATEMENTS = 500;

/**
 * The database as Kysely's SQLite dialect sees it, with prepared statements reused: the dialect
 * prepares every query afresh, which cost the write path more than a tenth of its time. A statement
 * still being iterated (a streamed export) is not handed out again; a fresh one is prepared instead.
 */
function cachedStatements(file: SQLite.Database, stop: () => void) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => {
      stop();
      file.close();
    },
    prepare(text: string) {
      const had = cache.get(text);
      if (had && !had.busy) {
        // Most recently used last: the first entry is the one to drop.
        cache.delete(text);
        cache.set(text, had);
        return had;
      }
      const stmt = file.prepare(text);
      if (!had) {
        cache.set(text, stmt);
        if (cache.size > STATEMENTS) cache.delete(cache.keys().next().value!);
      }
      return stmt;
    },
  };
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
  if (isSqlite(trx)) await sql`update collector_settings set value = value where 1 = 0`.execute(trx);
}

/** WAL bytes past which the checkpoints move to a thread of their own. */
const ASIDE_AT = 4 * 1024 * 1024;
/**
 * The checkpointing thread: its own connection copying the WAL into the database file every 200 ms
 * (PASSIVE: it never waits for, nor blocks, a writer or a reader). better-sqlite3 is synchronous, so a
 * checkpoint on the collector's connection (SQLite runs one every 1,000 pages) stopped every request
 * for tens of milliseconds; here it costs the event loop nothing. Evaluated as CommonJS in the worker.
 */
const CHECKPOINTER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or interrupted: the next turn tries again.
  }
}, 200);
parentPort.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});`;

/**
 * Moves SQLite's checkpoints off the event loop once the WAL is worth it (a small store never starts
 * the thread). The collector's own connection still checkpoints at 10,000 pages (40 MB): insurance,
 * should the thread ever stop. Returns what stops it.
 */
function checkpointsAside(target: string, file: SQLite.Database): () => void {
  file.pragma('wal_autocheckpoint = 10000');
  // After a checkpoint the WAL starts over from its beginning; this keeps the file from staying large.
  file.pragma('journal_size_limit = 67108864');
  let worker: Worker | null = null;
  const timer = setInterval(() => {
    if (worker) return;
    let size = 0;
    try {
      size = statSync(`${target}-wal`).size;
    } catch {
      // No WAL file yet: nothing to checkpoint.
      return;
    }
    if (size < ASIDE_AT) return;
    const w = new Worker(CHECKPOINTER, { eval: true, workerData: { driver: createRequire(import.meta.url).resolve('better-sqlite3'), file: target } });
    worker = w;
    w.unref();
    w.on('error', (e) => console.error(`[aftercare collector] the checkpoint thread stopped (${e.message}); it starts again within a second`));
    // Stopped for any reason: the next tick starts another (until then the connection's own 40 MB checkpoints stand in).
    w.on('exit', () => {
      if (worker === w) worker = null;
    });
  }, 1_000);
  timer.unref();
  return () => {
    clearInterval(timer);
    // The thread closes its connection; the WAL left behind (if this is not the last connection to
    // close) is checkpointed by the next open, nothing is lost.
    const w = worker;
    worker = null;
    w?.postMessage('stop');
  };
}
