import type { Redis } from 'ioredis';
import {
  CHANNEL,
  channelName,
  type AreaCell,
  type AreaDelta,
  type AreaSnapshot,
  type CommittedDelta,
  type ContestAreaCell,
  type ContestCell,
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
  /** One per contest per flush (empty cells for a contest that did not change: its clients' version moves on). */
  onDelta: (delta: TallyDelta) => void;
  /** One per contest and region with changes, after the contest's delta of the same flush. */
  onAreaDelta?: (delta: AreaDelta) => void;
  onProgress: (progress: UploadProgress) => void;
  /** After a reset: the node's fresh state is in place; every client's must be replaced (snapshot(contest)). */
  onReset: () => void;
  /** An admin changed the results status. */
  onStatus?: (status: { status: ResultsStatusValue }) => void;
  /** Station reports changed in the versions of this flush (stations reporting may have moved). */
  onStations?: (version: number) => void;
  /** A contest was added or changed. */
  onContests?: () => void;
  /** Per version pushed: seconds from its commit (the delta's `at`) to this push (metrics: delta lag). */
  onLag?: (seconds: number) => void;
}

/** One contest's state as this node's clients have it, and the changes gathered since the last push. */
class ContestView {
  publishedCells = new Map<string, TallyCell>();
  /** The published cells as a list, made when a snapshot is asked for after a change. */
  private cellList: TallyCell[] | null = [];
  pending = new Map<string, TallyCell>();
  /** District-level state per region, at the published version, and changes gathered since. */
  areas = new Map<string, Map<string, AreaCell>>();
  pendingAreas = new Map<string, Map<string, AreaCell>>();
  /** Version of the last push that changed something under each region (AreaDelta.after). */
  areaChangedAt = new Map<string, number>();

  cells(): TallyCell[] {
    return (this.cellList ??= [...this.publishedCells.values()]);
  }

  publish(cells: readonly TallyCell[]): void {
    if (cells.length === 0) return;
    addCells(this.publishedCells, cells);
    this.cellList = null;
  }

  /** publishedCells was changed directly (a reload). */
  invalidate(): void {
    this.cellList = null;
  }
}

/**
 * A web node's live view of the tallies of every contest. Holds the state its clients have (published), gathers
 * committed deltas from Redis in order (filling any gap from tally_delta), and every flushMs emits them as ONE
 * coalesced delta per contest. Versions count every contest's changes, so all contests stand at one version;
 * snapshots for new clients come from the published state, so a snapshot and the deltas after it always line up.
 */
