// Files this web node is still reading after answering 202. Next bundles its own copy of lib/ beside server.ts's
// (see lib/db.ts), so the set lives on globalThis: the route handler adds to it, server.ts waits on it at shutdown.
const KEY = Symbol.for('tally.stagingInFlight');
type Holder = { [KEY]?: Set<Promise<unknown>> };

function inFlight(): Set<Promise<unknown>> {
  const g = globalThis as Holder;
  return (g[KEY] ??= new Set());
}

export function trackStaging(work: Promise<unknown>): void {
  const set = inFlight();
  set.add(work);
  void work.finally(() => set.delete(work));
}

/** Resolves when every file being read now (and any started meanwhile) is done. */
export async function stagingDone(): Promise<void> {
  while (inFlight().size > 0) await Promise.allSettled([...inFlight()]);
}

export function stagingCount(): number {
  return inFlight().size;
}
