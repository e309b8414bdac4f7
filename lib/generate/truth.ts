// What the product must count for a corpus uploaded in a given order.
import type { VoteStatus } from '../ingest/types';
import { compareText, type CorpusFile, type CorpusRow } from './corpus';

/** [region, candidate, status, votes]; candidate "" for blank and null (region-level totals per status). */
export type TruthCell = [region: string, candidate: string, status: VoteStatus, votes: number];

export interface Truth {
  /** File names in the order they were counted (the upload order). */
  files: string[];
  rows: number;
  votesCounted: number;
  /** Rows whose voter id an earlier row (by upload order, then row number) already has. */
  duplicatesRejected: number;
  totals: Record<VoteStatus, number>;
  /** Sorted by region, candidate, status (code-unit order). */
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

/**
 * Counts rows as the product does: a voter id counts once, for its first row in upload order; every later row with
 * it is a duplicate and adds nothing. Rows without a voter id always count. Feed files in upload order.
 */
export class TruthCounter {
  private readonly files: string[] = [];
  private readonly seen = new GrowableBitset();
  private readonly votes = new Map<string, number>();
  private rows = 0;
  private duplicates = 0;

  startFile(name: string): void {
    this.files.push(name);
  }

  add(row: CorpusRow): void {
    this.rows++;
    if (row.voterKey >= 0) {
      if (this.seen.has(row.voterKey)) {
        this.duplicates++;
        return;
      }
      this.seen.add(row.voterKey);
    }
    const key = row.region + SEP + row.candidate + SEP + row.status;
    this.votes.set(key, (this.votes.get(key) ?? 0) + row.votes);
  }

  result(): Truth {
    const totals: Record<VoteStatus, number> = { valid: 0, blank: 0, null: 0 };
    const cells: TruthCell[] = [];
    for (const [key, votes] of this.votes) {
      const [region, candidate, status] = key.split(SEP) as [string, string, VoteStatus];
      totals[status] += votes;
      cells.push([region, candidate, status, votes]);
    }
    cells.sort((a, b) => compareText(a[0], b[0]) || compareText(a[1], b[1]) || compareText(a[2], b[2]));
    return {
      files: [...this.files],
      rows: this.rows,
      votesCounted: totals.valid + totals.blank + totals.null,
      duplicatesRejected: this.duplicates,
      totals,
      cells,
    };
  }
}

const SEP = '\u0000';

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

/** truth.json: one cell per line, so that two truths diff line by line. */
export function formatTruth(truth: Truth): string {
  const { cells, ...head } = truth;
  const lines = cells.map((cell) => `    ${JSON.stringify(cell)}`);
  const top = JSON.stringify(head, null, 2).replace(/\n}$/, '');
  return `${top},\n  "cells": [\n${lines.join(',\n')}\n  ]\n}\n`;
}
