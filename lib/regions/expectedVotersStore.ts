import { createHash } from 'node:crypto';
import { recordAudit, type AuditActor } from '../audit/auditLog';
import { currentResults } from '../results/currentResults';
import type { Results } from '../results/summarizeCells';
import { computeTurnout, type ExpectedVoters } from '../results/turnout';
import { inTransaction, poolSql } from '../sql';
import { parseExpectedVotersCsv, type RowError } from './expectedVotersCsv';

// The admin's expected-voters list in Postgres (table expected_voters), replaced whole by each upload.

const collator = new Intl.Collator('es');

/** The stored list, by region name (the order results use); empty when none was uploaded. */
export async function getExpectedVoters(): Promise<ExpectedVoters[]> {
  const rows = await poolSql().query<{ region: string; registered: string; expected_votes: string | null }>(
    'SELECT region, registered, expected_votes FROM expected_voters',
  );
  return rows
    .map((r) => ({ region: r.region, registered: Number(r.registered), expectedVotes: r.expected_votes === null ? null : Number(r.expected_votes) }))
    .sort((a, b) => collator.compare(a.region, b.region));
}

/** GET /api/expected-voters's body and its ETag (a digest of the body: the list is small). */
export async function expectedVotersBody(): Promise<{ etag: string; body: string }> {
  const body = JSON.stringify({ regions: await getExpectedVoters() });
  return { etag: `"ev-${createHash('sha256').update(body).digest('hex').slice(0, 32)}"`, body };
}

export interface ExpectedMatch {
  regions: number;
  /** Listed regions with no results yet. */
  expectedWithoutResults: string[];
  /** Result regions the list does not have. */
  resultsWithoutExpected: string[];
}

export type ReplaceExpectedResult =
  | { ok: true; value: { regions: ExpectedVoters[]; match: ExpectedMatch } }
  | { ok: false; status: number; code: string; message: string; errors: RowError[] };

/**
 * Parses the csv and, only if every row is good, replaces the stored list in one transaction (readers see the old
 * list or the new one, never a mix; concurrent uploads take turns), audited. A bad file changes nothing.
 */
export async function replaceExpectedVoters(actor: AuditActor, csv: string, filename: string): Promise<ReplaceExpectedResult> {
  const parsed = parseExpectedVotersCsv(csv);
  if (!parsed.ok) return { ok: false, status: 400, code: 'invalid_csv', message: parsed.message, errors: parsed.errors };
  const list = parsed.regions;
  await inTransaction(async (sql) => {
    // Self-conflicting, so two uploads cannot interleave their delete and insert; plain reads are not blocked.
    await sql.query('LOCK TABLE expected_voters IN SHARE ROW EXCLUSIVE MODE');
    const before = await sql.query<{ n: string; registered: string | null }>('SELECT count(*) AS n, sum(registered) AS registered FROM expected_voters');
    await sql.query('DELETE FROM expected_voters');
    await sql.query(
      `INSERT INTO expected_voters (region, registered, expected_votes, uploaded_at, uploaded_by)
       SELECT region, registered, expected_votes, now(), $4 FROM unnest($1::text[], $2::bigint[], $3::bigint[]) AS t(region, registered, expected_votes)`,
      [list.map((e) => e.region), list.map((e) => e.registered), list.map((e) => e.expectedVotes), actor.email],
    );
    await recordAudit(sql, {
      actor,
      action: 'expected_voters.set',
      subject: filename,
      details: {
        regions: list.length,
        registered: list.reduce((n, e) => n + e.registered, 0),
        before: { regions: Number(before[0]?.n ?? 0), registered: Number(before[0]?.registered ?? 0) },
      },
    });
  });
  const regions = [...list].sort((a, b) => collator.compare(a.region, b.region));
  return { ok: true, value: { regions, match: await matchCurrentResults(regions) } };
}

/** Clears the list (audited); the number of regions removed. */
export async function clearExpectedVoters(actor: AuditActor): Promise<number> {
  return inTransaction(async (sql) => {
    await sql.query('LOCK TABLE expected_voters IN SHARE ROW EXCLUSIVE MODE');
    const gone = await sql.query<{ region: string }>('DELETE FROM expected_voters RETURNING region');
    await recordAudit(sql, { actor, action: 'expected_voters.clear', details: { regions: gone.length } });
    return gone.length;
  });
}

async function matchCurrentResults(list: ExpectedVoters[]): Promise<ExpectedMatch> {
  const results = JSON.parse((await currentResults()).body) as Results;
  const t = computeTurnout(results, list);
  return { regions: results.regions.length, expectedWithoutResults: t.expectedWithoutResults, resultsWithoutExpected: t.resultsWithoutExpected };
}
