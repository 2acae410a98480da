// The attacked collector's holes, closed, on SQLite (the same suite runs on PostgreSQL: tests/postgres/holes.test.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { holesSuite } from '../support/holes-suite.ts';
import { startCollector } from './collector-harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'aftercare-holes-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

holesSuite(startCollector, async () => join(dir, `restart-${++n}.db`));
