// A read that many clients ask for at once (a drill-down level every deep-view dashboard refetches when a push
// arrives, the NIST report) is built once per version and key: requests meanwhile share the build in flight, and
// a value at or past the current version is served again without touching the database's heavy read.

export class BuiltPerVersion<T extends { version: number }> {
  private readonly done = new Map<string, T>();
  private readonly building = new Map<string, Promise<T>>();

  constructor(private readonly maxKeys: number) {}

  get(key: string, current: number, build: () => Promise<T>): Promise<T> {
    const hit = this.done.get(key);
    if (hit && hit.version >= current) return Promise.resolve(hit);
    let pending = this.building.get(key);
    if (!pending) {
      pending = build()
        .then((value) => {
          const prev = this.done.get(key);
          if (!prev || value.version >= prev.version) {
            // Re-inserted last: the map's order is least recently built first.
            this.done.delete(key);
            if (this.done.size >= this.maxKeys) this.done.delete(this.done.keys().next().value!);
            this.done.set(key, value);
          }
          return value;
        })
        .finally(() => this.building.delete(key));
      this.building.set(key, pending);
    }
    return pending;
  }
}
