// Themes on embedded SQLite (the same suite runs on PostgreSQL in tests/postgres/themes.test.ts).
import { startCollector } from '../support/harness.ts';
import { themesSuite } from '../support/themes-suite.ts';

themesSuite((o) => startCollector(o));
