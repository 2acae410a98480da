// Re-survey waves, reasons and the driver analysis on embedded SQLite (the same suite runs on
// PostgreSQL in tests/postgres/drivers.test.ts).
import { driversSuite } from '../support/drivers-suite.ts';
import { startCollector } from '../support/harness.ts';

driversSuite((o) => startCollector(o));
