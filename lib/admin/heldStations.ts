import type { CommittedDelta } from '../events';
import { recordAudit, type AuditActor } from '../audit/auditLog';
import { inTransaction, poolSql } from '../sql';
import { lockStations, settleStations } from '../tally/countStations';

// Station reports held by the checks before publishing (lib/tally/settleStation.ts): listed for admins, and
// published (counted despite the checks) or rejected by an admin's decision, audited, in the transaction that
// settles the station again.

export interface HeldReport {
  id: string;
  contest: string;
  station: string;
  region: string;
  province: string;
  district: string;
  votes: number;
  reason: string;
  uploadId: string;
  filename: string;
  createdAt: string;
}

export async function listHeld(limit = 500): Promise<{ held: HeldReport[]; total: number }> {
  const sql = poolSql();
  const rows = await sql.query<HeldReport>(
    `SELECT r.id::text, r.contest, r.station, r.region, r.province, r.district, r.votes::float8 AS votes, coalesce(r.reason, '') AS reason,
            r.upload_id::text AS "uploadId", u.filename, to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt"
     FROM station_report r JOIN upload u ON u.id = r.upload_id
     WHERE r.state = 'held' ORDER BY r.created_at, r.id LIMIT $1`,
    [limit],
  );
  const [{ total }] = await sql.query<{ total: number }>(`SELECT count(*)::float8 AS total FROM station_report WHERE state = 'held'`);
  return { held: rows, total };
}

export type Decision = 'publish' | 'reject';

export type DecideResult =
  | { ok: true; delta: CommittedDelta | null; state: string }
  | { ok: false; code: 'not_found' | 'not_held'; message: string };

/**
 * An admin's decision on a held report. Publish: it counts despite the checks when it is the station's latest
 * (a later report that passes still replaces it). Reject: it never counts.
 */
export async function decideHeld(id: string, decision: Decision, actor: AuditActor): Promise<DecideResult> {
  if (!/^\d{1,18}$/.test(id)) return { ok: false, code: 'not_found', message: 'no such station report' };
  return inTransaction(async (sql): Promise<DecideResult> => {
    await lockStations(sql);
    const [r] = await sql.query<{ contest: string; station: string; state: string; votes: number; reason: string | null; upload_id: string }>(
      'SELECT contest, station, state, votes::float8 AS votes, reason, upload_id::text FROM station_report WHERE id = $1',
      [id],
    );
    if (!r) return { ok: false, code: 'not_found', message: 'no such station report' };
    if (r.state !== 'held') return { ok: false, code: 'not_held', message: `this report is ${r.state}, not held` };
    await sql.query(
      `UPDATE station_report SET decided_at = now(), decided_by = $2,
         published = ($3 = 'publish'), state = CASE WHEN $3 = 'reject' THEN 'rejected' ELSE state END
       WHERE id = $1`,
      [id, actor.email, decision],
    );
    const settled = await settleStations(sql, [{ contest: r.contest, station: r.station }], decision, r.upload_id);
    const [after] = await sql.query<{ state: string }>('SELECT state FROM station_report WHERE id = $1', [id]);
    await recordAudit(sql, {
      actor,
      action: decision === 'publish' ? 'station.publish' : 'station.reject',
      subject: `${r.contest || '(default)'} / ${r.station}`,
      details: { reportId: id, uploadId: r.upload_id, votes: r.votes, reason: r.reason, state: after.state, version: settled.delta?.version ?? null },
    });
    return { ok: true, delta: settled.delta, state: after.state };
  });
}
