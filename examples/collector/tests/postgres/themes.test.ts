// Themes on a real PostgreSQL server: the same suite, the same figures as on SQLite.
import { startCollector } from '../support/harness.ts';
import { themesSuite } from '../support/themes-suite.ts';
import { freshDatabase } from './db.ts';

themesSuite(async (o) => startCollector({ db: await freshDatabase('themes'), ...o }));
