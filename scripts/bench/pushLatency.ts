// A Socket.IO client that keeps the live tally the way the dashboard does and times every delta it receives.
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents, TallyDelta } from '../../lib/events';
import { applyDelta, emptyState, stateFromSnapshot, type TallyState } from '../../lib/tally/tallyState';
import { percentile } from './stats';

export interface ReceivedDelta {
  /** Wall-clock ms when the client got it. */
  receivedAt: number;
  from: number;
  to: number;
  /** Receive time minus the commit time of the delta's last version (same machine clock). */
  latencyMs: number;
  cells: number;
  bytes: number;
}

export interface PushStats {
  deltas: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  /** Most deltas received within any 1 s window (coalescing keeps this near 1000 / DELTA_FLUSH_MS). */
  maxDeltasPerSecond: number;
  meanDeltaBytes: number;
  resyncs: number;
}

/** Wall clock with sub-millisecond resolution. */
export const wallNow = () => performance.timeOrigin + performance.now();

export class PushWatcher {
  state: TallyState = emptyState();
  readonly deltas: ReceivedDelta[] = [];
  resyncs = 0;
  private readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  private waiters: { version: number; resolve: (at: number) => void }[] = [];
  private reachedAt = new Map<number, number>();

  private constructor(baseUrl: string, contest: string) {
    // Watches one contest, as a dashboard does (the default contest "" unless told).
    this.socket = io(baseUrl, { transports: ['websocket'], reconnection: false, auth: { region: null, contest } });
    this.socket.on('tally:snapshot', (snap) => {
      this.state = stateFromSnapshot(snap);
      this.settle(wallNow());
    });
    this.socket.on('tally:delta', (delta: TallyDelta) => {
      const receivedAt = wallNow();
      this.deltas.push({
        receivedAt,
        from: delta.from,
        to: delta.to,
        latencyMs: receivedAt - Date.parse(delta.updatedAt),
        cells: delta.cells.length,
        bytes: JSON.stringify(delta).length,
      });
      const next = applyDelta(this.state, delta);
      if (next === 'resync') {
        this.resyncs++;
        this.socket.emit('tally:resync');
        return;
      }
      this.state = next;
      this.settle(receivedAt);
    });
  }

  static async connect(baseUrl: string, contest = ''): Promise<PushWatcher> {
    const w = new PushWatcher(baseUrl, contest);
    await new Promise<void>((resolve, reject) => {
      w.socket.once('tally:snapshot', () => resolve());
      w.socket.once('connect_error', reject);
    });
    return w;
  }

  /** Resolves with the wall-clock time the client's state first reached `version`. */
  reached(version: number, timeoutMs = 60_000): Promise<number> {
    if (this.state.version >= version) return Promise.resolve(this.reachedAt.get(version) ?? wallNow());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`socket stayed at version ${this.state.version}, expected ${version}`)), timeoutMs);
      this.waiters.push({ version, resolve: (at) => (clearTimeout(timer), resolve(at)) });
    });
  }

  private settle(at: number): void {
    this.reachedAt.set(this.state.version, at);
    const due = this.waiters.filter((w) => this.state.version >= w.version);
    this.waiters = this.waiters.filter((w) => this.state.version < w.version);
    for (const w of due) w.resolve(at);
  }

  stats(): PushStats {
    const latencies = this.deltas.map((d) => d.latencyMs);
    return {
      deltas: this.deltas.length,
      latencyP50Ms: percentile(latencies, 0.5),
      latencyP99Ms: percentile(latencies, 0.99),
      latencyMaxMs: latencies.length ? Math.max(...latencies) : NaN,
      maxDeltasPerSecond: maxPerWindow(this.deltas.map((d) => d.receivedAt), 1000),
      meanDeltaBytes: this.deltas.length ? this.deltas.reduce((n, d) => n + d.bytes, 0) / this.deltas.length : 0,
      resyncs: this.resyncs,
    };
  }

  close(): void {
    this.socket.close();
  }
}

/** Most timestamps (sorted ascending) inside any window of `windowMs`. */
export function maxPerWindow(times: number[], windowMs: number): number {
  let best = 0;
  for (let lo = 0, hi = 0; hi < times.length; hi++) {
    while (times[hi] - times[lo] >= windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}
