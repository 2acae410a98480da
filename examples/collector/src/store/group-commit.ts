// Group commit: work that arrives while a transaction runs waits, and the next transaction does all of
// it, in arrival order. On SQLite every commit is a WAL sync on the event loop's thread (synchronous =
// FULL), which limited the collector to about a hundred batches a second; a group pays it once.
// PostgreSQL runs several groups at once (its commits overlap). No database library does this: it is
// the store's queue of work, not a driver's.

/** How a store runs a group of jobs. */
export interface GroupRunner<J, R> {
  /**
   * Runs the jobs, in order, in one transaction; resolves with their results once it is committed.
   * `slot`: which of the `parallel` groups this is (0 to parallel − 1): no two running groups share one.
   */
  run: (jobs: J[], slot: number) => Promise<R[]>;
  /** How much a job weighs (records): a group holds at most `limit` (a heavier job goes alone). */
  weight: (job: J) => number;
  limit: number;
  /** How many groups may run at once. */
  parallel: number;
  /** An error worth trying again after a pause (a deadlock, a serialization failure). */
  retryable: (e: unknown) => boolean;
}

interface Waiting<J, R> {
  job: J;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}
interface Queue<J, R> {
  runner: GroupRunner<J, R>;
  waiting: Array<Waiting<J, R>>;
  active: number;
  /** The slots no running group holds. */
  free: number[];
  scheduled: boolean;
  /** Called whenever the queue has nothing waiting and nothing running. */
  idle: Array<() => void>;
}
const QUEUES = new WeakMap<object, Queue<never, never>>();

/**
 * Queues `job` on the queue of `key` (the database) and resolves with its result once the group
 * holding it is committed. A group that fails as a whole is tried again job by job, so one job's
 * failure never fails the others; a job alone is tried again up to five times on a retryable error.
 */
export function inGroup<J, R>(key: object, runner: GroupRunner<J, R>, job: J): Promise<R> {
  let q = QUEUES.get(key) as Queue<J, R> | undefined;
  if (!q) QUEUES.set(key, (q = { runner, waiting: [], active: 0, free: Array.from({ length: runner.parallel }, (_, i) => i), scheduled: false, idle: [] }) as unknown as Queue<never, never>);
  const queue = q;
  return new Promise<R>((resolve, reject) => {
    queue.waiting.push({ job, resolve, reject });
    schedule(queue);
  });
}

function schedule<J, R>(q: Queue<J, R>) {
  if (q.scheduled || !q.waiting.length || q.active >= q.runner.parallel) return;
  q.scheduled = true;
  // A turn of the event loop first: the requests that arrived together join one group.
  setImmediate(() => {
    q.scheduled = false;
    if (!q.waiting.length || q.active >= q.runner.parallel) return;
    const group: Array<Waiting<J, R>> = [];
    let weight = 0;
    while (q.waiting.length && (!group.length || weight + q.runner.weight(q.waiting[0]!.job) <= q.runner.limit)) {
      const w = q.waiting.shift()!;
      weight += q.runner.weight(w.job);
      group.push(w);
    }
    q.active++;
    const slot = q.free.pop()!;
    void runGroup(q.runner, group, slot)
      // runGroup settles every job itself; this is insurance that no caller is left waiting.
      .catch((e) => group.forEach((w) => w.reject(e)))
      .finally(() => {
        q.active--;
        q.free.push(slot);
        schedule(q);
        if (!q.active && !q.waiting.length) for (const done of q.idle.splice(0)) done();
      });
    schedule(q);
  });
}

async function runGroup<J, R>(runner: GroupRunner<J, R>, group: Array<Waiting<J, R>>, slot: number) {
  if (group.length === 1) return alone(runner, group[0]!, slot);
  let results: R[];
  try {
    results = await runner.run(group.map((w) => w.job), slot);
  } catch {
    // The group failed as a whole (a deadlock, a broken job): each job is tried again on its own;
    // its own error, if any, reaches its caller.
    for (const w of group) await alone(runner, w, slot);
    return;
  }
  group.forEach((w, i) => w.resolve(results[i]!));
}

/** One job in a transaction of its own, tried again (five times at most, with backoff and jitter) on a retryable error. */
async function alone<J, R>(runner: GroupRunner<J, R>, w: Waiting<J, R>, slot: number) {
  for (let attempt = 1; ; attempt++) {
    try {
      return w.resolve((await runner.run([w.job], slot))[0]!);
    } catch (e) {
      if (attempt >= 5 || !runner.retryable(e)) return w.reject(e);
      await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20));
    }
  }
}

/**
 * Resolves once the queue of `key` has nothing waiting and nothing running: a collector closing its
 * database first lets the batches already accepted (their clients may have gone) be written.
 */
export function drained(key: object): Promise<void> {
  const q = QUEUES.get(key);
  if (!q || (!q.active && !q.waiting.length)) return Promise.resolve();
  return new Promise((resolve) => q.idle.push(resolve));
}
