/** A tiny typed event emitter; a throwing listener is reported, never allowed to break the SDK or its caller. */
export function createEmitter<Events extends object>() {
  const listeners = new Map<keyof Events, Set<(detail: never) => void>>();
  return {
    on<K extends keyof Events>(type: K, fn: (detail: Events[K]) => void): () => void {
      let set = listeners.get(type);
      if (!set) listeners.set(type, (set = new Set()));
      set.add(fn as (detail: never) => void);
      return () => void set.delete(fn as (detail: never) => void);
    },
    emit<K extends keyof Events>(type: K, detail: Events[K]): void {
      for (const fn of [...(listeners.get(type) ?? [])]) {
        try {
          (fn as (d: Events[K]) => void)(detail);
        } catch (e) {
          console.error(`[aftercare] a "${String(type)}" listener threw:`, e);
        }
      }
    },
    clear() {
      listeners.clear();
    },
  };
}
