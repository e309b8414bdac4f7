import type { Chunk } from '../chunk';
import { copyText } from '../pgCopy';
import { TallySums, type TallyEntry } from './aggregateChunk';

export interface RowRejection {
  row: number;
  reason: string;
}

/**
 * A chunk in the form its counting transaction uses, computed where it is parsed (a web node's parse thread), so a
 * worker does no per-row work in JavaScript: it sends `copy` and the voter-id arrays to Postgres as they are and
 * adjusts `sums` only for the few rows that lose their voter id.
 */
export interface PreparedChunk {
  /** Rows in the chunk, duplicates within it included. */
  rows: number;
  /** The rows that may count (all but `duplicates`) as vote_record lines in COPY text format (as staged: bytes). */
  copy: string | Buffer;
  /** Their distinct voter ids and each one's row number, as Postgres array literals (text[] and int[]). */
  voterIds: string;
  voterRows: string;
  /** Later rows of this chunk with a voter id an earlier row of it has, sorted by row. */
  duplicates: RowRejection[];
  /** Votes of the rows in `copy` per full tally key, station rows left out (countStations counts those). */
  sums: TallyEntry[];
  /** Rows of station tallies among them. Absent in chunks staged before contests and stations (their copy text has
   * no contest and station columns). */
  stationRows?: number;
}

/** vote_record's columns in `copy`. */
export const PREPARED_COPY_COLUMNS = 'upload_id, row_number, region, province, district, candidate, status, votes, voter_id, extra, contest, station';

/** The columns of chunks staged before contests and stations. */
export const LEGACY_COPY_COLUMNS = 'upload_id, row_number, region, province, district, candidate, status, votes, voter_id, extra';

/** Pure: what parsing hands to staging. Within a chunk the earliest row (by row number) keeps a voter id. */
export function prepareChunk(chunk: Chunk, uploadId: string): PreparedChunk {
  const n = chunk.row.length;
  const firstById = new Map<string, number>();
  const dropped = new Uint8Array(n);
  const duplicates: RowRejection[] = [];
  for (let i = 0; i < n; i++) {
    const id = chunk.voterId[i];
    if (id === null) continue;
    const prev = firstById.get(id);
    if (prev === undefined) {
      firstById.set(id, i);
      continue;
    }
    const [keep, drop] = chunk.row[i] < chunk.row[prev] ? [i, prev] : [prev, i];
    firstById.set(id, keep);
    dropped[drop] = 1;
    duplicates.push({ row: chunk.row[drop], reason: `duplicate voter id ${id}: row ${chunk.row[keep]} of this file counts` });
  }
  duplicates.sort((a, b) => a.row - b.row);

  const sums = new TallySums();
  let copy = '';
  let voterIds = '';
  let voterRows = '';
  let stationRows = 0;
  // Rows come grouped by place (a file is a province, its rows district by district): the escaped place text is
  // made once per run of rows from the same district.
  let lastRegion: string | undefined;
  let lastProvince: string | undefined;
  let lastDistrict: string | undefined;
  let placeText = '';
  for (let i = 0; i < n; i++) {
    if (dropped[i] === 1) continue;
    const row = chunk.row[i];
    const region = chunk.region[i];
    const province = chunk.province[i];
    const district = chunk.district[i];
    const candidate = chunk.candidate[i];
    const status = chunk.status[i];
    const votes = chunk.votes[i];
    const id = chunk.voterId[i];
    const extra = chunk.extra[i];
    // A chunk built without these columns (older code, tools) is of the default contest, without stations.
    const contest = chunk.contest[i] ?? '';
    const station = chunk.station[i] ?? '';
    if (region !== lastRegion || province !== lastProvince || district !== lastDistrict) {
      lastRegion = region;
      lastProvince = province;
      lastDistrict = district;
      placeText = `\t${copyText(region)}\t${copyText(province)}\t${copyText(district)}\t`;
    }
    copy += `${uploadId}\t${row}${placeText}${copyText(candidate)}\t${status}\t${votes}\t${id === null ? '\\N' : copyText(id)}\t${extra === null ? '\\N' : copyText(extra)}\t${copyText(contest)}\t${copyText(station)}\n`;
    // A station's rows count only once its report passes the checks (lib/tally/countStations.ts).
    if (station === '') sums.add(contest, region, province, district, candidate, status, votes);
    else stationRows++;
    if (id !== null) {
      const sep = voterIds === '' ? '' : ',';
      voterIds += sep + arrayElement(id);
      voterRows += sep + row;
    }
  }
  return { rows: n, copy, voterIds: `{${voterIds}}`, voterRows: `{${voterRows}}`, duplicates, sums: sums.entries(), stationRows };
}

/** An element of a Postgres array literal: bare when plainly safe (digits, uuids), else quoted (so "NULL", "" and
 * spaces stay text) with \ and " escaped. Bare ids also keep the staged JSON free of escapes. */
function arrayElement(value: string): string {
  if (/^[A-Za-z0-9_.:-]+$/.test(value) && !/^null$/i.test(value)) return value;
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}
