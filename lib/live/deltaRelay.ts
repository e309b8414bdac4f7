import type { Redis } from 'ioredis';
import {
  CHANNEL,
  channelName,
  type AreaCell,
  type AreaDelta,
  type AreaSnapshot,
  type CommittedDelta,
  type TallyCell,
  type TallyDelta,
  type TallySnapshot,
  type UploadProgress,
} from '../events';
import { getEnv } from '../env';
import type { ResultsStatusValue } from '../results/resultsStatusValues';
import { log } from '../log';
import { getCurrentVersion, getDeltasBetween, getFullState } from '../results/getSnapshot';
import { addCell, addCells } from '../tally/addCells';

export interface RelayOptions {
  /** Subscriber connection (dedicated: a subscribed ioredis connection can run nothing else). */
  subscriber: Redis;
  flushMs: number;
  /** How often to compare with the database's version, to catch a delta whose publish was lost (crash after commit). */
  checkMs?: number;
  onDelta: (delta: TallyDelta) => void;
  /** One per region with changes, after the national delta of the same flush. */
  onAreaDelta?: (delta: AreaDelta) => void;
  onProgress: (progress: UploadProgress) => void;
  /** After a reset: the node's fresh state, to replace every client's. */
  onReset: (snapshot: TallySnapshot) => void;
  /** An admin changed the results status. */
  onStatus?: (status: { status: ResultsStatusValue }) => void;
  /** Per version pushed: seconds from its commit (the delta's `at`) to this push (metrics: delta lag). */
  onLag?: (seconds: number) => void;
}

/**
 * A web node's live view of the tallies. Holds the state its clients have (`published`), gathers committed deltas
 * from Redis in order (filling any gap from tally_delta), and every flushMs emits them as ONE coalesced delta.
 * Snapshots for new clients come from `published`, so a snapshot and the deltas after it always line up.
 */
export class DeltaRelay {
  private published: TallySnapshot = { version: 0, updatedAt: null, cells: [] };
  private publishedCells = new Map<string, TallyCell>();
  /** Highest version received (>= published.version). */
  private received = 0;
  private pending = new Map<string, TallyCell>();
  /** District-level state per region, at published.version, and changes gathered since. */
  private areas = new Map<string, Map<string, AreaCell>>();
  private pendingAreas = new Map<string, Map<string, AreaCell>>();
  /** Version of the last push that changed something under each region (AreaDelta.after). */
  private areaChangedAt = new Map<string, number>();
  /** Version of the last reload: no region changed between it and its first push. */
  private reloadedAt = 0;
  private pendingAt: string | null = null;
  /** Commit times of the versions gathered since the last push (only kept when someone measures the lag). */
  private pendingCommitTimes: string[] = [];
  private chain: Promise<void> = Promise.resolve();
  private timers: NodeJS.Timeout[] = [];

  constructor(private readonly opts: RelayOptions) {}

  async start(): Promise<void> {
    const { subscriber } = this.opts;
    const prefix = getEnv().QUEUE_PREFIX;
    const deltas = channelName(prefix, CHANNEL.tallyDelta);
    const progress = channelName(prefix, CHANNEL.uploadProgress);
    const reset = channelName(prefix, CHANNEL.tallyReset);
    const status = channelName(prefix, CHANNEL.resultsStatus);
    subscriber.on('message', (channel: string, message: string) => {
      if (channel === deltas) this.enqueue(() => this.receive(JSON.parse(message) as CommittedDelta));
      else if (channel === progress) this.opts.onProgress(JSON.parse(message) as UploadProgress);
      else if (channel === reset) this.enqueue(() => this.afterReset());
      else if (channel === status) this.opts.onStatus?.(JSON.parse(message) as { status: ResultsStatusValue });
    });
    // Subscribe before reading the snapshot: anything committed after the read arrives as a message or is gap-filled.
    await subscriber.subscribe(deltas, progress, reset, status);
    await this.reload();
    this.timers.push(setInterval(() => this.enqueue(() => this.flush()), this.opts.flushMs));
    this.timers.push(setInterval(() => this.enqueue(() => this.catchUp()), this.opts.checkMs ?? 2000));
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
  }

