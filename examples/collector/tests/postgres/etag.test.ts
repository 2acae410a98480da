// Conditional reads (http/etag.ts) on PostgreSQL: the counter is a bigint there, read as text.
import { etagSuite } from '../support/etag-suite.ts';
import { freshDatabase } from './db.ts';

etagSuite(() => freshDatabase('etag'));
