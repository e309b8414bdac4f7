// Are the final tallies exact? GET /api/results and the live socket's state against the generator's truth for the
// order the server accepted the files in (upload.seq: voter-id duplicates and station corrections make the truth
// order-dependent), per contest with stations reporting and held reports for a corpus of polling stations, and the
// tally table against the stored raw rows (verifyTallies).
import type pg from 'pg';
import { computeTruth, type Truth, type TruthCell } from '../../lib/generate';
import type { Results } from '../../lib/results/summarizeCells';
import { summarizeCells } from '../../lib/results/summarizeCells';
import { cellsOf, type TallyState } from '../../lib/tally/tallyState';
import { verifyTallies } from '../../lib/tally/verifyTallies';
import type { PreparedCorpus } from './corpora';

export interface TruthCheck {
  ok: boolean;
  /** /api/results equals the truth. */
  resultsOk: boolean;
  /** The socket's final state equals the truth. */
  socketOk: boolean;
  /** verifyTallies: tallies equal the raw rows. */
  verifyOk: boolean;
  /** Rows accepted/rejected as the truth says (duplicates rejected). */
  countsOk: boolean;
  problems: string[];
  truth: Pick<Truth, 'rows' | 'votesCounted' | 'duplicatesRejected' | 'totals'>;
}

export async function checkTruth(
  db: pg.Pool,
  corpus: PreparedCorpus,
  baseUrl: string,
  socketState: TallyState,
  counts: { rowsAccepted: number; rowsRejected: number },
): Promise<TruthCheck> {
  const { rows } = await db.query<{ filename: string }>('SELECT filename FROM upload ORDER BY seq');
  const files = rows.map((r) => {
    const f = corpus.files.get(r.filename);
    if (!f) throw new Error(`the server has an upload named ${r.filename} that the corpus does not`);
    return f;
  });
  const truth = computeTruth(files);
  const problems: string[] = [];

  // Each contest's results against its truth (a corpus without contests: the default contest, all of it), and the
  // socket's state against the contest it watched.
  const contests: Record<string, { cells: TruthCell[]; totals: Truth['totals'] }> = truth.contests ?? { '': truth };
  const resultsProblems: string[] = [];
  let socketProblems: string[] = [`socket: watched contest "${corpus.watchedContest}" is not in the truth`];
  for (const [contest, t] of Object.entries(contests)) {
    const res = await fetch(`${baseUrl}/api/results?contest=${encodeURIComponent(contest)}`);
    const results = (await res.json()) as Results & { reporting?: { total: { reporting: number } } };
    const expected = truthVotes(t.cells, t.totals);
    resultsProblems.push(...differences(`results ${contest}`, expected, resultsVotes(results)));
    if (truth.stations) {
      const reported = results.reporting?.total.reporting ?? null;
      if (reported !== truth.stations.reportedPerContest[contest]) {
        resultsProblems.push(`results ${contest}: ${reported} stations reporting, truth ${truth.stations.reportedPerContest[contest]}`);
      }
    }
    if (contest === corpus.watchedContest) {
      socketProblems = differences('socket', expected, resultsVotes(summarizeCells(socketState.version, socketState.updatedAt, cellsOf(socketState))));
      if (socketState.version !== results.version) socketProblems.push(`socket at version ${socketState.version}, results at ${results.version}`);
    }
  }
  if (truth.stations) {
    const [{ held }] = (await db.query<{ held: number }>(`SELECT count(*)::int AS held FROM station_report WHERE state = 'held'`)).rows;
    if (held !== truth.stations.held) resultsProblems.push(`${held} station reports held, truth ${truth.stations.held}`);
  }

  const verify = await verifyTallies(10);
  const verifyProblems = verify.ok ? [] : verify.differences.map((d) => `verify: ${JSON.stringify(d)}`);
  const countsProblems: string[] = [];
  if (counts.rowsAccepted !== truth.rows - truth.duplicatesRejected || counts.rowsRejected !== truth.duplicatesRejected) {
    countsProblems.push(
      `rows accepted/rejected ${counts.rowsAccepted}/${counts.rowsRejected}, truth ${truth.rows - truth.duplicatesRejected}/${truth.duplicatesRejected}`,
    );
  }
  problems.push(...resultsProblems, ...socketProblems, ...verifyProblems, ...countsProblems);
  return {
    ok: problems.length === 0,
    resultsOk: resultsProblems.length === 0,
    socketOk: socketProblems.length === 0,
    verifyOk: verifyProblems.length === 0,
    countsOk: countsProblems.length === 0,
    problems: problems.slice(0, 20),
    truth: { rows: truth.rows, votesCounted: truth.votesCounted, duplicatesRejected: truth.duplicatesRejected, totals: truth.totals },
  };
}

/** "region / candidate" → valid votes, "region / (blank|null)" → votes, "(total) / status" → votes. */
type Votes = Map<string, number>;

function truthVotes(cells: TruthCell[], totals: Truth['totals']): Votes {
  const m: Votes = new Map();
  for (const [region, candidate, status, votes] of cells) {
    add(m, status === 'valid' ? `${region} / ${candidate}` : `${region} / (${status})`, votes);
  }
  for (const [status, votes] of Object.entries(totals)) add(m, `(total) / ${status}`, votes);
  return m;
}

function resultsVotes(r: Results): Votes {
  const m: Votes = new Map();
  for (const region of r.regions) {
    for (const c of region.candidates) add(m, `${region.region} / ${c.candidate}`, c.votes);
    add(m, `${region.region} / (blank)`, region.blank);
    add(m, `${region.region} / (null)`, region.null);
  }
  add(m, '(total) / valid', r.totals.valid);
  add(m, '(total) / blank', r.totals.blank);
  add(m, '(total) / null', r.totals.null);
  return m;
}

function add(m: Votes, key: string, votes: number): void {
  if (votes !== 0) m.set(key, (m.get(key) ?? 0) + votes);
}

function differences(what: string, expected: Votes, actual: Votes): string[] {
  const out: string[] = [];
  for (const key of new Set([...expected.keys(), ...actual.keys()])) {
    const e = expected.get(key) ?? 0;
    const a = actual.get(key) ?? 0;
    if (e !== a) out.push(`${what}: ${key} is ${a}, truth ${e}`);
  }
  return out;
}
