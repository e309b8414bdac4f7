// What the product must count for a corpus uploaded in a given order.
import type { VoteStatus } from '../ingest/types';
import { compareText, type CorpusFile, type CorpusRow } from './corpus';

/** [region, candidate, status, votes]; candidate "" for blank and null (region-level totals per status). */
export type TruthCell = [region: string, candidate: string, status: VoteStatus, votes: number];

/** One contest's count. */
export interface ContestTruth {
  totals: Record<VoteStatus, number>;
  /** Sorted like Truth.cells; no cell with 0 votes. */
  cells: TruthCell[];
}

/** How the polling stations' reports were counted (a report: the rows of one contest + station in one file). */
export interface StationsTruth {
  /** Distinct stations that have rows. */
  total: number;
  /** Per contest: stations whose report of it counts at the end. */
  reportedPerContest: Record<string, number>;
  /** Reports held, not counted: more votes than the station's registered voters, or fewer than the counted
   * report's (a lower correction). */
  held: number;
  /** Reports that replaced the counted report of their contest + station. */
  corrections: number;
}

export interface Truth {
  /** File names in the order they were counted (the upload order). */
  files: string[];
  rows: number;
  /** All votes counted (every contest's, for a corpus with several). */
  votesCounted: number;
  /** Rows whose voter id an earlier row (by upload order, then row number) already has. */
  duplicatesRejected: number;
  /** Summed over contests. */
  totals: Record<VoteStatus, number>;
  /** Station corpora only: the registered voters of the distinct stations that have rows. */
  registeredVoters?: number;
  /** Station corpora only. */
  stations?: StationsTruth;
  /** Corpora whose rows name a contest or a station only: each contest's count, by name in code-unit order ("" for
   * rows without a contest). */
  contests?: Record<string, ContestTruth>;
  /** Sorted by region, candidate, status (code-unit order). Summed over contests (what a count that ignores the
   * contest column gives; peru-stations' candidate names differ between contests); no cell with 0 votes. */
  cells: TruthCell[];
}

/** The truth for these files uploaded in this order. Regenerates every row; nothing is read from disk. */
export function computeTruth(files: readonly CorpusFile[]): Truth {
  const counter = new TruthCounter();
  for (const file of files) {
    counter.startFile(file.name);
    for (const row of file.rows()) counter.add(row);
  }
  return counter.result();
}

/** A station report being read: its cells' ids and votes in pairs. */
interface PendingReport {
  contest: string;
  station: string;
  total: number;
  pairs: number[];
}

/** The counted report of a contest + station: its total and where its pairs sit in the pool. */
interface CountedReport {
  contest: string;
  total: number;
  offset: number;
  length: number;
}

/**
 * Counts rows as the product does. Feed files in upload order.
 *
 * Ballot rows (no station): a voter id counts once, for its first row in upload order; every later row with it is
 * a duplicate and adds nothing. Rows without a voter id always count.
 *
 * Station rows: the rows of one contest + station in one file are one report, decided when the file ends. A
 * report with more votes (valid + blank + null) than the station's registered voters is held; so is one with
 * fewer votes than the counted report of its contest + station; any other replaces the counted report (a
 * correction) or, when there is none, is counted.
 */
export class TruthCounter {
  private readonly files: string[] = [];
  private readonly seen = new GrowableBitset();
  private rows = 0;
  private duplicates = 0;
  /** contest SEP region SEP candidate SEP status → id into cellKeys/cellVotes. */
  private readonly cellIds = new Map<string, number>();
  private readonly cellKeys: string[] = [];
  private readonly cellVotes: number[] = [];
  private withContests = false;
  // Station reports.
  private readonly registered = new Map<string, number>();
  private pending = new Map<string, PendingReport>();
  private readonly counted = new Map<string, CountedReport>();
  private readonly contestsReported = new Set<string>();
  /** Counted reports' [cell id, votes] pairs; a replaced report's stay, unreferenced (corrections are few). */
  private pool = new Int32Array(1 << 16);
  private poolLength = 0;
  private held = 0;
  private corrections = 0;

  startFile(name: string): void {
    this.decideReports();
    this.files.push(name);
  }

  add(row: CorpusRow): void {
    this.rows++;
    const contest = row.contest ?? '';
    if (contest.length > 0) this.withContests = true;
    if (row.station) {
      this.addStationRow(row, contest, row.station);
      return;
    }
    if (row.voterKey >= 0) {
      if (this.seen.has(row.voterKey)) {
        this.duplicates++;
        return;
      }
      this.seen.add(row.voterKey);
    }
    this.cellVotes[this.cellId(contest, row)] += row.votes;
  }

