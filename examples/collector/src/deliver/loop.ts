// The polling loop both outboxes run (webhooks, invitations): a pass claims and handles what is due;
// after an empty pass it waits `pollMs`, or less when a commit wakes it; a pass that failed (a store
// hiccup: restart, failover) is logged and the next one tries again. Stopping ends the wait at once
// and resolves when the pass in flight has recorded its outcomes.
export function pollingLoop(runOnce: () => Promise<number>, o: { pollMs: number; name: string }) {
  let stopped = false;
  let running: Promise<void> | null = null;
  let wakeUp: (() => void) | null = null;
  let woken = false;

  async function loop() {
    while (!stopped) {
      let n = 0;
      try {
        n = await runOnce();
      } catch (e) {
        if (!stopped) console.error(`[aftercare collector] ${o.name}:`, (e as Error).message);
      }
      if (n > 0 || stopped) continue;
      if (woken) {
        woken = false;
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, o.pollMs);
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wakeUp = null;
    }
  }

  return {
    start() {
      if (!running) running = loop();
    },
    /** Something may be due now (a commit, a moved test clock): look rather than wait for the next poll. */
    wake() {
      woken = true;
      wakeUp?.();
    },
    /** Ends the wait and stops claiming; `beforeWait` runs first (e.g. closing a mail pool), then the pass in flight is awaited. */
    async stop(beforeWait?: () => void) {
      stopped = true;
      wakeUp?.();
      beforeWait?.();
      await running;
    },
  };
}
