// Re-survey waves, reasons and the driver analysis on a real PostgreSQL server: the same suite, the
// same figures as on SQLite.
import { driversSuite } from '../support/drivers-suite.ts';
import { startCollector } from '../support/harness.ts';
import { freshDatabase } from './db.ts';

driversSuite(async (o) => startCollector({ db: await freshDatabase('drivers'), ...o }));
