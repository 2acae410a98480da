// No imports: the script-tag loader batches with this too, without pulling in the sync loop.

/** Bodies stay under the 64 KB a browser allows for keepalive requests and beacons, with headroom. */
export const MAX_BODY_BYTES = 60_000;

/** Ended displays per request: small records, sent apart from answers. */
export const DISPLAYS_PER_REQUEST = 500;

const bytes = (s: string) => new Blob([s]).size;

/** Splits into batches of at most `size` records and `MAX_BODY_BYTES` bytes each, keeping order. */
export function chunk<T>(rs: T[], size: number): T[][] {
  const out: T[][] = [];
  let cur: T[] = [];
  let curBytes = 16;
  for (const r of rs) {
    const b = bytes(JSON.stringify(r)) + 1;
    if (cur.length && (cur.length >= size || curBytes + b > MAX_BODY_BYTES)) {
      out.push(cur);
      cur = [];
      curBytes = 16;
    }
    cur.push(r);
    curBytes += b;
  }
  if (cur.length) out.push(cur);
  return out;
}
