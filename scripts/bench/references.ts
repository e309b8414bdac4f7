// The two references the table compares against, on the Peru corpus's rows:
//  - the floor: a bare COPY of the rows as csv into a plain unindexed table;
//  - the old pipeline's SQL: one transaction per row with 3 SELECTs and 4 writes on tally-like tables, sampled.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, stat } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import pg from 'pg';
import { corpusFiles, type CorpusRow } from '../../lib/generate';
import { corpusSpec } from './corpora';
import { copyFromStdin } from '../../lib/pgCopy';

/** References need enough rows to be timed meaningfully; a quick run's corpus may be smaller than this. */
export const MIN_REFERENCE_ROWS = 200_000;

export interface ReferenceRows {
  scale: number;
  rows: number;
  csvPath: string;
  /** The first rows, for the per-row sample. */
  sample: { region: string; province: string; district: string; candidate: string; valid: boolean; voterId: string }[];
}

/** Writes the Peru rows (at `scale`, or larger until there are MIN_REFERENCE_ROWS) as a csv for COPY; reused. */
export async function prepareReferenceRows(seed: number, scale: number, outDir: string, sampleSize: number): Promise<ReferenceRows> {
  let refScale = scale;
  const rowsAt = (s: number) => corpusFiles(corpusSpec('peru-csv', seed, s)).reduce((n, f) => n + f.rowCount, 0);
  while (rowsAt(refScale) < MIN_REFERENCE_ROWS) refScale = Math.round(refScale * 2 * 1000) / 1000;
  const [file] = corpusFiles(corpusSpec('peru-csv', seed, refScale));
  const dir = path.join(outDir, `reference-seed${seed}-scale${refScale}`);
  const csvPath = path.join(dir, 'copy.csv');
  const sample: ReferenceRows['sample'] = [];
  const have = await stat(csvPath).catch(() => null);
  if (have) {
    for (const row of file.rows()) {
      if (sample.length >= sampleSize) break;
      sample.push(sampleRow(row));
    }
  } else {
    await mkdir(dir, { recursive: true });
    const out = createWriteStream(`${csvPath}.part`);
    let buf = '';
    for (const row of file.rows()) {
      if (sample.length < sampleSize) sample.push(sampleRow(row));
      const [region, province, district, dni, candidate, valid] = row.cells;
      buf += `${csv(region)},${csv(province)},${csv(district)},${csv(candidate)},${valid ? 'valid' : 'null'},${row.votes},${csv(dni)}\n`;
      if (buf.length > 1 << 20) {
        if (!out.write(buf)) await once(out, 'drain');
        buf = '';
      }
    }
    out.end(buf);
    await once(out, 'finish');
    await rename(`${csvPath}.part`, csvPath);
  }
  return { scale: refScale, rows: file.rowCount, csvPath, sample };
}

function sampleRow(row: CorpusRow): ReferenceRows['sample'][number] {
  const [region, province, district, dni, candidate, valid] = row.cells;
  return { region: String(region), province: String(province), district: String(district), candidate: String(candidate), valid: valid === 1, voterId: String(dni) };
}

function csv(v: unknown): string {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export interface CopyReference {
  rows: number;
  seconds: number;
}

/** COPY … FROM STDIN (FORMAT csv) of the reference csv into a fresh plain table with no index, streamed from disk. */
export async function measureCopy(databaseUrl: string, ref: ReferenceRows): Promise<CopyReference> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP TABLE IF EXISTS bench_copy_ref;
      CREATE TABLE bench_copy_ref (region text, province text, district text, candidate text, status text, votes int, voter_id text)`);
    const started = performance.now();
    const rows = await copyFromStdin(
      client,
      'COPY bench_copy_ref (region, province, district, candidate, status, votes, voter_id) FROM STDIN (FORMAT csv)',
      createReadStream(ref.csvPath, { highWaterMark: 256 * 1024 }),
    );
    const seconds = (performance.now() - started) / 1000;
    if (rows !== ref.rows) throw new Error(`COPY reported ${rows} rows, expected ${ref.rows}`);
    await client.query('DROP TABLE bench_copy_ref');
    return { rows, seconds };
  } finally {
    await client.end();
  }
}

export interface PerRowReference {
  sampleRows: number;
  sampleSeconds: number;
  rowsPerSecond: number;
}

/**
 * The old consumer's SQL, one message at a time on one connection: BEGIN; SELECT whether the voter was seen,
 * SELECT the candidate's total, SELECT the region's totals; then INSERT the voter into the seen set and UPDATE (or
 * INSERT when missing) the candidate, region and district totals; COMMIT. A repeated voter id skips the writes.
 */
export async function measurePerRow(databaseUrl: string, ref: ReferenceRows): Promise<PerRowReference> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`
      DROP TABLE IF EXISTS ref_voter, ref_candidate_total, ref_region_total, ref_district_total;
      CREATE TABLE ref_voter (voter_id text PRIMARY KEY);
      CREATE TABLE ref_candidate_total (region text, candidate text, votes bigint NOT NULL, PRIMARY KEY (region, candidate));
      CREATE TABLE ref_region_total (region text PRIMARY KEY, valid bigint NOT NULL, invalid bigint NOT NULL);
      CREATE TABLE ref_district_total (region text, province text, district text, votes bigint NOT NULL,
                                       PRIMARY KEY (region, province, district));`);
    const started = performance.now();
    for (const r of ref.sample) {
      await client.query('BEGIN');
      const seen = await client.query('SELECT 1 FROM ref_voter WHERE voter_id = $1', [r.voterId]);
      const cand = await client.query('SELECT votes FROM ref_candidate_total WHERE region = $1 AND candidate = $2', [r.region, r.candidate]);
      const reg = await client.query('SELECT valid, invalid FROM ref_region_total WHERE region = $1', [r.region]);
      if (seen.rowCount === 0) {
        await client.query('INSERT INTO ref_voter (voter_id) VALUES ($1)', [r.voterId]);
        const add = r.valid ? 1 : 0;
        if (cand.rowCount) {
          await client.query('UPDATE ref_candidate_total SET votes = votes + $3 WHERE region = $1 AND candidate = $2', [r.region, r.candidate, add]);
        } else {
          await client.query('INSERT INTO ref_candidate_total (region, candidate, votes) VALUES ($1, $2, $3)', [r.region, r.candidate, add]);
        }
        if (reg.rowCount) {
          await client.query('UPDATE ref_region_total SET valid = valid + $2, invalid = invalid + $3 WHERE region = $1', [r.region, add, 1 - add]);
        } else {
          await client.query('INSERT INTO ref_region_total (region, valid, invalid) VALUES ($1, $2, $3)', [r.region, add, 1 - add]);
        }
        const d = await client.query(
          'UPDATE ref_district_total SET votes = votes + 1 WHERE region = $1 AND province = $2 AND district = $3',
          [r.region, r.province, r.district],
        );
        if (d.rowCount === 0) {
          await client.query('INSERT INTO ref_district_total (region, province, district, votes) VALUES ($1, $2, $3, 1)', [r.region, r.province, r.district]);
        }
      }
      await client.query('COMMIT');
    }
    const sampleSeconds = (performance.now() - started) / 1000;
    await client.query('DROP TABLE ref_voter, ref_candidate_total, ref_region_total, ref_district_total');
    return { sampleRows: ref.sample.length, sampleSeconds, rowsPerSecond: ref.sample.length / sampleSeconds };
  } finally {
    await client.end();
  }
}