  snapshot(): TallySnapshot {
    return this.published;
  }

  /** Everything under one region at the published version: what a drill-down client starts from. */
  areaSnapshot(region: string): AreaSnapshot {
    const cells = this.areas.get(region);
    return { region, version: this.published.version, updatedAt: this.published.updatedAt, cells: cells ? [...cells.values()] : [] };
  }

  /** Re-read the whole state (at start, and after a reset makes deltas meaningless). */
  async reload(): Promise<void> {
    const { snapshot: snap, areaCells } = await getFullState();
    this.published = snap;
    this.publishedCells = new Map();
    addCells(this.publishedCells, snap.cells);
    this.areas = new Map();
    this.pendingAreas.clear();
    this.areaChangedAt.clear();
    this.reloadedAt = snap.version;
    for (const c of areaCells) addCell(areaMap(this.areas, c[0]), c);
    this.received = snap.version;
    this.pending.clear();
    this.pendingCommitTimes = [];
  }

  /**
   * A reset replaces the state: reload it (zero, or already a little past zero) and hand it to every client whole.
   * A node that misses this message still ends right: the ledger's reset delta takes every cell to zero.
   */
  private async afterReset(): Promise<void> {
    await this.reload();
    this.opts.onReset(this.published);
  }

  /** Serialises all state changes: messages, flushes and gap fills never interleave. */
  private enqueue(task: () => Promise<void> | void): void {
    this.chain = this.chain.then(task).catch((err) => log.error({ err }, 'delta relay task failed'));
  }

  private async receive(d: CommittedDelta): Promise<void> {
    if (d.version <= this.received) return;
    if (d.version > this.received + 1) await this.fill(d.version - 1);
    this.take(d);
  }

  private async fill(upTo: number): Promise<void> {
    const missing = await getDeltasBetween(this.received, upTo);
    for (const m of missing) this.take(m);
    if (this.received < upTo) {
      // Rows gone from tally_delta (cannot happen without a reset): start over from a fresh snapshot.
      log.warn({ received: this.received, upTo }, 'delta gap not fillable, reloading snapshot');
      await this.reload();
    }
  }

  private take(d: CommittedDelta): void {
    if (d.version !== this.received + 1) return;
    addCells(this.pending, d.cells);
    for (const c of d.detail ?? []) addCell(areaMap(this.pendingAreas, c[0]), c);
    this.pendingAt = d.at;
    if (this.opts.onLag) this.pendingCommitTimes.push(d.at);
    this.received = d.version;
    // No district cells: a reset this node did not hear about (or a version older than the column). Start over.
    if (!d.detail) this.enqueue(() => this.afterReset());
  }

  private async catchUp(): Promise<void> {
    const v = await getCurrentVersion();
    if (v > this.received) await this.fill(v);
  }

  private flush(): void {
    if (this.received === this.published.version) return;
    const cells = [...this.pending.values()];
    const delta: TallyDelta = { from: this.published.version, to: this.received, updatedAt: this.pendingAt!, cells };
    addCells(this.publishedCells, cells);
    this.published = { version: this.received, updatedAt: this.pendingAt, cells: [...this.publishedCells.values()] };
    this.pending.clear();
    this.opts.onDelta(delta);
    if (this.opts.onLag) {
      const now = Date.now();
      for (const at of this.pendingCommitTimes) this.opts.onLag((now - Date.parse(at)) / 1000);
      this.pendingCommitTimes = [];
    }

    for (const [region, changes] of this.pendingAreas) {
      const cells = [...changes.values()];
      if (cells.length === 0) continue;
      const area = areaMap(this.areas, region);
      addCells(area, cells);
      if (area.size === 0) this.areas.delete(region);
      const after = this.areaChangedAt.get(region) ?? this.reloadedAt;
      this.areaChangedAt.set(region, delta.to);
      this.opts.onAreaDelta?.({ region, after, to: delta.to, updatedAt: delta.updatedAt, cells });
    }
    this.pendingAreas.clear();
  }
}

function areaMap(of: Map<string, Map<string, AreaCell>>, region: string): Map<string, AreaCell> {
  let m = of.get(region);
  if (!m) {
    m = new Map();
    of.set(region, m);
  }
  return m;
}
