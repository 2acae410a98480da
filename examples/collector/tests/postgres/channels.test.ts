// Numbers per channel on a real PostgreSQL server: the same suite, the same figures as on SQLite.
import { channelsSuite } from '../support/channels-suite.ts';
import { startCollector } from '../support/harness.ts';
import { freshDatabase } from './db.ts';

channelsSuite(async (o) => startCollector({ db: await freshDatabase('channels'), ...o }));
