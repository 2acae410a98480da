// The attacked collector's holes, closed, on a real PostgreSQL server: the same suite as on SQLite.
import { holesSuite } from '../support/holes-suite.ts';
import { startCollector } from '../support/harness.ts';
import { freshDatabase } from './db.ts';

holesSuite(async (options) => startCollector({ db: options?.db ?? (await freshDatabase('holes')), ...options }), () => freshDatabase('holes'));
