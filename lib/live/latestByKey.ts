/**
 * Keeps only the newest value per key and hands them over in one batch every `everyMs` (only when there are any):
 * a burst of progress messages for one upload becomes one entry per upload per period.
 */
export class LatestByKey<T> {
  private pending = new Map<string, T>();
  private timer: NodeJS.Timeout;

  constructor(everyMs: number, private readonly onBatch: (items: T[]) => void) {
    this.timer = setInterval(() => this.flush(), everyMs);
    this.timer.unref();
  }

  put(key: string, value: T): void {
    this.pending.set(key, value);
  }

  flush(): void {
    if (this.pending.size === 0) return;
    const items = [...this.pending.values()];
    this.pending.clear();
    this.onBatch(items);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