  result(): Truth {
    this.decideReports();
    const totals = zeroTotals();
    const summed = new Map<string, number>();
    const contests = new Map<string, ContestTruth>();
    for (let id = 0; id < this.cellKeys.length; id++) {
      const votes = this.cellVotes[id];
      const key = this.cellKeys[id];
      const [contest, region, candidate, status] = key.split(SEP) as [string, string, string, VoteStatus];
      let perContest = contests.get(contest);
      if (perContest === undefined) contests.set(contest, (perContest = { totals: zeroTotals(), cells: [] }));
      if (votes === 0) continue;
      totals[status] += votes;
      perContest.totals[status] += votes;
      perContest.cells.push([region, candidate, status, votes]);
      const summedKey = key.slice(contest.length + 1);
      summed.set(summedKey, (summed.get(summedKey) ?? 0) + votes);
    }
    const cells: TruthCell[] = [];
    for (const [key, votes] of summed) {
      const [region, candidate, status] = key.split(SEP) as [string, string, VoteStatus];
      cells.push([region, candidate, status, votes]);
    }
    cells.sort(compareCells);
    const truth: Truth = {
      files: [...this.files],
      rows: this.rows,
      votesCounted: totals.valid + totals.blank + totals.null,
      duplicatesRejected: this.duplicates,
      totals,
      cells,
    };
    if (this.registered.size > 0) {
      let registeredVoters = 0;
      for (const n of this.registered.values()) registeredVoters += Math.max(0, n);
      const reportedPerContest: Record<string, number> = {};
      for (const contest of [...this.contestsReported].sort(compareText)) reportedPerContest[contest] = 0;
      for (const report of this.counted.values()) reportedPerContest[report.contest]++;
      truth.registeredVoters = registeredVoters;
      truth.stations = { total: this.registered.size, reportedPerContest, held: this.held, corrections: this.corrections };
    }
    if (this.withContests || this.registered.size > 0) {
      truth.contests = {};
      for (const name of [...contests.keys()].sort(compareText)) {
        const contest = contests.get(name)!;
        contest.cells.sort(compareCells);
        truth.contests[name] = contest;
      }
    }
    return truth;
  }

  private cellId(contest: string, row: CorpusRow): number {
    const key = contest + SEP + row.region + SEP + row.candidate + SEP + row.status;
    let id = this.cellIds.get(key);
    if (id === undefined) {
      id = this.cellKeys.length;
      this.cellIds.set(key, id);
      this.cellKeys.push(key);
      this.cellVotes.push(0);
    }
    return id;
  }

  private addStationRow(row: CorpusRow, contest: string, station: string): void {
    // The first row of a station says its registered voters (-1: unknown, no limit).
    if (!this.registered.has(station)) this.registered.set(station, row.registered ?? -1);
    const key = contest + SEP + station;
    let report = this.pending.get(key);
    if (report === undefined) this.pending.set(key, (report = { contest, station, total: 0, pairs: [] }));
    report.total += row.votes;
    report.pairs.push(this.cellId(contest, row), row.votes);
    // A cell that only held reports touch stays at 0 votes: result() leaves it out.
  }

  /** Decides the reports of the file just read, in the order their first rows came (their keys all differ). */
  private decideReports(): void {
    for (const [key, report] of this.pending) {
      this.contestsReported.add(report.contest);
      const registered = this.registered.get(report.station)!;
      const current = this.counted.get(key);
      if ((registered >= 0 && report.total > registered) || (current !== undefined && report.total < current.total)) {
        this.held++;
        continue;
      }
      if (current !== undefined) {
        for (let i = current.offset; i < current.offset + current.length; i += 2) this.cellVotes[this.pool[i]] -= this.pool[i + 1];
        this.corrections++;
      }
      for (let i = 0; i < report.pairs.length; i += 2) this.cellVotes[report.pairs[i]] += report.pairs[i + 1];
      this.counted.set(key, { contest: report.contest, total: report.total, offset: this.append(report.pairs), length: report.pairs.length });
    }
    this.pending = new Map();
  }

  private append(pairs: readonly number[]): number {
    const offset = this.poolLength;
    if (offset + pairs.length > this.pool.length) {
      let size = this.pool.length;
      while (size < offset + pairs.length) size *= 2;
      const grown = new Int32Array(size);
      grown.set(this.pool.subarray(0, offset));
      this.pool = grown;
    }
    this.pool.set(pairs, offset);
    this.poolLength += pairs.length;
    return offset;
  }
}

const SEP = '\u0000';

function zeroTotals(): Record<VoteStatus, number> {
  return { valid: 0, blank: 0, null: 0 };
}

function compareCells(a: TruthCell, b: TruthCell): number {
  return compareText(a[0], b[0]) || compareText(a[1], b[1]) || compareText(a[2], b[2]);
}

/** Non-negative integers seen so far: one bit each (dni up to 10^8 → 12.5 MB), growing by doubling. */
class GrowableBitset {
  private words = new Uint32Array(1024);

  has(n: number): boolean {
    const word = n >>> 5;
    return word < this.words.length && (this.words[word] & (1 << (n & 31))) !== 0;
  }

  add(n: number): void {
    const word = n >>> 5;
    if (word >= this.words.length) {
      let size = this.words.length;
      while (size <= word) size *= 2;
      const grown = new Uint32Array(size);
      grown.set(this.words);
      this.words = grown;
    }
    this.words[word] |= 1 << (n & 31);
  }
}

/** truth.json: one cell per line (also within each contest), so that two truths diff line by line. */
export function formatTruth(truth: Truth): string {
  const { cells, contests, ...head } = truth;
  const top = JSON.stringify(head, null, 2).replace(/\n}$/, '');
  let text = top;
  if (contests !== undefined) {
    const entries = Object.entries(contests).map(
      ([name, contest]) =>
        `    ${JSON.stringify(name)}: {\n      "totals": ${JSON.stringify(contest.totals)},\n      "cells": [\n` +
        `${contest.cells.map((cell) => `        ${JSON.stringify(cell)}`).join(',\n')}\n      ]\n    }`,
    );
    text += `,\n  "contests": {\n${entries.join(',\n')}\n  }`;
  }
  const lines = cells.map((cell) => `    ${JSON.stringify(cell)}`);
  return `${text},\n  "cells": [\n${lines.join(',\n')}\n  ]\n}\n`;
}
