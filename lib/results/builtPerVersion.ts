// A read that many clients ask for at once (a drill-down level every deep-view dashboard refetches when a push
// arrives, the NIST report) is built once per version and key: requests meanwhile share the build in flight, and
// a value at or past the current version is served again without touching the database's heavy read.

export class BuiltPerVersion<T extends { version: number }> {
  private readonly done = new Map<string, T>();
  /** Builds in flight, with the version that was current when each started (its value is at least that). */
  private readonly building = new Map<string, { from: number; value: Promise<T> }>();

  constructor(private readonly maxKeys: number) {}

  get(key: string, current: number, build: () => Promise<T>): Promise<T> {
    const hit = this.done.get(key);
    if (hit && hit.version >= current) return Promise.resolve(hit);
    const inFlight = this.building.get(key);
    // A build started before `current` may read the state before it: a client refetching because of that
    // version's push would get the old value and keep it until the next push. Only a build from then on is shared.
    if (inFlight && inFlight.from >= current) return inFlight.value;
    const value = build().then((v) => {
      const prev = this.done.get(key);
      if (!prev || v.version >= prev.version) {
        // Re-inserted last: the map's order is least recently built first.
        this.done.delete(key);
        if (this.done.size >= this.maxKeys) this.done.delete(this.done.keys().next().value!);
        this.done.set(key, v);
      }
      return v;
    });
    const entry = { from: current, value };
    this.building.set(key, entry);
    // Only this build's own entry is cleared: a later one may have replaced it meanwhile.
    const clear = () => this.building.get(key) === entry && this.building.delete(key);
    value.then(clear, clear);
    return value;
  }
}
