// The read API on a real PostgreSQL server: the same suite, the same figures as on SQLite.
import { readSuite, TZ } from '../support/read-suite.ts';
import { startCollector } from '../support/harness.ts';
import { freshDatabase } from './db.ts';

readSuite(async () => startCollector({ db: await freshDatabase('read'), timeZone: TZ }));
