// The collector's privacy half on a real PostgreSQL server: the same suite as on SQLite.
import { privacySuite } from '../support/privacy-suite.ts';
import { startCollector } from '../support/harness.ts';
import { freshDatabase } from './db.ts';

privacySuite(async (o) => startCollector({ db: await freshDatabase('privacy'), ...o }));
