// The single contract for every Socket.IO event and every Redis message between workers and web nodes.
// Imported by server.ts, workers/ and the browser: renaming an event breaks the build, not production.
import type { VoteStatus } from './ingest/types';
import type { ResultsStatusValue } from './results/resultsStatusValues';

/** A region-level tally cell: [region, candidate, status, votes]. Blank and null votes use candidate "". */
export type TallyCell = [region: string, candidate: string, status: VoteStatus, votes: number];

/** A district-level tally cell: [region, province, district, candidate, status, votes] ("" candidate for blank/null). */
export type AreaCell = [region: string, province: string, district: string, candidate: string, status: VoteStatus, votes: number];

/** A region-level cell of one contest, as workers publish it and the ledger stores it: [contest, ...TallyCell]. */
export type ContestCell = [contest: string, region: string, candidate: string, status: VoteStatus, votes: number];

/** A district-level cell of one contest: [contest, ...AreaCell]. */
export type ContestAreaCell = [contest: string, region: string, province: string, district: string, candidate: string, status: VoteStatus, votes: number];

/** Everything under one region (its provinces and districts) of one contest at one version: what a drill-down view starts from. */
export interface AreaSnapshot {
  contest: string;
  region: string;
  version: number;
  updatedAt: string | null;
  cells: AreaCell[];
}

/**
 * Changes under one region from the relay's previous push to `to`. `after` is the last version before this one at
 * which anything under the region changed: a client whose version is below `after` missed a push and re-asks.
 */
export interface AreaDelta {
  contest: string;
  region: string;
  after: number;
  to: number;
  updatedAt: string;
  cells: AreaCell[];
}

/** The full region-level state of one contest at one version (versions count every contest's changes). */
export interface TallySnapshot {
  contest: string;
  version: number;
  /** ISO time of the last change, or null before the first one. */
  updatedAt: string | null;
  cells: TallyCell[];
}

/** Changes that take a state at version `from` to version `to` (several commits may be coalesced into one). */
export interface TallyDelta {
  contest: string;
  from: number;
  to: number;
  updatedAt: string;
  /** Vote changes per cell (negative after a retraction); each key appears at most once. */
  cells: TallyCell[];
}

export type UploadStatus = 'queued' | 'processing' | 'done' | 'failed' | 'retracting' | 'retracted';

export interface UploadProgress {
  uploadId: string;
  status: UploadStatus;
  rowsTotal: number;
  rowsAccepted: number;
  rowsRejected: number;
  chunksDone: number;
  /** null while the file is still being parsed. */
  chunksTotal: number | null;
  error?: string;
}

export interface ServerToClientEvents {
  'tally:snapshot': (snapshot: TallySnapshot) => void;
  'tally:delta': (delta: TallyDelta) => void;
  /** An admin reset the counts: the state from here on (zero at the reset's version, or later). Replaces the old. */
  'tally:reset': (snapshot: TallySnapshot) => void;
  'upload:progress': (progress: UploadProgress) => void;
  /** Every viewer: uploads whose status changed in the last second, with their counts (the dashboard's feed). */
  'uploads:feed': (progress: UploadProgress[]) => void;
  /** The state under the region a client views (answer to `view:area`, and after a reset). */
  'area:snapshot': (snapshot: AreaSnapshot) => void;
  'area:delta': (delta: AreaDelta) => void;
  /** Stations reporting in the watched contest: on connect (when stations exist) and whenever they change. */
  'stations:reporting': (figures: StationsReporting) => void;
  /** The contests there are: on connect and when one is added or changed. */
  'contests:list': (contests: ContestInfo[]) => void;
  /** What the published numbers are (an admin sets it); sent on connect and on every change. */
  'results:status': (status: { status: ResultsStatusValue }) => void;
}

export interface ClientToServerEvents {
  /** Ask for a fresh snapshot (sent when a delta does not follow the client's version). */
  'tally:resync': () => void;
  /**
   * What the client looks at: a region (drill-down: area:snapshot, then area:delta for that region only) or null
   * for the national view (tally:snapshot, then tally:delta). Sent again to resync a drill-down view.
   */
  'view:area': (view: { region: string | null; contest?: string }) => void;
}

/** Redis pub/sub channels (workers → every web node); use channelName() to add the deployment's prefix. */
export const CHANNEL = {
  /** payload: CommittedDelta as JSON */
  tallyDelta: 'tally:delta',
  /** payload: UploadProgress as JSON */
  uploadProgress: 'upload:progress',
  /** payload: CommittedDelta of the reset's version (every cell back to zero) as JSON */
  tallyReset: 'tally:reset',
  /** payload: {status} as JSON */
  resultsStatus: 'results:status',
  /** payload: {} — a contest was added or changed */
  contests: 'contests:changed',
} as const;

/** Channels carry QUEUE_PREFIX so deployments (or test runs) sharing one Redis never hear each other. */
export function channelName(prefix: string, channel: (typeof CHANNEL)[keyof typeof CHANNEL]): string {
  return `${prefix}:${channel}`;
}

/** What a worker publishes after one commit: exactly one version step. */
export interface CommittedDelta {
  version: number;
  at: string;
  cells: ContestCell[];
  /** District-level change; absent on a reset (web nodes reload instead). */
  detail?: ContestAreaCell[];
  /** Station reports changed in this version (web nodes re-read the stations-reporting figures). */
  stations?: boolean;
}

/** A contest as the browser lists it. */
export interface ContestInfo {
  name: string;
  seats: number;
  /** Regions where it is held; null = everywhere. */
  scope: string[] | null;
}

/** Stations reporting in one area of one contest. Turnout = votes / registered of the stations that reported. */
export interface ReportingFigures {
  /** Stations on the admin's list in this area (and in the contest's scope). */
  stations: number;
  /** Of those (or any station, when there is no list), how many have a counted report in this contest. */
  reporting: number;
  /** Registered voters of the reporting stations. */
  registered: number;
  /** Votes (valid + blank + null) counted at the reporting stations. */
  votes: number;
}

/** Stations reporting for one contest: nationally and per region. */
export interface StationsReporting {
  contest: string;
  version: number;
  total: ReportingFigures;
  regions: Record<string, ReportingFigures>;
}
