// Where Debian's PostgreSQL server binaries are: PG_BIN, else the newest /usr/lib/postgresql/<major>/bin
// that has initdb. Shared by scripts/ensure-postgres.mjs, the PostgreSQL test setup and the benchmark.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** @returns {string | undefined} */
export function pgBin() {
  if (process.env.PG_BIN) return existsSync(join(process.env.PG_BIN, 'initdb')) ? process.env.PG_BIN : undefined;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return majors.length ? join(root, majors[0], 'bin') : undefined;
}
