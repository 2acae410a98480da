// The team's records: people, the one-use links mailed to them (an invitation, a sign-in link) and the
// machines' API keys. Links and keys are kept as SHA-256 hashes of their secrets: a copy of the
// database opens nothing. E-mail addresses are kept lower-case so one person is one row.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Limit, Role, Scope } from './roles.ts';
import type { Database, PeopleTable } from './schema.ts';

export interface Person {
  id: string;
  email: string | null;
  name: string;
  role: Role;
  team: string | null;
  limit: Limit | null;
  createdMs: number;
  joinedMs: number | null;
  lastSeenMs: number | null;
}

const hashOf = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');
const num = (v: number | string | null) => (v === null ? null : Number(v));

export function personOf(r: PeopleTable): Person {
  let values: string[] = [];
  try {
    values = r.limit_values ? (JSON.parse(r.limit_values) as string[]) : [];
  } catch {
    values = [];
  }
  return {
    id: r.id, email: r.email, name: r.name, role: r.role as Role, team: r.team,
    // A limit that lost its values would show everything: keep it, with no value (it then shows nothing).
    limit: r.limit_key ? { key: r.limit_key, values } : null,
    createdMs: Number(r.created_ms), joinedMs: num(r.joined_ms), lastSeenMs: num(r.last_seen_ms),
  };
}

export async function personById(db: Kysely<Database>, id: string): Promise<Person | null> {
  const r = await db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? personOf(r) : null;
}

export async function personByEmail(db: Kysely<Database>, email: string): Promise<Person | null> {
  const r = await db.selectFrom('people').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
  return r ? personOf(r) : null;
}

export async function listPeople(db: Kysely<Database>): Promise<Person[]> {
  const rows = await db.selectFrom('people').selectAll().orderBy('created_ms').orderBy('id').execute();
  return rows.map(personOf);
}

export interface NewPerson {
  email: string;
  name?: string | undefined;
  role: Role;
  team?: string | null | undefined;
  limit?: Limit | null | undefined;
  createdBy: string | null;
  now: number;
  /** Joined at once (created by single sign-on), not invited. */
  joined?: boolean;
}

/** Adds a person; null when the e-mail address is already someone's. */
export async function createPerson(db: Kysely<Database>, p: NewPerson): Promise<Person | null> {
  const email = p.email.trim().toLowerCase();
  const row: PeopleTable = {
    id: randomUUID(), email, name: p.name?.trim() || email, role: p.role, team: p.team ?? null,
    limit_key: p.limit?.key ?? null, limit_values: p.limit ? JSON.stringify(p.limit.values) : null,
    created_ms: p.now, created_by: p.createdBy, joined_ms: p.joined ? p.now : null, last_seen_ms: null,
  };
  // The unique index on email decides between two owners inviting one address at once.
  const done = await db.insertInto('people').values(row).onConflict((oc) => oc.column('email').doNothing()).executeTakeFirst();
  return Number(done.numInsertedOrUpdatedRows ?? 0) > 0 ? personOf(row) : null;
}

export interface PersonChange {
  name?: string | undefined;
  role?: Role | undefined;
  team?: string | null | undefined;
  limit?: Limit | null | undefined;
}

export async function updatePerson(db: Kysely<Database>, id: string, ch: PersonChange): Promise<Person | null> {
  const set: Partial<PeopleTable> = {};
  if (ch.name !== undefined) set.name = ch.name.trim();
  if (ch.role !== undefined) set.role = ch.role;
  if (ch.team !== undefined) set.team = ch.team;
  if (ch.limit !== undefined) {
    set.limit_key = ch.limit?.key ?? null;
    set.limit_values = ch.limit ? JSON.stringify(ch.limit.values) : null;
  }
  if (Object.keys(set).length) await db.updateTable('people').set(set).where('id', '=', id).execute();
  return personById(db, id);
}

/** Removes a person with their links and passkeys, and ends their sessions (their audit entries stay). */
export async function removePerson(db: Kysely<Database>, id: string, now: number): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const n = await tx.deleteFrom('people').where('id', '=', id).executeTakeFirst();
    await tx.deleteFrom('person_links').where('person_id', '=', id).execute();
    await tx.deleteFrom('passkeys').where('person_id', '=', id).execute();
    await tx.deleteFrom('webauthn_challenges').where('person_id', '=', id).execute();
    // Ended, not deleted: the cookie then reads as signed out, not as a forged credential (http/session.ts).
    const t = new Date(now).toISOString();
    await tx.updateTable('dashboard_sessions').set({ expires_at: t }).where('person_id', '=', id).where('expires_at', '>', t).execute();
    return Number(n.numDeletedRows) > 0;
  });
}

export const INVITE_MS = 7 * 86_400_000;
export const SIGNIN_LINK_MS = 15 * 60_000;

/**
 * A new one-use link for the person; an earlier unused link of the same purpose stops working (a
 * re-sent invitation replaces the old one). Returns the code (256 random bits, base64url).
 */
