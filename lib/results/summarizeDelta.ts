// What one ledger version changed, from its region-level delta cells. Pure: the ledger API and its tests share it.
import type { TallyCell } from '../events';

export interface RegionChange {
  region: string;
  /** Net change of all votes (valid + blank + null) in the region. */
  votes: number;
}

export interface CandidateDecrease {
  region: string;
  candidate: string;
  /** Negative: how much the candidate's valid votes in the region went down. */
  votes: number;
}

export interface DeltaSummary {
  /** Regions whose votes changed (net ≠ 0), by name (Spanish collation). */
  regions: RegionChange[];
  /** Net change of all votes. */
  votes: number;
  /** Valid candidate cells whose net change is below zero, largest drop first. */
  decreases: CandidateDecrease[];
}

const collator = new Intl.Collator('es');

/** Cells are netted by key first, so a delta that names a cell twice (+5 and -3) counts as +2, not as a decrease. */
export function summarizeDelta(cells: readonly TallyCell[]): DeltaSummary {
  const byRegion = new Map<string, number>();
  const byCandidate = new Map<string, CandidateDecrease>();
  let votes = 0;
  for (const [region, candidate, status, n] of cells) {
    if (!n) continue;
    votes += n;
    byRegion.set(region, (byRegion.get(region) ?? 0) + n);
    if (status !== 'valid') continue;
    const key = `${region}\u0000${candidate}`;
    const c = byCandidate.get(key);
    if (c) c.votes += n;
    else byCandidate.set(key, { region, candidate, votes: n });
  }
  return {
    regions: [...byRegion]
      .filter(([, n]) => n !== 0)
      .map(([region, n]) => ({ region, votes: n }))
      .sort((a, b) => collator.compare(a.region, b.region)),
    votes,
    decreases: [...byCandidate.values()]
      .filter((c) => c.votes < 0)
      .sort((a, b) => a.votes - b.votes || collator.compare(a.region, b.region) || collator.compare(a.candidate, b.candidate)),
  };
}
