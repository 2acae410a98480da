// Passkeys (WebAuthn credentials: public keys only, never a secret) and the challenges of ceremonies
// under way. A challenge lives in the database, not in the process, so any instance behind a load
// balancer can finish a ceremony another began; it is named by a random ceremony id that only the
// browser holds (in a cookie), and only a SHA-256 of that id is stored, so a copy of the database
// cannot be used to finish someone else's ceremony. Every statement goes through Kysely's parameters.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, PasskeysTable } from './schema.ts';

/** A ceremony must be finished within 5 minutes (the browser's own prompt times out after 1). */
export const CHALLENGE_MS = 5 * 60_000;

export type CeremonyPurpose = 'register' | 'login';

export interface Passkey {
  id: string;
  personId: string;
  /** The COSE public key, base64url. */
  publicKey: string;
  counter: number;
  transports: string[];
  name: string;
  createdMs: number;
  lastUsedMs: number | null;
}

/** How /v1/me lists a passkey: no key material, times as ISO strings. */
export interface PasskeyJson {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

const hashOf = (ceremonyId: string) => createHash('sha256').update(ceremonyId, 'utf8').digest('hex');
// PostgreSQL returns bigint columns as strings (pg does not guess at precision): numbers here.
const num = (v: number | string) => Number(v);
const numOrNull = (v: number | string | null) => (v === null ? null : Number(v));

function transportsOf(raw: string | null): string[] {
  if (!raw) return [];
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    // A hand-edited row: no transport hints is still a usable passkey.
    return [];
  }
}

const fromRow = (r: PasskeysTable): Passkey => ({
  id: r.id,
  personId: r.person_id,
  publicKey: r.public_key,
  counter: num(r.counter),
  transports: transportsOf(r.transports),
  name: r.name,
  createdMs: num(r.created_ms),
  lastUsedMs: numOrNull(r.last_used_ms),
});

export const passkeyJson = (p: Passkey): PasskeyJson => ({
  id: p.id,
  name: p.name,
  createdAt: new Date(p.createdMs).toISOString(),
  lastUsedAt: p.lastUsedMs === null ? null : new Date(p.lastUsedMs).toISOString(),
});

/**
 * Stores a ceremony's challenge for 5 minutes and returns the new ceremony id (for the cookie). Expired
 * challenges are swept on the way, so abandoned ceremonies do not pile up.
 */
export async function saveChallenge(db: Kysely<Database>, c: { challenge: string; purpose: CeremonyPurpose; personId: string | null; now: number }): Promise<string> {
  const ceremonyId = randomBytes(32).toString('base64url');
  await db.deleteFrom('webauthn_challenges').where('expires_ms', '<=', c.now).execute();
  await db
    .insertInto('webauthn_challenges')
    .values({ id_sha256: hashOf(ceremonyId), challenge: c.challenge, purpose: c.purpose, person_id: c.personId, expires_ms: c.now + CHALLENGE_MS })
    .execute();
  return ceremonyId;
}

/**
 * Takes a ceremony's challenge: deletes it and returns it in one statement (DELETE … RETURNING, on
 * SQLite and PostgreSQL alike), so two requests racing with the same ceremony id cannot both get it.
 * Null when unknown, expired, or begun for the other purpose (it is consumed all the same: a ceremony
 * is tried once).
 */
export async function takeChallenge(db: Kysely<Database>, ceremonyId: string, purpose: CeremonyPurpose, now: number): Promise<{ challenge: string; personId: string | null } | null> {
  const row = await db.deleteFrom('webauthn_challenges').where('id_sha256', '=', hashOf(ceremonyId)).returning(['challenge', 'purpose', 'person_id', 'expires_ms']).executeTakeFirst();
  if (!row || row.purpose !== purpose || num(row.expires_ms) <= now) return null;
  return { challenge: row.challenge, personId: row.person_id };
}

/** A person's passkeys, oldest first. */
export async function passkeysOf(db: Kysely<Database>, personId: string): Promise<Passkey[]> {
  const rows = await db.selectFrom('passkeys').selectAll().where('person_id', '=', personId).orderBy('created_ms').orderBy('id').execute();
  return rows.map(fromRow);
}

/** A person's passkeys as /v1/me lists them. */
export const passkeyListOf = async (db: Kysely<Database>, personId: string): Promise<PasskeyJson[]> => (await passkeysOf(db, personId)).map(passkeyJson);

/** How many passkeys each of these people has (for GET /v1/people), by person id; absent means none. */
export async function passkeyCounts(db: Kysely<Database>, personIds: string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (!personIds.length) return counts;
  const rows = await db.selectFrom('passkeys').select(['person_id']).select((eb) => eb.fn.countAll<number | string>().as('n')).where('person_id', 'in', personIds).groupBy('person_id').execute();
  for (const r of rows) counts.set(r.person_id, Number(r.n));
  return counts;
}

export async function passkeyById(db: Kysely<Database>, id: string): Promise<Passkey | null> {
  const row = await db.selectFrom('passkeys').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? fromRow(row) : null;
}

export async function addPasskey(db: Kysely<Database>, p: Omit<Passkey, 'lastUsedMs'>): Promise<void> {
  await db
    .insertInto('passkeys')
    .values({ id: p.id, person_id: p.personId, public_key: p.publicKey, counter: p.counter, transports: p.transports.length ? JSON.stringify(p.transports) : null, name: p.name, created_ms: p.createdMs, last_used_ms: null })
    .execute();
}

/** After a sign-in: the authenticator's new signature counter (replay detection) and when it was used. */
export async function passkeyUsed(db: Kysely<Database>, id: string, counter: number, now: number): Promise<void> {
  await db.updateTable('passkeys').set({ counter, last_used_ms: now }).where('id', '=', id).execute();
}

/** Renames one of the person's own passkeys; false when they have none by that id. */
export async function renamePasskey(db: Kysely<Database>, personId: string, id: string, name: string): Promise<boolean> {
  const r = await db.updateTable('passkeys').set({ name }).where('id', '=', id).where('person_id', '=', personId).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Deletes one of the person's own passkeys (someone else's id changes nothing); false when none. */
export async function deletePasskey(db: Kysely<Database>, personId: string, id: string): Promise<boolean> {
  const r = await db.deleteFrom('passkeys').where('id', '=', id).where('person_id', '=', personId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Deletes all of a person's passkeys (the person was removed); returns how many. */
export async function deletePasskeysOf(db: Kysely<Database>, personId: string): Promise<number> {
  const r = await db.deleteFrom('passkeys').where('person_id', '=', personId).executeTakeFirst();
  return Number(r.numDeletedRows);
}