export async function newLink(db: Kysely<Database>, personId: string, purpose: 'invite' | 'signin', now: number, ttlMs: number): Promise<string> {
  const code = randomBytes(32).toString('base64url');
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('person_links').where('person_id', '=', personId).where('purpose', '=', purpose).where('used_ms', 'is', null).execute();
    await tx.insertInto('person_links').values({ id_sha256: hashOf(code), person_id: personId, purpose, created_ms: now, expires_ms: now + ttlMs, used_ms: null }).execute();
  });
  return code;
}

const CODE = /^[A-Za-z0-9_-]{43}$/;

/** What a link is, without using it: its person, and whether it expired or was used. */
export async function linkOf(db: Kysely<Database>, code: string, purpose: 'invite' | 'signin', now: number) {
  if (!CODE.test(code)) return null;
  const r = await db.selectFrom('person_links').selectAll().where('id_sha256', '=', hashOf(code)).where('purpose', '=', purpose).executeTakeFirst();
  if (!r) return null;
  return { personId: r.person_id, expiresMs: Number(r.expires_ms), expired: Number(r.expires_ms) <= now, used: r.used_ms !== null };
}

/** Uses a live link once (one conditional UPDATE: two instances cannot both use it); its person, or null. */
export async function useLink(db: Kysely<Database>, code: string, purpose: 'invite' | 'signin', now: number): Promise<string | null> {
  if (!CODE.test(code)) return null;
  const hash = hashOf(code);
  const n = await db.updateTable('person_links').set({ used_ms: now }).where('id_sha256', '=', hash).where('purpose', '=', purpose).where('used_ms', 'is', null).where('expires_ms', '>', now).executeTakeFirst();
  if (Number(n.numUpdatedRows) === 0) return null;
  const r = await db.selectFrom('person_links').select('person_id').where('id_sha256', '=', hash).executeTakeFirst();
  if (!r) return null;
  if (purpose === 'invite') await db.updateTable('people').set({ joined_ms: now }).where('id', '=', r.person_id).where('joined_ms', 'is', null).execute();
  return r.person_id;
}

/** The live invitation of each person who has one (for the People page). */
export async function pendingInvitations(db: Kysely<Database>, now: number): Promise<Map<string, number>> {
  const rows = await db.selectFrom('person_links').select(['person_id', 'expires_ms']).where('purpose', '=', 'invite').where('used_ms', 'is', null).where('expires_ms', '>', now).execute();
  return new Map(rows.map((r) => [r.person_id, Number(r.expires_ms)]));
}

export interface ApiKey {
  id: string;
  name: string;
  scopes: Scope[];
  createdMs: number;
  createdBy: string | null;
  lastUsedMs: number | null;
}

/** A new key: `ak_` + 256 random bits. Only its hash is kept; the secret is returned once. */
export async function createKey(db: Kysely<Database>, k: { name: string; scopes: Scope[]; createdBy: string; now: number }): Promise<{ key: ApiKey; secret: string }> {
  const secret = `ak_${randomBytes(32).toString('base64url')}`;
  const key: ApiKey = { id: randomUUID(), name: k.name.trim(), scopes: k.scopes, createdMs: k.now, createdBy: k.createdBy, lastUsedMs: null };
  await db.insertInto('api_keys').values({ id: key.id, name: key.name, scopes: JSON.stringify(key.scopes), secret_sha256: hashOf(secret), created_ms: k.now, created_by: k.createdBy, last_used_ms: null, revoked_ms: null }).execute();
  return { key, secret };
}

const keyOf = (r: Database['api_keys']): ApiKey => ({
  id: r.id, name: r.name, scopes: JSON.parse(r.scopes) as Scope[], createdMs: Number(r.created_ms), createdBy: r.created_by, lastUsedMs: num(r.last_used_ms),
});

export async function listKeys(db: Kysely<Database>): Promise<ApiKey[]> {
  const rows = await db.selectFrom('api_keys').selectAll().where('revoked_ms', 'is', null).orderBy('created_ms').execute();
  return rows.map(keyOf);
}

/**
 * The live key whose secret this is. The lookup is by the secret's SHA-256 (an index probe on a hash
 * reveals nothing usable through timing: an attacker cannot steer the hash's prefix).
 */
export async function keyBySecret(db: Kysely<Database>, secret: string): Promise<ApiKey | null> {
  const r = await db.selectFrom('api_keys').selectAll().where('secret_sha256', '=', hashOf(secret)).where('revoked_ms', 'is', null).executeTakeFirst();
  return r ? keyOf(r) : null;
}

/** Notes a key's use, at most once a minute per key (a busy import must not write a row per request). */
export async function keyUsed(db: Kysely<Database>, id: string, now: number): Promise<void> {
  await db.updateTable('api_keys').set({ last_used_ms: now }).where('id', '=', id).where((eb) => eb.or([eb('last_used_ms', 'is', null), eb('last_used_ms', '<', now - 60_000)])).execute();
}

export async function revokeKey(db: Kysely<Database>, id: string, now: number): Promise<boolean> {
  const n = await db.updateTable('api_keys').set({ revoked_ms: now }).where('id', '=', id).where('revoked_ms', 'is', null).executeTakeFirst();
  return Number(n.numUpdatedRows) > 0;
}

/** Teams named by people (a case may be assigned to one). */
export async function teams(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('people').select('team').distinct().where('team', 'is not', null).orderBy('team').execute();
  return rows.map((r) => r.team!);
}
