// Where the write path spends its time, per part of storeBatch, in this process: `npm run
// bench:collector` prints it per answer, so every change to the write path shows its price. Wall time:
// on PostgreSQL, where groups overlap, the parts of concurrent groups add up to more than the elapsed time.

const COSTS = { parts: {} as Record<string, number>, answers: 0, batches: 0, transactions: 0 };

/** Milliseconds per part, and how many answers, batches and transactions they were spent on. */
export const writeCosts = () => ({ parts: { ...COSTS.parts }, answers: COSTS.answers, batches: COSTS.batches, transactions: COSTS.transactions });

export function resetWriteCosts() {
  COSTS.parts = {};
  COSTS.answers = COSTS.batches = COSTS.transactions = 0;
}

/** Adds the time since `t` to `part`; returns now (the start of the next part). */
export function lap(part: string, t: number): number {
  const now = performance.now();
  COSTS.parts[part] = (COSTS.parts[part] ?? 0) + (now - t);
  return now;
}

/** Counts one committed transaction of `batches` batches holding `answers` answers. */
export function committed(batches: number, answers: number) {
  COSTS.transactions++;
  COSTS.batches += batches;
  COSTS.answers += answers;
}
