// Small key → value facts the collector keeps about itself (collector_settings): the admin token's
// hash, the suppression salt, an owner's follow-up rules and hours.
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** A setting's value, or undefined. */
export async function getSetting(db: Kysely<Database>, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('collector_settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

/** Stores a setting unless one is there already (first writer wins across instances); returns the value now stored. */
export async function putSettingOnce(db: Kysely<Database>, key: string, value: string): Promise<string> {
  await db
    .insertInto('collector_settings')
    .values({ key, value, updated_at: new Date().toISOString() })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  return (await getSetting(db, key))!;
}

/** Stores a setting, replacing what was there (an owner's change). */
export async function putSetting(db: Kysely<Database>, key: string, value: string): Promise<void> {
  await db
    .insertInto('collector_settings')
    .values({ key, value, updated_at: new Date().toISOString() })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: new Date().toISOString() }))
    .execute();
}

/** Removes a setting (back to the configured default). */
export async function dropSetting(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom('collector_settings').where('key', '=', key).execute();
}
