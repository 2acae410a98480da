// Phone answers on embedded SQLite (the same suite runs on PostgreSQL in tests/postgres/phone.test.ts).
import { phoneSuite } from '../support/phone-suite.ts';
import { startCollector } from '../support/harness.ts';

phoneSuite((o) => startCollector(o));
