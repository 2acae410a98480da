// Tone (issue 27) on a real PostgreSQL server: the same suite, the same figures as on SQLite.
import { startCollector } from '../support/harness.ts';
import { toneSuite } from '../support/tone-suite.ts';
import { freshDatabase } from './db.ts';

toneSuite(async (o) => startCollector({ db: await freshDatabase('tone'), ...o }));
