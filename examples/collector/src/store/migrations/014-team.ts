import { SqliteAdapter, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * 014: a team. `people` are the merchant's staff, each with a role (owner, manager, agent, viewer), an
 * optional team (a case can be assigned to it) and an optional limit to some values of one meta key;
 * `admin` is the bootstrap owner the admin token signs in as. `person_links` are the one-use links
 * sent by e-mail (an invitation, 7 days; a sign-in link, 15 minutes), kept as SHA-256 hashes;
 * `passkeys` are WebAuthn credentials (public keys only); `webauthn_challenges` the challenges of
 * ceremonies under way (in the database, so any instance can finish what another began); `api_keys`
 * the machines' keys with scopes, kept as hashes. Sessions become a person's: who, how they signed
 * in, from where, and when they were last seen (12 hours idle ends them). The audit names the role.
 */
export const team: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('people')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('email', 'text')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('team', 'text')
      .addColumn('limit_key', 'text')
      .addColumn('limit_values', 'text')
      .addColumn('created_ms', 'bigint', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('joined_ms', 'bigint')
      .addColumn('last_seen_ms', 'bigint')
      .execute();
    await db.schema.createIndex('people_email').on('people').column('email').unique().execute();
    await db
      .insertInto('people')
      .values({ id: 'admin', email: null, name: 'Owner (admin token)', role: 'owner', team: null, limit_key: null, limit_values: null, created_ms: Date.now(), created_by: null, joined_ms: Date.now(), last_seen_ms: null })
      .execute();
    await db.schema
      .createTable('person_links')
      .addColumn('id_sha256', 'text', (c) => c.primaryKey())
      .addColumn('person_id', 'text', (c) => c.notNull())
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('created_ms', 'bigint', (c) => c.notNull())
      .addColumn('expires_ms', 'bigint', (c) => c.notNull())
      .addColumn('used_ms', 'bigint')
      .execute();
    await db.schema.createIndex('person_links_person').on('person_links').columns(['person_id', 'purpose']).execute();
    await db.schema
      .createTable('passkeys')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('person_id', 'text', (c) => c.notNull())
      .addColumn('public_key', 'text', (c) => c.notNull())
      .addColumn('counter', 'bigint', (c) => c.notNull())
      .addColumn('transports', 'text')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_ms', 'bigint', (c) => c.notNull())
      .addColumn('last_used_ms', 'bigint')
      .execute();
    await db.schema.createIndex('passkeys_person').on('passkeys').column('person_id').execute();
    await db.schema
      .createTable('webauthn_challenges')
      .addColumn('id_sha256', 'text', (c) => c.primaryKey())
      .addColumn('challenge', 'text', (c) => c.notNull())
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('person_id', 'text')
      .addColumn('expires_ms', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('api_keys')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('scopes', 'text', (c) => c.notNull())
      .addColumn('secret_sha256', 'text', (c) => c.notNull())
      .addColumn('created_ms', 'bigint', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('last_used_ms', 'bigint')
      .addColumn('revoked_ms', 'bigint')
      .execute();
    await db.schema.createIndex('api_keys_secret').on('api_keys').column('secret_sha256').unique().execute();
    await db.schema.alterTable('dashboard_sessions').addColumn('person_id', 'text').execute();
    await db.schema.alterTable('dashboard_sessions').addColumn('method', 'text').execute();
    await db.schema.alterTable('dashboard_sessions').addColumn('last_seen_ms', 'bigint').execute();
    await db.schema.alterTable('dashboard_sessions').addColumn('address', 'text').execute();
    await db.schema.alterTable('dashboard_sessions').addColumn('user_agent', 'text').execute();
    await db.schema.alterTable('dashboard_sessions').addColumn('label', 'text').execute();
    // Sessions made before people existed were the admin token's: they are the bootstrap owner's.
    await db.updateTable('dashboard_sessions').set({ person_id: 'admin', method: 'token' }).execute();
    await db.schema.createIndex('dashboard_sessions_person').on('dashboard_sessions').column('person_id').execute();
    await db.schema.alterTable('audit_log').addColumn('role', 'text').execute();
    // PostgreSQL: the counts of the rate limits and the wrong-credential throttle, shared by every
    // instance (rate-limiter-flexible's RateLimiterPostgres, whose table this is, made here so that
    // two instances starting at once do not race to create it).
    if (!(db.getExecutor().adapter instanceof SqliteAdapter)) {
      await db.schema
        .createTable('rate_limits')
        .addColumn('key', 'varchar(255)', (c) => c.primaryKey())
        .addColumn('points', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('expire', 'bigint')
        .execute();
    }
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('rate_limits').ifExists().execute();
    await db.schema.alterTable('audit_log').dropColumn('role').execute();
    await db.schema.dropIndex('dashboard_sessions_person').execute();
    for (const c of ['label', 'user_agent', 'address', 'last_seen_ms', 'method', 'person_id']) await db.schema.alterTable('dashboard_sessions').dropColumn(c).execute();
    for (const t of ['api_keys', 'webauthn_challenges', 'passkeys', 'person_links', 'people']) await db.schema.dropTable(t).execute();
  },
};
