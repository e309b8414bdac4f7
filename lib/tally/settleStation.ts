// Which of a polling station's reports (for one contest) counts, and which are held, decided from all of them at
// once in upload order. Pure: the same reports and facts give the same answer whatever order they were counted in,
// so a correction whose file was counted before the original's still wins, and a retraction or an admin's decision
// is just another settlement of the same reports.

export type ReportState = 'counted' | 'replaced' | 'held' | 'rejected' | 'retracted';

export interface StationReportFacts {
  id: string;
  /** Acceptance order of the report's upload: a later upload corrects an earlier one. */
  uploadSeq: number;
  state: ReportState;
  reason: string | null;
  /** An admin published it despite the checks. */
  published: boolean;
  votes: number;
  region: string;
  province: string;
  district: string;
  /** Its rows name more than one place. */
  mixedPlaces: boolean;
  /** Its upload is being retracted: it leaves the chain now. */
  retracting?: boolean;
}

export interface StationFacts {
  /** The admin's list has stations (then a station must be on it). */
  listExists: boolean;
  /** The station on the list, or null when it is not on it. */
  listed: { region: string; province: string; district: string; registered: number } | null;
  /** The contest's regions; null = everywhere. */
  scope: readonly string[] | null;
}

export interface Settled {
  /** New state and reason per report id, for the reports whose state or reason changes. */
  changes: Map<string, { state: ReportState; reason: string | null }>;
  /** The counted report before and after (ids), null for none. */
  before: string | null;
  after: string | null;
}

/** Why a report may not count as it stands (empty: it may). `current` is the report that would count before it. */
export function checkReport(r: StationReportFacts, facts: StationFacts, current: StationReportFacts | null): string[] {
  const reasons: string[] = [];
  if (r.mixedPlaces) reasons.push('its rows name more than one region, province or district');
  if (facts.scope !== null && !facts.scope.includes(r.region)) reasons.push(`the contest is not held in ${r.region}`);
  const listed = facts.listed;
  if (listed === null) {
    if (facts.listExists) reasons.push('the station is not on the stations list');
  } else {
    const differs =
      listed.region !== r.region || (r.province !== '' && listed.province !== r.province) || (r.district !== '' && listed.district !== r.district);
    if (differs) reasons.push(`the stations list puts it in ${[listed.region, listed.province, listed.district].filter(Boolean).join(' / ')}`);
    if (r.votes > listed.registered) reasons.push(`${r.votes} votes exceed its ${listed.registered} registered voters`);
  }
  if (current !== null && r.votes < current.votes) reasons.push(`its total ${r.votes} falls below the ${current.votes} of the report it would replace`);
  return reasons;
}

/**
 * Settles one contest's reports of one station: in upload order, each report that passes the checks against the one
 * counted before it (or that an admin published) becomes the counted one, the earlier counted one is replaced;
 * a report that fails is held with its reasons. Rejected and retracted reports take no part.
 */
export function settleStation(reports: readonly StationReportFacts[], facts: StationFacts): Settled {
  const ordered = [...reports].sort((a, b) => a.uploadSeq - b.uploadSeq || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const next = new Map<string, { state: ReportState; reason: string | null }>();
  let current: StationReportFacts | null = null;
  let before: string | null = null;
  for (const r of ordered) {
    if (r.state === 'counted') before = r.id;
    if (r.retracting) {
      next.set(r.id, { state: 'retracted', reason: null });
      continue;
    }
    if (r.state === 'rejected' || r.state === 'retracted') continue;
    const reasons = r.published ? [] : checkReport(r, facts, current);
    if (reasons.length === 0) {
      if (current !== null) next.set(current.id, { state: 'replaced', reason: null });
      next.set(r.id, { state: 'counted', reason: null });
      current = r;
    } else {
      next.set(r.id, { state: 'held', reason: reasons.join('; ') });
    }
  }
  const changes = new Map<string, { state: ReportState; reason: string | null }>();
  const byId = new Map(reports.map((r) => [r.id, r]));
  for (const [id, s] of next) {
    const r = byId.get(id)!;
    if (r.state !== s.state || r.reason !== s.reason) changes.set(id, s);
  }
  return { changes, before, after: current?.id ?? null };
}