export class DeltaRelay {
  private version = 0;
  private updatedAt: string | null = null;
  private views = new Map<string, ContestView>();
  /** Highest version received (>= version). */
  private received = 0;
  /** Version of the last reload: no region changed between it and its first push. */
  private reloadedAt = 0;
  private pendingAt: string | null = null;
  private pendingStations = false;
  /** A delta named a contest this node had not seen. */
  private pendingContest = false;
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
    const contests = channelName(prefix, CHANNEL.contests);
    subscriber.on('message', (channel: string, message: string) => {
      if (channel === deltas) this.enqueue(() => this.receive(JSON.parse(message) as CommittedDelta));
      else if (channel === progress) this.opts.onProgress(JSON.parse(message) as UploadProgress);
      else if (channel === reset) this.enqueue(() => this.afterReset());
      else if (channel === status) this.opts.onStatus?.(JSON.parse(message) as { status: ResultsStatusValue });
      else if (channel === contests) this.opts.onContests?.();
    });
    // Subscribe before reading the snapshot: anything committed after the read arrives as a message or is gap-filled.
    await subscriber.subscribe(deltas, progress, reset, status, contests);
    await this.reload();
    this.timers.push(setInterval(() => this.enqueue(() => this.flush()), this.opts.flushMs));
    this.timers.push(setInterval(() => this.enqueue(() => this.catchUp()), this.opts.checkMs ?? 2000));
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
  }

  /** The published version (every contest stands at it). */
  publishedVersion(): number {
    return this.version;
  }

  /** Contests with any votes at the published version (and any that had some since the last reload). */
  contests(): string[] {
    return [...this.views.keys()];
  }

  snapshot(contest = ''): TallySnapshot {
    return { contest, version: this.version, updatedAt: this.updatedAt, cells: this.views.get(contest)?.cells() ?? [] };
  }

  /** Everything under one region of a contest at the published version: what a drill-down client starts from. */
  areaSnapshot(region: string, contest = ''): AreaSnapshot {
    const cells = this.views.get(contest)?.areas.get(region);
    return { contest, region, version: this.version, updatedAt: this.updatedAt, cells: cells ? [...cells.values()] : [] };
  }

  /** Re-read the whole state (at start, and after a reset makes deltas meaningless). */
  async reload(): Promise<void> {
    const state = await getFullState();
    this.views = new Map();
    for (const [contest, ...cell] of state.cells) addCell(this.view(contest).publishedCells, cell as TallyCell);
    for (const [contest, ...cell] of state.areaCells) addCell(areaMap(this.view(contest).areas, cell[0]), cell as AreaCell);
    for (const view of this.views.values()) view.invalidate();
    this.version = state.version;
    this.updatedAt = state.updatedAt;
    this.reloadedAt = state.version;
    this.received = state.version;
    this.pendingStations = false;
    this.pendingCommitTimes = [];
  }

  private view(contest: string): ContestView {
    let v = this.views.get(contest);
    if (!v) this.views.set(contest, (v = new ContestView()));
    return v;
  }

  /**
   * A reset replaces the state: reload it (zero, or already a little past zero) and hand it to every client whole.
   * A node that misses this message still ends right: the ledger's reset delta takes every cell to zero.
   */
  private async afterReset(): Promise<void> {
    await this.reload();
    this.opts.onReset();
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
    for (const c of d.cells) if (!this.views.has(c[0])) this.pendingContest = true;
    for (const [contest, ...cell] of d.cells as ContestCell[]) addCell(this.view(contest).pending, cell as TallyCell);
    for (const [contest, ...cell] of (d.detail ?? []) as ContestAreaCell[]) addCell(areaMap(this.view(contest).pendingAreas, cell[0]), cell as AreaCell);
    this.pendingAt = d.at;
    if (d.stations) this.pendingStations = true;
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
    if (this.received === this.version) return;
    const from = this.version;
    const to = this.received;
    const updatedAt = this.pendingAt!;
    this.version = to;
    this.updatedAt = updatedAt;
    const deltas: TallyDelta[] = [];
    for (const [contest, view] of this.views) {
      const cells = [...view.pending.values()];
      view.pending.clear();
      view.publish(cells);
      deltas.push({ contest, from, to, updatedAt, cells });
    }
    for (const delta of deltas) this.opts.onDelta(delta);
    if (this.opts.onLag) {
      const now = Date.now();
      for (const at of this.pendingCommitTimes) this.opts.onLag((now - Date.parse(at)) / 1000);
      this.pendingCommitTimes = [];
    }
    for (const [contest, view] of this.views) {
      for (const [region, changes] of view.pendingAreas) {
        const cells = [...changes.values()];
        if (cells.length === 0) continue;
        const area = areaMap(view.areas, region);
        addCells(area, cells);
        if (area.size === 0) view.areas.delete(region);
        const after = view.areaChangedAt.get(region) ?? this.reloadedAt;
        view.areaChangedAt.set(region, to);
        this.opts.onAreaDelta?.({ contest, region, after, to, updatedAt, cells });
      }
      view.pendingAreas.clear();
    }
    if (this.pendingContest) {
      this.pendingContest = false;
      this.opts.onContests?.();
    } else if (this.pendingStations) this.opts.onStations?.(to);
    this.pendingStations = false;
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
