// Phone answers on a real PostgreSQL server: the same suite as on SQLite.
import { phoneSuite } from '../support/phone-suite.ts';
import { startCollector } from '../support/harness.ts';
import { freshDatabase } from './db.ts';

phoneSuite(async (o) => startCollector({ ...o, db: await freshDatabase('phone') }));
