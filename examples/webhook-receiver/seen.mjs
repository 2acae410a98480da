// The webhook-ids already accepted, so a retry of a delivered event is answered without being
// processed again. The collector retries with the same webhook-id whenever it did not get a 2xx in
// time (a lost answer, a 15 s timeout, a lapsed lease), and a dashboard re-send reuses it too.
import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

/**
 * How long an id is remembered: longer than the collector can take from an event's first attempt to
 * its last. Its schedule (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h, each ±10 %) spans 3 days
 * 4 h (3 days 11 h at +10 %); with a Retry-After (honoured up to 24 h) before every retry, 9 days 2 h.
 */
export const SEEN_WINDOW_MS = 10 * 24 * 3_600_000;
/** At most this many ids are kept (about 125 bytes each in memory, so 25 MB at most); the oldest go first. */
export const SEEN_MAX = 200_000;

/**
 * The set of accepted ids, in memory and, with `file`, appended to it one JSON line per id. The file is
 * read and compacted (expired ids dropped) at start, and compacted again when it has grown to twice the
 * live ids. Throws when the file cannot be read or written (the caller decides what that means).
 * @example const seen = seenIds({ file: 'seen.ndjson' }); if (!seen.has(id)) seen.add(id);
 * @param {{ file?: string, now?: () => number, windowMs?: number, max?: number }} [o]
 */
export function seenIds({ file, now = Date.now, windowMs = SEEN_WINDOW_MS, max = SEEN_MAX } = {}) {
  /** id → when it was accepted (ms); a Map iterates in insertion order, so the oldest come first. */
  const seen = new Map();
  let lines = 0;

  const prune = (t) => {
    for (const [id, at] of seen) {
      if (seen.size <= max && at > t - windowMs) break;
      seen.delete(id);
    }
  };
  const compact = () => {
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, [...seen].map(([id, at]) => `${JSON.stringify({ id, at })}\n`).join(''));
    // A rename replaces the file in one step: a crash leaves the old file or the new one, never half.
    renameSync(tmp, file);
    lines = seen.size;
  };

  if (file) {
    if (existsSync(file)) {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        let entry;
        try {
          entry = JSON.parse(line);
        } catch {
          // An empty line, or a last line cut short by a crash while it was written: nothing to keep.
          continue;
        }
        if (typeof entry?.id === 'string' && Number.isFinite(entry.at) && !seen.has(entry.id)) seen.set(entry.id, entry.at);
      }
    }
    prune(now());
    compact();
  }

  return {
    /** True when `id` was accepted within the window. */
    has(id) {
      prune(now());
      return seen.has(id);
    },
    /**
     * Remembers `id`. With a file, the line is appended before this returns (so a restart right after
     * the answer still knows the id); when that fails it throws and the id is not remembered either.
     */
    add(id) {
      const at = now();
      if (file) {
        appendFileSync(file, `${JSON.stringify({ id, at })}\n`);
        lines++;
      }
      seen.set(id, at);
      prune(at);
      if (file && lines > 2 * Math.max(seen.size, 1_000)) {
        try {
          compact();
        } catch {
          // The id is appended and remembered already; the file stays longer and is compacted next time.
        }
      }
    },
    get size() {
      return seen.size;
    },
  };
}
