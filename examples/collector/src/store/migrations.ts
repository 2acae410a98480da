// Versioned migrations, run by Kysely's Migrator (its lock table keeps two instances starting at once
// on one PostgreSQL from running them twice). One file per migration in migrations/, imported here
// rather than read from the folder at run time, so that the bundled collector carries them; the
// names sort in the order they run.
import type { Migration, MigrationProvider } from 'kysely/migration';
import { v0Tables } from './migrations/001-v0-tables.ts';
import { service } from './migrations/002-service.ts';
import { utcTimes } from './migrations/003-utc-times.ts';
import { readSide } from './migrations/004-read-side.ts';
import { closedLoop } from './migrations/005-closed-loop.ts';
import { privacy } from './migrations/006-privacy.ts';
import { wavesReasons } from './migrations/007-waves-reasons.ts';
import { holes } from './migrations/008-holes.ts';
import { invitations } from './migrations/009-invitations.ts';
import { recordedBy } from './migrations/010-recorded-by.ts';
import { channelSide } from './migrations/011-channel-side.ts';
import { terms } from './migrations/012-terms.ts';
import { themeIndexes } from './migrations/013-theme-indexes.ts';
import { team } from './migrations/014-team.ts';
import { tiers } from './migrations/015-tiers.ts';
import { countTables } from './migrations/016-counts.ts';

export const MIGRATIONS: Record<string, Migration> = {
  '2026-12-01-001-v0-tables': v0Tables,
  '2026-12-01-002-service': service,
  '2026-12-01-003-utc-times': utcTimes,
  '2026-12-01-004-read-side': readSide,
  '2026-12-01-005-closed-loop': closedLoop,
  '2026-12-01-006-privacy': privacy,
  '2026-12-01-007-waves-reasons': wavesReasons,
  '2026-12-07-008-holes': holes,
  '2026-12-07-009-invitations': invitations,
  '2026-12-07-010-recorded-by': recordedBy,
  '2026-12-07-011-channel-side': channelSide,
  '2026-12-07-012-terms': terms,
  '2026-12-07-013-theme-indexes': themeIndexes,
  '2026-12-07-014-team': team,
  '2026-12-07-015-tiers': tiers,
  '2026-12-07-016-counts': countTables,
};

export const migrationProvider: MigrationProvider = { getMigrations: async () => MIGRATIONS };
