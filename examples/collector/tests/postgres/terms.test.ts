// The terms side table on a real PostgreSQL server: the same suite as on SQLite.
import { termsSuite } from '../support/terms-suite.ts';
import { freshDatabase } from './db.ts';

termsSuite(() => freshDatabase('terms'));
