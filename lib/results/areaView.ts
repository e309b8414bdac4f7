// What the dashboard shows at each drill-down level, from the cells it holds. Pure: shared by the browser and tests.
import type { AreaCell, TallyCell } from '../events';
import { summarizeCells, type CandidateVotes, type RegionResults, type Results } from './summarizeCells';

export type Level = 'national' | 'region' | 'province' | 'district';

/** Where a viewer is: each part only with the ones before it. */
export interface AreaPath {
  region?: string;
  province?: string;
  district?: string;
}

export function levelOf(path: AreaPath): Level {
  if (path.region === undefined) return 'national';
  if (path.province === undefined) return 'region';
  if (path.district === undefined) return 'province';
  return 'district';
}

/** Parses ?region=&province=&district= (a part without its parents is dropped). */
export function pathFromParams(get: (name: string) => string | null | undefined): AreaPath {
  const clean = (v: string | null | undefined) => (typeof v === 'string' && v.length > 0 && v.length <= 200 ? v : undefined);
  const region = clean(get('region'));
  const province = region === undefined ? undefined : clean(get('province'));
  const district = province === undefined ? undefined : clean(get('district'));
  return { region, province, district };
}

export function pathToQuery(path: AreaPath, contest = ''): string {
  const q = new URLSearchParams();
  // The contest first (absent for the default one ""), then the area: the dashboard's URL of a view.
  if (contest !== '') q.set('contest', contest);
  if (path.region !== undefined) q.set('region', path.region);
  if (path.province !== undefined) q.set('province', path.province);
  if (path.district !== undefined) q.set('district', path.district);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The path one level down into `child`. */
export function pathInto(path: AreaPath, child: string): AreaPath {
  const level = levelOf(path);
  if (level === 'national') return { region: child };
  if (level === 'region') return { region: path.region, province: child };
  if (level === 'province') return { ...path, district: child };
  return path;
}

/**
 * Results of the area at `path`: totals of that area, and its child areas in `regions` (regions nationally,
 * provinces of a region, districts of a province, the district itself at the bottom). District-level cells come
 * from the region's area state; the national view uses region-level cells.
 */
export function resultsAt(path: AreaPath, version: number, updatedAt: string | null, cells: { national?: TallyCell[]; area?: AreaCell[] }): Results {
  const level = levelOf(path);
  if (level === 'national') return summarizeCells(version, updatedAt, cells.national ?? []);
  const mapped: TallyCell[] = [];
  for (const [region, province, district, candidate, status, votes] of cells.area ?? []) {
    if (region !== path.region) continue;
    if (level === 'region') mapped.push([province, candidate, status, votes]);
    else if (province === path.province && (level === 'province' || district === path.district)) {
      mapped.push([district, candidate, status, votes]);
    }
  }
  return summarizeCells(version, updatedAt, mapped);
}

/**
 * Nationally: one race across every region (a presidential race: the leading candidates stand nearly everywhere)
 * or a race per region (each region its own candidates, as in Peru's regional elections). Decided from the data:
 * the two candidates with the most votes overall must each appear in at least 60% of the regions. (Names repeat
 * across regional races by chance, so "appears in more than one region" is not enough.) Below the national level
 * a view is always one race: the region's own, or the national race within it.
 */
export function isSingleRace(areas: RegionResults[]): boolean {
  const withVotes = areas.filter((a) => a.candidates.length > 0);
  if (withVotes.length <= 1) return true;
  const total = new Map<string, number>();
  const presence = new Map<string, number>();
  for (const a of withVotes) {
    for (const c of a.candidates) {
      total.set(c.candidate, (total.get(c.candidate) ?? 0) + c.votes);
      presence.set(c.candidate, (presence.get(c.candidate) ?? 0) + 1);
    }
  }
  const top = [...total].sort((x, y) => y[1] - x[1]).slice(0, 2);
  return top.every(([name]) => presence.get(name)! >= 0.6 * withVotes.length);
}

export interface Lead {
  leader: CandidateVotes;
  runnerUp: CandidateVotes | null;
  /** Votes between first and second (the leader's votes when alone). */
  margin: number;
  /** Shares of valid votes, 0..1. */
  leaderShare: number;
  marginShare: number;
  tie: boolean;
}

/** Leader and margin from candidates sorted by votes (as summarizeCells sorts them); null without valid votes. */
export function leadOf(candidates: CandidateVotes[], valid: number): Lead | null {
  const [leader, runnerUp] = candidates;
  if (!leader || leader.votes <= 0 || valid <= 0) return null;
  const margin = leader.votes - (runnerUp?.votes ?? 0);
  return {
    leader,
    runnerUp: runnerUp ?? null,
    margin,
    leaderShare: leader.votes / valid,
    marginShare: margin / valid,
    tie: margin === 0,
  };
}
